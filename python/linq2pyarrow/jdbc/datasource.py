"""``JDBCArrowDataSource``: Spark-JDBC-style relational source for Linq2PyArrow.

Options (all str -> str, see README.md): url, dbtable | query, user, password,
partitionColumn + lowerBound + upperBound + numPartitions, fetchsize, engine.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterator, List, Mapping, Optional, Sequence

from ..filters import normalize_filters
from .backends import engine_for
from .errors import JDBCOptionError
from .options import parse_options
from .partitioning import partition_may_match
from .sql import build_select, from_clause

_UNPARTITIONED = {"index": 0}


def _resolve(name: str, names: Sequence[str], what: str) -> str:
    """Exact column name, else a unique case-insensitive match (databases fold case)."""
    if name in names:
        return name
    matches = [n for n in names if n.lower() == str(name).lower()]
    if len(matches) == 1:
        return matches[0]
    raise JDBCOptionError(f"{what} '{name}' is not a column of the source; columns: {', '.join(names)}")


def _projection(names: Sequence[str], columns: Optional[Sequence[str]]) -> List[str]:
    """Selected names in schema order; never empty so row counts survive (see README)."""
    if columns is None:
        return list(names)
    wanted = {_resolve(c, names, "requested column") for c in columns}
    return [n for n in names if n in wanted] or list(names[:1])


class JDBCArrowDataSource:
    """Reads a table or query over PostgreSQL (psycopg2) or SQLite (sqlite3)."""

    def infer_schema(self, options: Mapping[str, str]) -> Any:
        opts = parse_options(options)
        engine = engine_for(opts)
        return engine.schema(from_clause(opts, engine.dialect))

    def plan_partitions(self, options: Mapping[str, str], *, filters: Optional[Sequence[Any]] = None) -> List[dict]:
        opts = parse_options(options)
        if opts.partitioning is None:
            return [dict(_UNPARTITIONED)]
        engine = engine_for(opts)
        names = engine.schema(from_clause(opts, engine.dialect)).names
        partitioning = replace(
            opts.partitioning, column=_resolve(opts.partitioning.column, names, "option 'partitionColumn'")
        )
        groups = normalize_filters(filters)
        # May be empty: then no partition can hold a matching row.
        return [spec for spec in partitioning.partitions() if partition_may_match(spec, groups)]

    def read_partition(
        self,
        partition_spec: Optional[Mapping[str, Any]],
        options: Mapping[str, str],
        *,
        columns: Optional[Sequence[str]] = None,
        filters: Optional[Sequence[Any]] = None,
        limit: Optional[int] = None,
    ) -> Iterator[Any]:
        opts = parse_options(options)
        engine = engine_for(opts)
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
            raise JDBCOptionError(f"limit must be a non-negative integer, got {limit!r}")
        groups = normalize_filters(filters) if engine.pushes_filters else []
        source = from_clause(opts, engine.dialect)
        spec = partition_spec or _UNPARTITIONED

        def build_sql(names: Sequence[str], targets: Optional[Mapping[str, Optional[str]]] = None) -> tuple:
            for group in groups:
                for column, _, _ in group:
                    if column not in names:
                        raise JDBCOptionError(
                            f"filter column '{column}' is not a column of the source; " f"columns: {', '.join(names)}"
                        )
            if spec.get("column") is not None and spec["column"] not in names:
                raise JDBCOptionError(f"partition column '{spec['column']}' is not a column of the source")
            selected = _projection(names, columns)
            sql, params = build_select(engine.dialect, source, selected, spec, groups, limit, targets)
            return sql, params, selected

        return engine.batches(source, build_sql, opts.fetchsize)
