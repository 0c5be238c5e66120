"""`cordon lists fetch`: download the official files from their publishers.

Everything is downloaded into a fresh folder first; only when every download succeeded is the
folder loaded, so an offline or half-failed fetch changes nothing. On closed networks, set
CORDON_LISTS_MIRROR to an internal mirror laid out as ``<mirror>/<source>/<file name>``.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import httpx
from rich.console import Console
from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

from cordon import config

OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"

# source -> (file name, official URL)
SOURCES: dict[str, list[tuple[str, str]]] = {
    "un": [("consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml")],
    "ofac_sdn": [
        ("sdn.csv", f"{OFAC}/SDN.CSV"),
        ("add.csv", f"{OFAC}/ADD.CSV"),
        ("alt.csv", f"{OFAC}/ALT.CSV"),
        ("sdn_comments.csv", f"{OFAC}/SDN_COMMENTS.CSV"),
    ],
    "ofac_cons": [
        ("cons_prim.csv", f"{OFAC}/CONS_PRIM.CSV"),
        ("cons_add.csv", f"{OFAC}/CONS_ADD.CSV"),
        ("cons_alt.csv", f"{OFAC}/CONS_ALT.CSV"),
        ("cons_comments.csv", f"{OFAC}/CONS_COMMENTS.CSV"),
    ],
    "uk_ofsi": [
        (
            "ConList.xlsx",
            "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx",
        )
    ],
    "uk_fcdo": [
        ("UK-Sanctions-List.ods", "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.ods")
    ],
    "eu_fsf": [
        (
            "eu_fsf.xml",
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
            "?token=dG9rZW4tMjAxNw",
        )
    ],
}


class FetchError(Exception):
    pass


def source_url(source: str, name: str, url: str) -> str:
    mirror = os.environ.get("CORDON_LISTS_MIRROR")
    return f"{mirror.rstrip('/')}/{source}/{name}" if mirror else url


def fetch(sources: list[str], console: Console | None = None, timeout: float = 60.0) -> Path:
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise FetchError(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(SOURCES)}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = config.home() / "downloads" / stamp
    partial = folder.with_name(stamp + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    try:
        download_all(sources, partial, console, timeout)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(folder)
    return folder


def download_all(
    sources: list[str], partial: Path, console: Console | None, timeout: float
) -> None:
    with (
        httpx.Client(timeout=timeout, follow_redirects=True) as client,
        Progress(
            *Progress.get_default_columns(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=console,
            transient=True,
        ) as progress,
    ):
        for source in sources:
            for name, official in SOURCES[source]:
                url = source_url(source, name, official)
                target = partial / source / name
                target.parent.mkdir(exist_ok=True)
                download(client, url, target, progress)


def download(client: httpx.Client, url: str, target: Path, progress: Progress) -> None:
    host = urlparse(url).netloc
    task = progress.add_task(f"{target.parent.name}/{target.name}", total=None)
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise FetchError(f"{url}: the publisher answered HTTP {response.status_code}")
            length = response.headers.get("content-length")
            progress.update(task, total=int(length) if length else None)
            with open(target, "wb") as fh:
                for chunk in response.iter_bytes(1 << 16):
                    fh.write(chunk)
                    progress.update(task, advance=len(chunk))
    except httpx.HTTPError as exc:
        raise FetchError(
            f"cannot download {url}: cannot reach {host} ({type(exc).__name__}: {exc}). "
            "Is this machine offline? On a closed network, point CORDON_LISTS_MIRROR at an "
            "internal mirror, or copy the files over and use `cordon lists load FOLDER`."
        ) from None
