"""The cluster index's PostgreSQL fold (migration 0007), as migrations 0007 and 0008 import it.

The SQL lives with the PostgreSQL backend (storage.backends.postgis_sql); these names stay until the
migrations hold the SQL they ran.
"""

from __future__ import annotations

from .backends.postgis_sql import FOLD_GUARD as PG_FOLD_GUARD
from .backends.postgis_sql import delta_values
from .backends.postgis_sql import fold_statements as pg_fold_statements

__all__ = ["PG_FOLD_GUARD", "delta_values", "pg_fold_statements"]
