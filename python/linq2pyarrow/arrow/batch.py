"""RecordBatch: equal-length columns plus a schema, exported as a ``+s`` struct array."""
from __future__ import annotations

import builtins
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union, overload

from . import _cdata
from .array import Array
from .builders import array
from .errors import ArrowInvalid
from .schema import Field, Schema
from .types import MetadataLike, struct

__all__ = ["RecordBatch", "record_batch"]


class RecordBatch:
    """Columns of equal length.  Columns keep their own offsets; the batch itself never has one.

    (The .NET importer ignores a top-level struct offset, so slicing a batch
    slices every column instead.)
    """

    __slots__ = ("_schema", "_columns", "_num_rows")

    def __init__(self, schema: Schema, columns: Sequence[Array], num_rows: Optional[int] = None) -> None:
        if len(schema) != len(columns):
            raise ArrowInvalid("schema has %d fields but %d columns were given" % (len(schema), len(columns)))
        if num_rows is None:
            num_rows = len(columns[0]) if columns else 0
        for f, column in zip(schema, columns):
            if column.type != f.type:
                raise ArrowInvalid("column %r has type %s, schema says %s" % (f.name, column.type, f.type))
            if len(column) != num_rows:
                raise ArrowInvalid("column %r has %d rows, expected %d" % (f.name, len(column), num_rows))
        self._schema = schema
        self._columns = list(columns)
        self._num_rows = num_rows

    @staticmethod
    def from_arrays(
        arrays: Sequence[Any],
        names: Optional[Sequence[str]] = None,
        schema: Optional[Schema] = None,
        metadata: MetadataLike = None,
        *,
        num_rows: Optional[int] = None,
    ) -> RecordBatch:
        """Columns from arrays.  *num_rows* (not in pyarrow) sets the row count, which a batch without
        columns cannot infer: ``from_arrays([], [], num_rows=n)``; with columns it must match them."""
        if schema is None:
            if names is None or len(names) != len(arrays):
                raise ArrowInvalid("from_arrays needs one name per array (or a schema)")
            columns = [array(a) for a in arrays]
            schema = Schema([Field(n, c.type) for n, c in zip(names, columns)], metadata)
        else:
            columns = [array(a, f.type) for a, f in zip(arrays, schema)]
        return RecordBatch(schema, columns, num_rows)

    @staticmethod
    def from_pydict(
        mapping: Mapping[str, Any],
        schema: Optional[Schema] = None,
        metadata: MetadataLike = None,
        *,
        num_rows: Optional[int] = None,
    ) -> RecordBatch:
        """Columns from ``{name: values}``; values are lists, Arrays, numpy or buffer objects.

        *num_rows* (not in pyarrow) sets the row count: ``from_pydict({}, num_rows=n)`` is a batch of *n*
        rows and no columns, what a source returns when a query needs no column.  With columns it must
        match their length."""
        if schema is None:
            return RecordBatch.from_arrays(list(mapping.values()), list(mapping), metadata=metadata, num_rows=num_rows)
        missing = [f.name for f in schema if f.name not in mapping]
        if missing:
            raise KeyError("columns missing from mapping: %s" % ", ".join(missing))
        return RecordBatch.from_arrays([mapping[f.name] for f in schema], schema=schema, num_rows=num_rows)

    @staticmethod
    def from_pylist(
        mapping: Sequence[Mapping[str, Any]], schema: Optional[Schema] = None, metadata: MetadataLike = None
    ) -> RecordBatch:
        """Rows as dicts; without a schema the first row's keys name the columns.

        The batch has one row per dict, also when it has no columns (``from_pylist([{}, {}])`` has 2 rows;
        pyarrow's has 0)."""
        names = schema.names if schema is not None else list(mapping[0]) if mapping else []
        columns = {n: [row.get(n) for row in mapping] for n in names}
        return RecordBatch.from_pydict(columns, schema, metadata, num_rows=len(mapping))

    @property
    def schema(self) -> Schema:
        return self._schema

    @property
    def num_rows(self) -> int:
        return self._num_rows

    def __len__(self) -> int:
        return self._num_rows

    @property
    def num_columns(self) -> int:
        return len(self._columns)

    @property
    def column_names(self) -> List[str]:
        return self._schema.names

    @property
    def columns(self) -> List[Array]:
        return list(self._columns)

    def column(self, i: Union[int, str]) -> Array:
        """Column by position or name."""
        return self._columns[self._schema._column_index(i)]

    def field(self, i: Union[int, str]) -> Field:
        return self._schema.field(i)

    @overload
    def __getitem__(self, key: Union[int, str]) -> Array:
        ...

    @overload
    def __getitem__(self, key: builtins.slice) -> RecordBatch:
        ...

    def __getitem__(self, key: Union[int, str, builtins.slice]) -> Union[Array, RecordBatch]:
        if isinstance(key, slice):
            start, stop, _ = key.indices(self._num_rows)
            return self.slice(start, max(0, stop - start))
        return self.column(key)

    def select(self, columns: Sequence[Union[int, str]]) -> RecordBatch:
        """A batch with the given columns (names or positions), in that order."""
        indices = [c if isinstance(c, int) else self._schema.get_field_index(c) for c in columns]
        if any(i < 0 for i in indices):
            raise KeyError("unknown column in %r" % (columns,))
        schema = Schema([self._schema.field(i) for i in indices], self._schema.metadata)
        return RecordBatch(schema, [self._columns[i] for i in indices], self._num_rows)

    def slice(self, offset: int = 0, length: Optional[int] = None) -> RecordBatch:
        if offset < 0:
            raise IndexError("offset must be non-negative")
        offset = min(offset, self._num_rows)
        available = self._num_rows - offset
        length = available if length is None else max(0, min(length, available))
        return RecordBatch(self._schema, [c.slice(offset, length) for c in self._columns], length)

    def filter(self, mask: Any) -> RecordBatch:
        """The rows where *mask* (booleans, 0/1 bytes or a bool ndarray, one per row) is true, like pyarrow's."""
        if len(mask) != self._num_rows:
            raise ArrowInvalid("filter mask has %d items for %d rows" % (len(mask), self._num_rows))
        flags = mask.tolist() if hasattr(mask, "tolist") else mask
        positions = [i for i, keep in enumerate(flags) if keep]
        return RecordBatch(self._schema, [c.take(positions) for c in self._columns], len(positions))

    def to_pydict(self) -> Dict[str, List[Any]]:
        return {f.name: c.to_pylist() for f, c in zip(self._schema, self._columns)}

    def to_pylist(self) -> List[Dict[str, Any]]:
        names = self._schema.names
        return (
            [dict(zip(names, row)) for row in zip(*(c.to_pylist() for c in self._columns))]
            if self._columns
            else [{} for _ in range(self._num_rows)]
        )

    def equals(self, other: object) -> bool:
        return (
            isinstance(other, RecordBatch)
            and self._schema == other._schema
            and all(a.equals(b) for a, b in zip(self._columns, other._columns))
            and self._num_rows == other._num_rows
        )

    def __eq__(self, other: object) -> bool:
        return self.equals(other)

    __hash__ = None  # type: ignore[assignment]  # unhashable: equality compares the data

    def __repr__(self) -> str:
        return "linq2pyarrow.arrow.RecordBatch\n%s\n----\n%d rows" % (self._schema, self._num_rows)

    def _as_struct_array(self) -> Array:
        return Array(struct(list(self._schema)), self._num_rows, [None], 0, 0, self._columns)

    def __arrow_c_schema__(self) -> object:
        return self._schema.__arrow_c_schema__()

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]:
        """(schema capsule, array capsule).  *requested_schema* is accepted and ignored (best effort)."""
        node = self._as_struct_array()
        return (
            self._schema.__arrow_c_schema__(),
            _cdata.new_capsule(_cdata.ARRAY, lambda address: _cdata.export_array(node, address)),
        )

    def _export_to_c(self, out_ptr: int, out_schema_ptr: int = 0) -> None:
        """pyarrow < 14 style export into caller-allocated structs at integer addresses."""
        if out_schema_ptr:
            _cdata.export_schema(self._schema, out_schema_ptr)
        _cdata.export_array(self._as_struct_array(), out_ptr)


def record_batch(
    data: Union[Mapping[str, Any], Sequence[Any]],
    names: Optional[Sequence[str]] = None,
    schema: Optional[Schema] = None,
    metadata: MetadataLike = None,
) -> RecordBatch:
    """``record_batch({name: values})`` or ``record_batch([arrays], names=[...])``."""
    if isinstance(data, Mapping):
        return RecordBatch.from_pydict(data, schema, metadata)
    return RecordBatch.from_arrays(list(data), names, schema, metadata)
