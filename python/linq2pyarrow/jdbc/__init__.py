"""Relational (JDBC-style) data source for Linq2PyArrow.

``JDBCArrowDataSource`` implements the source protocol for the .NET side;
``read_jdbc`` is the convenience for direct use from Python.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

from ._arrow import pa
from .datasource import JDBCArrowDataSource
from .errors import JDBCConnectionError, JDBCError, JDBCOptionError, JDBCQueryError

__all__ = ["JDBCArrowDataSource", "read_jdbc", "JDBCError", "JDBCOptionError", "JDBCConnectionError", "JDBCQueryError"]


def read_jdbc(
    url: str,
    table: Optional[str] = None,
    query: Optional[str] = None,
    *,
    columns: Optional[Sequence[str]] = None,
    filters: Optional[Sequence[Any]] = None,
    **options: Any,
) -> Any:
    """Read a whole table/query: a ``pa.Table`` when pyarrow is installed, else a list of batches.

    Extra keyword options are the string options of README.md (numbers are
    accepted and converted), e.g. ``read_jdbc(url, "orders", fetchsize=500)``.
    """
    opts = {key: str(value) for key, value in options.items() if value is not None}
    opts["url"] = url
    if table is not None:
        opts["dbtable"] = table
    if query is not None:
        opts["query"] = query
    source = JDBCArrowDataSource()
    batches = [
        batch
        for spec in source.plan_partitions(opts, filters=filters)
        for batch in source.read_partition(spec, opts, columns=columns, filters=filters)
    ]
    table_type = getattr(pa, "Table", None)
    if table_type is None or not hasattr(table_type, "from_batches"):
        return batches
    schema = batches[0].schema if batches else source.infer_schema(opts)
    return table_type.from_batches(batches, schema=schema)
