"""What the graph service refuses: a reference the reader cannot see, or a bad filter."""


class GraphError(ValueError):
    """A query parameter the service cannot take (names the parameter and what it allows)."""


class NotFound(LookupError):
    """No entity by that reference for this reader: hidden and missing answer alike."""
