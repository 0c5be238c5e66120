"""What `cordon screen --engine spark` and `cordon dedupe --engine spark` check before a job:
an output folder, pyspark, Java and a free output place, each refused in one sentence."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from cordon.cli.common import errors


def start_spark(
    master: str, app_name: str, conf_pairs: list[str], input: str, out: str | None, force: bool
) -> Any:
    """A Spark session for a job writing part files to `out`, or a clean exit saying why not."""
    from cordon.screening import spark as spark_job
    from cordon.screening.spark_session import (
        SparkUnavailable,
        parse_conf,
        require_java,
        require_pyspark,
        session,
    )

    if out is None:
        errors.print("[red]error:[/] --engine spark writes part files: give --out FOLDER or URI")
        raise typer.Exit(2)
    try:
        conf = parse_conf(conf_pairs)
        require_pyspark()
        require_java()
        spark_job.check_out(out, input, overwrite=force)
    except (SparkUnavailable, ValueError) as exc:
        errors.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    return session(master, app_name, conf)
