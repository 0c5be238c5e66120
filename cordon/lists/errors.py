"""The one error type a list load raises: it names the file and, where known, the line or record."""

from __future__ import annotations

from pathlib import Path


class LoadError(Exception):
    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        record: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.record = record
        self.message = message
        where = self.path
        if line is not None:
            where += f", line {line}"
        if record is not None:
            where += f", record {record}"
        super().__init__(f"{where}: {message}")
