"""Database engines behind the JDBC source, chosen from the URL's scheme.

``engine=native`` (default) uses psycopg2 for PostgreSQL and the stdlib
sqlite3 for SQLite, with the catalog-based type mapping of README.md.  The
optional ``connectorx`` / ``adbc`` engines hand back pyarrow data directly and
are only used when asked for (their type mappings differ from the native one).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Optional, Sequence, Tuple

from ..batches import schema_of
from ..options import JDBCOptions
from ..url import ParsedUrl
from . import adbc, connectorx, postgres, sqlite

_NATIVE = {"postgresql": postgres, "sqlite": sqlite}
_ARROW = {"connectorx": connectorx, "adbc": adbc}

# names of all the source's columns -> (sql, params, names of the selected columns)
BuildSql = Callable[[Sequence[str]], Tuple[str, list, list]]


class NativeEngine:
    """Rows from a DB-API driver, converted to batches with catalog-derived columns."""

    pushes_filters = True

    def __init__(self, url: ParsedUrl, options: Optional[JDBCOptions] = None) -> None:
        self.url = url
        self.backend = _NATIVE[url.dialect]
        self.dialect = self.backend.DIALECT
        self.read_mode = options.postgres_read if options is not None else "auto"

    def schema(self, source: str) -> Any:
        with self.backend.connect(self.url) as conn:
            return schema_of(self.backend.describe(conn, source))

    def batches(self, source: str, build_sql: BuildSql, fetchsize: int) -> Iterator[Any]:
        """Yield batches of ``build_sql(names_of_all_columns) -> (sql, params, selected_names)``."""
        with self.backend.connect(self.url) as conn:
            described = self.backend.describe(conn, source)
            schema_of(described)  # rejects duplicate column names before they collapse below
            columns = {c.name: c for c in described}
            sql, params, names = build_sql(list(columns))
            selected = [columns[n] for n in names]
            schema = schema_of(selected)
            yield from self.backend.read_batches(conn, sql, params, selected, schema, fetchsize, self.read_mode)


class ArrowEngine:
    """connectorx / ADBC: the driver already returns pyarrow batches."""

    def __init__(self, url: ParsedUrl, name: str) -> None:
        self.url = url
        self.module = _ARROW[name]
        self.dialect = self.module.DIALECTS[url.dialect]
        self.pushes_filters = self.module.PUSHES_FILTERS

    def schema(self, source: str) -> Any:
        return self.module.schema(self.url, f"SELECT * FROM {source} LIMIT 0")

    def batches(self, source: str, build_sql: BuildSql, fetchsize: int) -> Iterator[Any]:
        sql, params, _ = build_sql(self.schema(source).names)
        yield from self.module.read(self.url, sql, params, fetchsize)


Engine = Any  # NativeEngine | ArrowEngine


def engine_for(options: JDBCOptions) -> Engine:
    if options.engine == "native":
        return NativeEngine(options.url, options)
    return ArrowEngine(options.url, options.engine)
