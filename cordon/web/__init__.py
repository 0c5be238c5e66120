"""Web interface: REST API under /api/v1/ and the UI."""
