"""Schemas, exportable through ``__arrow_c_schema__`` (fields live with the types, which nest them)."""
from __future__ import annotations

from typing import Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _cdata
from .types import DataType, Field, FieldLike, MetadataLike, TypeLike, _encode_metadata, _normalize_metadata

__all__ = ["Field", "Schema", "field", "schema"]


class Schema:
    """An ordered list of fields plus optional metadata; exports as a ``+s`` struct schema."""

    __slots__ = ("_fields", "_index", "metadata")

    def __init__(self, fields: Iterable[FieldLike], metadata: MetadataLike = None) -> None:
        self._fields: Tuple[Field, ...] = tuple(f if isinstance(f, Field) else Field(*f) for f in fields)
        self._index: Dict[str, int] = {}
        for i, f in enumerate(self._fields):
            self._index.setdefault(f.name, i)
        self.metadata = _normalize_metadata(metadata)

    @property
    def names(self) -> List[str]:
        return [f.name for f in self._fields]

    @property
    def types(self) -> List[DataType]:
        return [f.type for f in self._fields]

    def field(self, i: Union[int, str]) -> Field:
        """Field by position or by name."""
        if isinstance(i, str):
            if i not in self._index:
                raise KeyError("Column %s does not exist in schema" % i)
            return self._fields[self._index[i]]
        return self._fields[i]

    def get_field_index(self, name: str) -> int:
        """Position of the field called *name*, or -1 (pyarrow semantics)."""
        return self._index.get(name, -1)

    def _column_index(self, i: Union[int, str]) -> int:
        """A column position from a position or a field name (KeyError naming the field), for column()."""
        if not isinstance(i, str):
            return i
        index = self._index.get(i, -1)
        if index < 0:
            raise KeyError("Field %r does not exist in schema" % i)
        return index

    def __getitem__(self, i: Union[int, str]) -> Field:
        return self.field(i)

    def __len__(self) -> int:
        return len(self._fields)

    def __iter__(self) -> Iterator[Field]:
        return iter(self._fields)

    def equals(self, other: object, check_metadata: bool = False) -> bool:
        return (
            isinstance(other, Schema)
            and self._fields == other._fields
            and (
                not check_metadata
                or (
                    self.metadata == other.metadata
                    and all(a.equals(b, True) for a, b in zip(self._fields, other._fields))
                )
            )
        )

    def __eq__(self, other: object) -> bool:
        return self.equals(other)

    def __hash__(self) -> int:
        return hash(self._fields)

    def with_metadata(self, metadata: MetadataLike) -> Schema:
        return Schema(self._fields, metadata)

    def __str__(self) -> str:
        return "\n".join(map(str, self._fields))

    def __repr__(self) -> str:
        return "linq2pyarrow.arrow.Schema\n%s" % self

    def _c_schema_parts(self) -> Tuple[str, str, Optional[bytes], int, Tuple[Field, ...], None]:
        return "+s", "", _encode_metadata(self.metadata), 0, self._fields, None

    def __arrow_c_schema__(self) -> object:
        return _cdata.new_capsule(_cdata.SCHEMA, lambda address: _cdata.export_schema(self, address))

    def _export_to_c(self, out_ptr: int) -> None:
        _cdata.export_schema(self, out_ptr)


def field(name: str, type: TypeLike, nullable: bool = True, metadata: MetadataLike = None) -> Field:
    """A column: ``field("id", int64())``, ``field("name", "string", nullable=False)``."""
    return Field(name, type, nullable, metadata)


def schema(fields: Union[Iterable[FieldLike], Mapping[str, TypeLike]], metadata: MetadataLike = None) -> Schema:
    """``schema([field, ...])``, ``schema([(name, type), ...])`` or ``schema({name: type})``."""
    if isinstance(fields, Mapping):
        return Schema(fields.items(), metadata)
    return Schema(fields, metadata)
