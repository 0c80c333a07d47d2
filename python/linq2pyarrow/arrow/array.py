"""Immutable Arrow arrays over shared buffers, and the ``array()`` factory."""
from . import _cdata, _convert, _decode, _numpy
from .buffer import Buffer, count_set_bits
from .errors import ArrowInvalid, ArrowNotImplementedError, ArrowTypeError
from .schema import Field
from .types import DictionaryType, ensure_type

__all__ = ["Array", "DictionaryArray", "Scalar", "array"]

_BUFFER_COUNTS = {
    "null": 0, "bool": 2, "fixed": 2, "binary": 3, "large_binary": 3, "list": 2, "large_list": 2,
    "struct": 1, "dictionary": 2,
}


class Array:
    """An Arrow array: a type, a length, an offset and shared buffers.

    Arrays never copy on slicing: a slice shares the buffers and records an
    ``offset``, which the C export passes on as ``ArrowArray.offset``.  Buffer
    ``i`` follows the Arrow columnar layout (0 is the validity bitmap or None).
    """
    __slots__ = ("_type", "_length", "_offset", "_null_count", "_buffers", "_children", "_dictionary")

    def __init__(self, type, length, buffers, null_count=-1, offset=0, children=(), dictionary=None):
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
    def from_buffers(type, length, buffers, null_count=-1, offset=0, children=None, dictionary=None):
        """Array over existing memory; *buffers* are buffer-protocol objects or None."""
        buffers = [None if b is None else Buffer(b) if not isinstance(b, Buffer) else b for b in buffers]
        return Array(ensure_type(type), length, buffers, null_count, offset, children or (), dictionary)

    @property
    def type(self):
        return self._type

    @property
    def offset(self):
        return self._offset

    def __len__(self):
        return self._length

    @property
    def null_count(self):
        if self._null_count < 0:
            validity = self._buffers[0] if self._buffers else None
            if self._type._kind == "null":
                self._null_count = self._length
            elif validity is None:
                self._null_count = 0
            else:
                self._null_count = self._length - count_set_bits(validity.view, self._offset, self._length)
        return self._null_count

    def buffers(self):
        return list(self._buffers)

    @property
    def dictionary(self):
        return self._dictionary

    @property
    def indices(self):
        if self._dictionary is None:
            raise TypeError("not a dictionary array")
        t = self._type.index_type
        return Array(t, self._length, self._buffers, self._null_count, self._offset)

    def field(self, i):
        """Child array of a struct array, with this array's offset and length applied."""
        if self._type._kind != "struct":
            raise TypeError("not a struct array")
        if isinstance(i, str):
            i = self._type.names.index(i)
        return self._children[i].slice(self._offset, self._length)

    def slice(self, offset=0, length=None):
        if offset < 0:
            raise IndexError("offset must be non-negative")
        offset = min(offset, self._length)
        length = self._length - offset if length is None else max(0, min(length, self._length - offset))
        if offset == 0 and length == self._length:
            return self
        null_count = 0 if self._null_count == 0 else -1  # -1: recount lazily for the slice
        return Array(self._type, length, self._buffers, null_count, self._offset + offset,
                     self._children, self._dictionary)

    def __getitem__(self, key):
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

    def __iter__(self):
        return (Scalar(self._type, v) for v in self.to_pylist())

    def to_pylist(self):
        return _decode.to_pylist(self)

    tolist = to_pylist

    def equals(self, other):
        return isinstance(other, Array) and self._type == other._type and self.to_pylist() == other.to_pylist()

    def dictionary_encode(self):
        return _convert.from_pylist(self.to_pylist(), DictionaryType("int32", self._type))

    def __repr__(self):
        values = self.slice(0, 10).to_pylist()
        more = ", ..." if self._length > 10 else ""
        return "<linq2pyarrow.arrow.Array type=%s length=%d>\n%s%s]" % (
            self._type, self._length, repr(values)[:-1], more)

    def _c_array_parts(self):
        return (self._length, self.null_count, self._offset, self._buffers, self._children,
                self._dictionary)

    def __arrow_c_array__(self, requested_schema=None):
        """(schema capsule, array capsule).  *requested_schema* is accepted and ignored (best effort)."""
        schema_capsule = Field("", self._type).__arrow_c_schema__()
        return schema_capsule, _cdata.new_capsule(_cdata.ARRAY, lambda a: _cdata.export_array(self, a))

    def _export_to_c(self, out_ptr, out_schema_ptr=0):
        """pyarrow < 14 style export into caller-allocated structs at integer addresses."""
        if out_schema_ptr:
            _cdata.export_schema(Field("", self._type), out_schema_ptr)
        _cdata.export_array(self, out_ptr)


class DictionaryArray:
    """Namespace for pyarrow's ``DictionaryArray.from_arrays``."""

    @staticmethod
    def from_arrays(indices, dictionary, ordered=False):
        indices, dictionary = array(indices), array(dictionary)
        data_type = DictionaryType(indices.type, dictionary.type, ordered)
        return Array(data_type, len(indices), indices._buffers, indices._null_count, indices.offset,
                     dictionary=dictionary)


class Scalar:
    """A single value of an array (pyarrow-style ``as_py()``)."""
    __slots__ = ("type", "_value")

    def __init__(self, type, value):
        self.type = type
        self._value = value

    def as_py(self):
        return self._value

    @property
    def is_valid(self):
        return self._value is not None

    def __eq__(self, other):
        return isinstance(other, Scalar) and self.type == other.type and self._value == other._value

    def __hash__(self):
        return hash(self._value)

    def __repr__(self):
        return "<linq2pyarrow.arrow.Scalar type=%s value=%r>" % (self.type, self._value)


def array(obj, type=None, mask=None):
    """Build an Array, like ``pyarrow.array``.

    * Python sequences (None = null): the type is inferred unless given.
    * numpy arrays: zero-copy for native numeric, datetime64 and timedelta64 data.
    * other buffer-protocol objects (``array.array``, ``memoryview``, ``bytes``):
      zero-copy; the item format gives the type.
    * *mask*: optional sequence of booleans, True meaning null.
    """
    data_type = None if type is None else ensure_type(type)
    if isinstance(obj, Array):
        if data_type is None or obj.type == data_type:
            return obj
        raise ArrowNotImplementedError("casting %s to %s is not supported" % (obj.type, data_type))
    if _numpy.is_ndarray(obj):
        return _numpy.from_numpy(obj, data_type, mask)
    if isinstance(obj, (str, dict)):
        raise ArrowTypeError("expected a sequence of values, got %s" % obj.__class__.__name__)
    if not isinstance(obj, (list, tuple)):
        try:
            view = memoryview(obj)
        except TypeError:
            obj = list(obj)
        else:
            return _convert.from_buffer(view, data_type, mask)
    values = obj if isinstance(obj, list) else list(obj)
    if mask is not None:
        values = [None if m else v for v, m in zip(values, mask)]
    return _convert.from_pylist(values, data_type)
