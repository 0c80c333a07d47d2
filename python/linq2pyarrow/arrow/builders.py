"""Building arrays: ``array()`` (pyarrow's factory), ``DictionaryArray.from_arrays`` and builders for what
dominates real sources.

``array()`` takes the fast paths it can: numpy numeric, bool, ``datetime64``/``timedelta64`` and integer
arrays (also for timestamp, date and duration types) are wrapped without copying their data; lists of ``str``
are joined and encoded in one pass; lists of ``datetime`` convert at C speed when all naive or all aware;
lists of ``int`` for a timestamp type are taken as the storage integers. What ``array()`` cannot express:

* :func:`decimal128_from_scaled`: decimals from their scaled integers (``1234`` with scale 2 is 12.34), from a
  list of ``int`` or an integer numpy array, without creating ``Decimal`` objects.
"""
from __future__ import annotations

import operator
import sys
from typing import Any, Iterable, Optional

from . import _convert, _numpy
from .array import Array
from .buffer import Buffer
from .errors import ArrowInvalid, ArrowNotImplementedError, ArrowTypeError
from .types import Decimal128Type, DictionaryType, TypeLike, decimal128, ensure_type

__all__ = ["array", "DictionaryArray", "decimal128_from_scaled"]


def array(obj: Any, type: Optional[TypeLike] = None, mask: Optional[Iterable[bool]] = None) -> Array:
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


class DictionaryArray:
    """Namespace for pyarrow's ``DictionaryArray.from_arrays``."""

    @staticmethod
    def from_arrays(indices: Any, dictionary: Any, ordered: bool = False) -> Array:
        """A dictionary array from its *indices* (integers, None = null) and *dictionary* (the values)."""
        indices, dictionary = array(indices), array(dictionary)
        data_type = DictionaryType(indices.type, dictionary.type, ordered)
        return Array(
            data_type, len(indices), indices._buffers, indices._null_count, indices.offset, dictionary=dictionary
        )


def decimal128_from_scaled(values: Any, precision: int, scale: int, mask: Optional[Iterable[bool]] = None) -> Array:
    """A ``decimal128(precision, scale)`` array whose value ``i`` is ``values[i] * 10**-scale``.

    *values*: a list of ``int`` (``None`` is null) or an integer numpy array (*mask*: True means null).
    Values must have at most *precision* digits.
    """
    data_type = decimal128(precision, scale)
    np = sys.modules.get("numpy")
    if np is not None and isinstance(values, np.ndarray):
        return _from_numpy(np, values, data_type, mask)
    if mask is not None:
        values = [None if m else v for v, m in zip(values, mask)]
    validity, nulls, filled = _convert._split_nulls(values, 0)
    limit = 10**precision
    if filled and not (-limit < min(filled) and max(filled) < limit):
        raise ArrowInvalid("a value does not fit in decimal128(%d, %d)" % (precision, scale))
    data = b"".join(map(operator.methodcaller("to_bytes", 16, "little", signed=True), filled))
    return Array(data_type, len(values), [validity, Buffer(data)], nulls)


def _from_numpy(np: Any, values: Any, data_type: Decimal128Type, mask: Optional[Iterable[bool]]) -> Array:
    if values.ndim != 1 or values.dtype.kind not in "iu" or values.dtype.itemsize > 8:
        raise ArrowInvalid("decimal128_from_scaled needs a one-dimensional integer array, got %s" % values.dtype)
    limit = 10**data_type.precision
    if len(values) and data_type.precision < 19 and not (-limit < int(values.min()) and int(values.max()) < limit):
        raise ArrowInvalid("a value does not fit in %s" % data_type)
    if values.dtype.kind == "u" and values.dtype.itemsize == 8 and len(values) and int(values.max()) >= 2**63:
        raise ArrowInvalid("a value does not fit in %s" % data_type)
    words = np.empty((len(values), 2), dtype="<i8")  # low 64 bits, then the sign extension
    words[:, 0] = values
    words[:, 1] = words[:, 0] >> 63
    nulls = np.asarray(mask, dtype=bool) if mask is not None else None
    validity, null_count = None, 0
    if nulls is not None and nulls.any():
        validity = Buffer(np.packbits(~nulls, bitorder="little"))
        null_count = int(nulls.sum())
    return Array(data_type, len(values), [validity, Buffer(words)], null_count)
