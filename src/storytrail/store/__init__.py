"""The store: the only code that speaks SQL. Schema and migrations, the mapping between the data
model and table rows, and every read and write the stages and front ends need."""

from storytrail.store.database import DEFAULT_DB, Store

__all__ = ["DEFAULT_DB", "Store"]
