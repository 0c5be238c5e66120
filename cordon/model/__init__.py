"""Core data model: markings, statements, and entities built from statements."""

from cordon.model.markings import CLEAR, Marking, MarkingError, Tlp
from cordon.model.statements import Hedge, Source, Statement

__all__ = ["CLEAR", "Hedge", "Marking", "MarkingError", "Source", "Statement", "Tlp"]
