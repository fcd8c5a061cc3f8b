"""Kept only for ``units/migrations/0001_initial.py``, which creates the collation with these two steps.

The collation itself lives in :mod:`common.collation`; new code imports it from there.
"""

from common.collation import create_postgresql_collation, drop_postgresql_collation

__all__ = ["create_postgresql_collation", "drop_postgresql_collation"]
