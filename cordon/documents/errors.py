"""What the document pipeline refuses, with the file and the reason in the message."""

from __future__ import annotations


class DocumentError(ValueError):
    """A file cordon cannot read as a document (binary, no text layer, too large...).

    The message names the file and says what was wrong, so a batch ingest can report it and
    move on; nothing of a refused file is stored.
    """

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
