"""Turning driver rows into Arrow record batches with a catalog-derived schema."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Sequence

from ._arrow import pa
from .errors import JDBCQueryError


def _identity(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Column:
    """A result column: its name, Arrow type and a driver-value -> Arrow-value converter."""

    name: str
    type: Any
    convert: Callable[[Any], Any] = _identity


def schema_of(columns: Sequence[Column]) -> Any:
    names = [c.name for c in columns]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise JDBCQueryError(
            f"the result has duplicate column names {duplicates}; give the columns distinct aliases in 'query'"
        )
    return pa.schema([pa.field(c.name, c.type, nullable=True) for c in columns])


def to_batch(columns: Sequence[Column], schema: Any, rows: List[tuple]) -> Any:
    """One RecordBatch from a list of row tuples (None stays null)."""
    data = {}
    for index, column in enumerate(columns):
        convert = column.convert
        try:
            data[column.name] = [None if row[index] is None else convert(row[index]) for row in rows]
        except (TypeError, ValueError) as exc:
            raise JDBCQueryError(f"column '{column.name}': cannot convert a value to {column.type}: {exc}") from None
    return pa.RecordBatch.from_pydict(data, schema=schema)
