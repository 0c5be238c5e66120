"""Sharing between partner agencies: principals, contributions, releases (grows in its issue)."""
