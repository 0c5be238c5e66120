"""cordon: sanctions-enforcement intelligence shared between partner agencies."""

__version__ = "0.1.0"
