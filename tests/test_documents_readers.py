"""Reading files: formats from content, metadata, and bad input refused with a clear reason."""

from __future__ import annotations

import pytest

from cordon.documents import readers
from cordon.documents.errors import DocumentError
from cordon.documents.service import check_size
from tests import docfiles


def test_plain_text_title_date_and_source():
    data = (
        b"US seeks Malaysia's help on North Korea\nSource: Example Wire\n"
        b"August 8, 2017\n\nThe United States has asked Malaysia for help with front companies."
    )
    doc = readers.read("note.txt", data)
    assert doc.format == "txt"
    assert doc.title == "US seeks Malaysia's help on North Korea"
    assert doc.source == "Example Wire"
    assert doc.published == "2017-08-08"


def test_date_from_the_file_name():
    doc = readers.read("2017-03-02-spy-nest.txt", b"A long enough text about a front company.")
    assert doc.published == "2017-03-02"


def test_html_keeps_main_text_and_never_scripts():
    doc = readers.read("page.txt", docfiles.SCRIPTED_HTML.encode())  # named .txt: read as HTML
    assert doc.format == "html"
    assert "Korea Ryonbong General Corporation is allegedly owned" in doc.text
    assert "ZQXSCRIPTTEXT" not in doc.text and "alert" not in doc.text
    assert doc.title == "Front companies exposed"


def test_html_of_only_scripts_is_refused():
    with pytest.raises(DocumentError, match="no readable text in this HTML"):
        readers.read("scripts.html", docfiles.ONLY_SCRIPTS_HTML.encode())


def test_pdf_text_layer_and_metadata():
    data = docfiles.text_pdf(
        ["Glocom is a front company for the", "Reconnaissance General Bureau."]
    )
    doc = readers.read("report.pdf", data)
    assert doc.format == "pdf"
    assert "Glocom is a front company" in doc.text
    assert doc.title == "Panel report" and doc.published == "2024-03-01"


def test_pdf_without_text_layer_says_so():
    with pytest.raises(DocumentError, match="no text layer") as caught:
        readers.read("scan.pdf", docfiles.blank_pdf(pages=3))
    assert "scan.pdf" in str(caught.value) and "3 page" in str(caught.value)
    assert "OCR" in str(caught.value)


def test_docx_paragraphs_and_title():
    doc = readers.read("note.docx", docfiles.docx_bytes(["First paragraph.", "Second one here."]))
    assert doc.format == "docx"
    assert doc.text == "First paragraph.\n\nSecond one here.\n"
    assert doc.title == "Case note"


def test_binary_named_txt_is_refused():
    with pytest.raises(DocumentError, match="binary data, not text") as caught:
        readers.read("data.txt", docfiles.BINARY)
    assert str(caught.value).startswith("data.txt:")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"   \n  ", "no readable text"), (b"PK\x03\x04junk", "zip")],
)
def test_other_bad_input(data: bytes, reason: str):
    with pytest.raises(DocumentError, match=reason):
        readers.read("bad.txt", data)


def test_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CORDON_MAX_DOCUMENT_BYTES", "1000")
    check_size("small.txt", 1000)
    with pytest.raises(DocumentError, match=r"1,001 bytes is over the limit of 1,000"):
        check_size("big.txt", 1001)


def test_windows_1252_and_utf16_text():
    assert "café" in readers.read("a.txt", "Le café de la gare, a long text.".encode("cp1252")).text
    assert "Ri Wŏn-ho" in readers.read("b.txt", "Ri Wŏn-ho met them there.".encode("utf-16")).text


def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch):
    from pathlib import Path

    from cordon.documents import service

    monkeypatch.delenv("CORDON_MAX_DOCUMENT_BYTES", raising=False)
    big = tmp_path / "report.txt"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk

    def never(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(DocumentError, match=r"209,715,200 bytes is over the limit of 52,428,800"):
        service.read_path(big)  # cordon extract
    done, refused = service.ingest_paths(None, None, None, [tmp_path], None)  # type: ignore[arg-type]
    assert done == [] and [e.name for e in refused] == [str(big)]
    assert "CORDON_MAX_DOCUMENT_BYTES" in str(refused[0])
