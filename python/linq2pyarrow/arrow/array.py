"""Immutable Arrow arrays over shared buffers (built by ``builders.array()`` and the builders behind it)."""
from __future__ import annotations

import builtins
import operator
from array import array as _carray
from itertools import repeat
from typing import Any, Iterable, Iterator, List, Optional, Sequence, Tuple, Union, overload

from . import _cdata, _decode, _take
from .buffer import Buffer, count_set_bits, pack_bits
from .errors import ArrowInvalid, ArrowNotImplementedError
from .types import DataType, DictionaryType, Field, StructType, TypeLike, ensure_type, int32

__all__ = ["Array", "Scalar"]

_BUFFER_COUNTS = {
    "null": 0,
    "bool": 2,
    "fixed": 2,
    "binary": 3,
    "large_binary": 3,
    "list": 2,
    "large_list": 2,
    "struct": 1,
    "dictionary": 2,
}


class Array:
    """An Arrow array: a type, a length, an offset and shared buffers.

    Arrays never copy on slicing: a slice shares the buffers and records an
    ``offset``, which the C export passes on as ``ArrowArray.offset``.  Buffer
    ``i`` follows the Arrow columnar layout (0 is the validity bitmap or None).
    """

    __slots__ = ("_type", "_length", "_offset", "_null_count", "_buffers", "_children", "_dictionary")

    def __init__(
        self,
        type: DataType,
        length: int,
        buffers: Sequence[Optional[Buffer]],
        null_count: int = -1,
        offset: int = 0,
        children: Sequence[Array] = (),
        dictionary: Optional[Array] = None,
    ) -> None:
        kind = type._kind
        if len(buffers) != _BUFFER_COUNTS[kind]:
            raise ArrowInvalid("%s arrays have %d buffers, got %d" % (type, _BUFFER_COUNTS[kind], len(buffers)))
        expected_children = len(type._child_fields())
        if len(children) != expected_children:
            raise ArrowInvalid("%s arrays have %d children, got %d" % (type, expected_children, len(children)))
        if (kind == "dictionary") != (dictionary is not None):
            raise ArrowInvalid("a dictionary array needs exactly one dictionary")
        if offset < 0 or length < 0:
            raise ArrowInvalid("negative offset or length")
        self._type = type
        self._length = length
        self._offset = offset
        self._null_count = null_count
        self._buffers = list(buffers)
        self._children = list(children)
        self._dictionary = dictionary

    @staticmethod
    def from_buffers(
        type: TypeLike,
        length: int,
        buffers: Sequence[Any],
        null_count: int = -1,
        offset: int = 0,
        children: Optional[Sequence[Array]] = None,
        dictionary: Optional[Array] = None,
    ) -> Array:
        """Array over existing memory; *buffers* are buffer-protocol objects or None."""
        wrapped = [None if b is None else Buffer(b) if not isinstance(b, Buffer) else b for b in buffers]
        return Array(ensure_type(type), length, wrapped, null_count, offset, children or (), dictionary)

    @property
    def type(self) -> DataType:
        return self._type

    @property
    def offset(self) -> int:
        return self._offset

    def __len__(self) -> int:
        return self._length

    @property
    def null_count(self) -> int:
        if self._null_count < 0:
            validity = self._buffers[0] if self._buffers else None
            if self._type._kind == "null":
                self._null_count = self._length
            elif validity is None:
                self._null_count = 0
            else:
                self._null_count = self._length - count_set_bits(validity.view, self._offset, self._length)
        return self._null_count

    def buffers(self) -> List[Optional[Buffer]]:
        return list(self._buffers)

    @property
    def dictionary(self) -> Optional[Array]:
        return self._dictionary

    @property
    def indices(self) -> Array:
        if self._dictionary is None or not isinstance(self._type, DictionaryType):
            raise TypeError("not a dictionary array")
        t = self._type.index_type
        return Array(t, self._length, self._buffers, self._null_count, self._offset)

    def field(self, i: Union[int, str]) -> Array:
        """Child array of a struct array, with this array's offset and length applied."""
        if not isinstance(self._type, StructType):
            raise TypeError("not a struct array")
        if isinstance(i, str):
            i = self._type.names.index(i)
        return self._children[i].slice(self._offset, self._length)

    def slice(self, offset: int = 0, length: Optional[int] = None) -> Array:
        if offset < 0:
            raise IndexError("offset must be non-negative")
        offset = min(offset, self._length)
        length = self._length - offset if length is None else max(0, min(length, self._length - offset))
        if offset == 0 and length == self._length:
            return self
        null_count = 0 if self._null_count == 0 else -1  # -1: recount lazily for the slice
        return Array(
            self._type, length, self._buffers, null_count, self._offset + offset, self._children, self._dictionary
        )

    @overload
    def __getitem__(self, key: int) -> Scalar:
        ...

    @overload
    def __getitem__(self, key: builtins.slice) -> Array:
        ...

    def __getitem__(self, key: Union[int, builtins.slice]) -> Union[Scalar, Array]:
        if isinstance(key, slice):
            start, stop, step = key.indices(self._length)
            if step != 1:
                raise ArrowNotImplementedError("only contiguous slices are supported")
            return self.slice(start, max(0, stop - start))
        if key < 0:
            key += self._length
        if not 0 <= key < self._length:
            raise IndexError("index out of bounds")
        return Scalar(self._type, self.slice(key, 1).to_pylist()[0])

    def __iter__(self) -> Iterator[Scalar]:
        return (Scalar(self._type, v) for v in self.to_pylist())

    def to_pylist(self) -> List[Any]:
        return _decode.to_pylist(self)

    tolist = to_pylist

    def equals(self, other: object) -> bool:
        return isinstance(other, Array) and self._type == other._type and self.to_pylist() == other.to_pylist()

    def take(self, indices: Iterable[int]) -> Array:
        """The rows at *indices* (ints; a list, ``array.array`` or integer ndarray), gathered from the buffers."""
        positions = indices.tolist() if hasattr(indices, "tolist") else list(indices)
        if positions and (min(positions) < 0 or max(positions) >= self._length):
            raise IndexError("take index out of bounds for an array of length %d" % self._length)
        return _take.take(self, positions, _make)

    def filter(self, mask: Any) -> Array:
        """The rows where *mask* (booleans, a bool ndarray, 0/1 bytes; one per row) is true, like pyarrow's."""
        flags = mask.tolist() if hasattr(mask, "tolist") else mask
        if len(flags) != self._length:
            raise ArrowInvalid("filter mask has %d items for %d rows" % (len(flags), self._length))
        return self.take([i for i, keep in enumerate(flags) if keep])

    def dictionary_encode(self) -> Array:
        """An int32-indexed dictionary array of the same values (the dictionary gathered from this array)."""
        index: dict = {}
        first: List[int] = []
        codes: List[Optional[int]] = []
        for position, value in enumerate(self.to_pylist()):
            if value is None:
                codes.append(None)
                continue
            code = index.setdefault(value, len(index))
            if code == len(first):
                first.append(position)
            codes.append(code)
        present = bytes(map(operator.is_not, codes, repeat(None)))
        nulls = len(codes) - present.count(1)
        validity = Buffer(pack_bits(present)) if nulls else None
        data = Buffer(_carray("i", [0 if c is None else c for c in codes]))
        return Array(
            DictionaryType(int32(), self._type), self._length, [validity, data], nulls, dictionary=self.take(first)
        )

    def __repr__(self) -> str:
        values = self.slice(0, 10).to_pylist()
        more = ", ..." if self._length > 10 else ""
        return "<linq2pyarrow.arrow.Array type=%s length=%d>\n%s%s]" % (
            self._type,
            self._length,
            repr(values)[:-1],
            more,
        )

    def _c_array_parts(
        self,
    ) -> Tuple[int, int, int, List[Optional[Buffer]], List[Array], Optional[Array]]:
        return (self._length, self.null_count, self._offset, self._buffers, self._children, self._dictionary)

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]:
        """(schema capsule, array capsule).  *requested_schema* is accepted and ignored (best effort)."""
        schema_capsule = Field("", self._type).__arrow_c_schema__()
        return schema_capsule, _cdata.new_capsule(_cdata.ARRAY, lambda a: _cdata.export_array(self, a))

    def _export_to_c(self, out_ptr: int, out_schema_ptr: int = 0) -> None:
        """pyarrow < 14 style export into caller-allocated structs at integer addresses."""
        if out_schema_ptr:
            _cdata.export_schema(Field("", self._type), out_schema_ptr)
        _cdata.export_array(self, out_ptr)


def _make(
    data_type: DataType,
    length: int,
    buffers: Sequence[Optional[Buffer]],
    null_count: int,
    children: Sequence[Array] = (),
    dictionary: Optional[Array] = None,
) -> Array:
    return Array(data_type, length, buffers, null_count, 0, children, dictionary)


class Scalar:
    """A single value of an array (pyarrow-style ``as_py()``)."""

    __slots__ = ("type", "_value")

    def __init__(self, type: DataType, value: Any) -> None:
        self.type = type
        self._value = value

    def as_py(self) -> Any:
        return self._value

    @property
    def is_valid(self) -> bool:
        return self._value is not None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scalar) and self.type == other.type and self._value == other._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return "<linq2pyarrow.arrow.Scalar type=%s value=%r>" % (self.type, self._value)
