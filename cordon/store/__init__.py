"""The statement store: the only module that touches tables.

Writes come in as whole units of work (a list load is one transaction). Every read takes a
`Principal` and is filtered by `cordon.policy.may_read`: pushed into SQL as the set of markings the
principal may read, then re-checked row by row before anything is returned.
"""

from cordon.store.store import Store, UnmarkedError

__all__ = ["Store", "UnmarkedError"]
