"""Gathering rows of an array (``take``) straight from its buffers, for every layout: no Python values built.

``take(arr, positions, make)`` returns the rows of *arr* at *positions* (ints in range, any order, repeats
allowed) as a new array made by ``make(type, length, buffers, null_count, children, dictionary)``: the caller
passes the array class, so this module needs none. Used by ``Array.take`` / ``filter`` / ``dictionary_encode``
and ``RecordBatch.filter``.
"""
from array import array as _carray
from itertools import accumulate, chain
from operator import itemgetter

from .buffer import Buffer, pack_bits, unpack_bits

__all__ = ["take"]

_CODES = {1: "B", 2: "H", 4: "I", 8: "Q"}


def _gather(items, positions):
    """``[items[p] for p in positions]`` at C speed."""
    if len(positions) > 1:
        return itemgetter(*positions)(items)
    return tuple(items[p] for p in positions)


def _bits(bitmap, offset, length, positions):
    """(packed bitmap of the bits at *positions*, number of zeros among them)."""
    flags = bytes(_gather(unpack_bits(bitmap, offset, length), positions))
    return pack_bits(flags), len(flags) - flags.count(1)


def _fixed(view, width, offset, length, positions):
    code = _CODES.get(width)
    if code is not None:
        items = view[offset * width : (offset + length) * width].cast(code)
        return _carray(code, _gather(items, positions))
    return b"".join([view[(offset + p) * width : (offset + p + 1) * width] for p in positions])


def take(arr, positions, make):
    data_type, kind, offset, length = arr.type, arr.type._kind, arr.offset, len(arr)
    count = len(positions)
    if kind == "null":
        return make(data_type, count, [], count)
    buffers = arr._buffers
    validity, nulls = None, 0
    if buffers[0] is not None and arr.null_count:
        bitmap, nulls = _bits(buffers[0].view, offset, length, positions)
        validity = Buffer(bitmap) if nulls else None
    if kind == "bool":
        data, _ = _bits(buffers[1].view, offset, length, positions)
        return make(data_type, count, [validity, Buffer(data)], nulls)
    if kind in ("fixed", "dictionary"):
        data = _fixed(buffers[1].view, data_type._width, offset, length, positions)
        dictionary = arr._dictionary if kind == "dictionary" else None
        return make(data_type, count, [validity, Buffer(data)], nulls, (), dictionary)
    if kind == "struct":
        children = [take(child, [offset + p for p in positions], make) for child in arr._children]
        return make(data_type, count, [validity], nulls, children)
    code = "i" if kind in ("binary", "list") else "q"
    ends = buffers[1].view.cast(code)
    starts = _gather(ends[offset : offset + length], positions)
    stops = _gather(ends[offset + 1 : offset + length + 1], positions)
    offsets = _carray(code, accumulate(map(int.__sub__, stops, starts), initial=0))
    if kind in ("binary", "large_binary"):
        values = buffers[2].view
        data = b"".join([values[a:b] for a, b in zip(starts, stops)])
        return make(data_type, count, [validity, Buffer(offsets), Buffer(data)], nulls)
    child_positions = list(chain.from_iterable(map(range, starts, stops)))
    child = take(arr._children[0], child_positions, make)
    return make(data_type, count, [validity, Buffer(offsets)], nulls, [child])
