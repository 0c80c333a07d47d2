"""Turning driver rows into Arrow record batches with a catalog-derived schema."""
from dataclasses import dataclass
from typing import Callable

from ._arrow import pa
from .errors import JDBCQueryError


def _identity(value):
    return value


@dataclass(frozen=True)
class Column:
    """A result column: its name, Arrow type and a driver-value -> Arrow-value converter."""
    name: str
    type: object
    convert: Callable = _identity


def schema_of(columns):
    names = [c.name for c in columns]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise JDBCQueryError(
            f"the result has duplicate column names {duplicates}; give the columns distinct aliases in 'query'")
    return pa.schema([pa.field(c.name, c.type, nullable=True) for c in columns])


def to_batch(columns, schema, rows):
    """One RecordBatch from a list of row tuples (None stays null)."""
    data = {}
    for index, column in enumerate(columns):
        convert = column.convert
        try:
            data[column.name] = [None if row[index] is None else convert(row[index]) for row in rows]
        except (TypeError, ValueError) as exc:
            raise JDBCQueryError(f"column '{column.name}': cannot convert a value to {column.type}: {exc}") from None
    return pa.RecordBatch.from_pydict(data, schema=schema)
