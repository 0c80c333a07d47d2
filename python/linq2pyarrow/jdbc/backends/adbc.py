"""Optional engine ``engine=adbc`` (UNTESTED here: the ADBC drivers are not installable in this environment).

Used only when the option asks for it and pyarrow plus the ADBC driver of the
URL's database (adbc_driver_postgresql / adbc_driver_sqlite) are importable.
ADBC streams pyarrow record batches itself (``fetchsize`` does not shape
them) and binds filter values as parameters.  Column types follow the
driver's own mapping, not the native one documented in README.md.
"""
from __future__ import annotations

from typing import Any, Iterator, Sequence

from ..sql import Dialect
from ._arrow_engines import plain_url, require

DIALECTS = {"postgresql": Dialect("postgresql", "numeric"), "sqlite": Dialect("sqlite", "qmark")}
PUSHES_FILTERS = True
_DRIVERS = {"postgresql": "adbc_driver_postgresql.dbapi", "sqlite": "adbc_driver_sqlite.dbapi"}


def _connect(url: Any) -> Any:
    dbapi = require(_DRIVERS[url.dialect], "adbc", f"pip install {_DRIVERS[url.dialect].split('.')[0]}")
    return dbapi.connect(plain_url(url) if url.dialect == "postgresql" else url.database)


def schema(url: Any, sql: str) -> Any:
    with _connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetch_arrow_table().schema


def read(url: Any, sql: str, params: Sequence[Any], fetchsize: int) -> Iterator[Any]:
    with _connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(sql, params or None)
        yield from cursor.fetch_record_batch()
