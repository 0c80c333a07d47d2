"""Walks an Arrow C Data Interface array (any producer's) and lays out an IPC record batch body.

The IPC format has no array offsets: a batch's buffers start at its first row.  So every buffer is
taken from the array's logical start (its ``offset`` plus the rows skipped): fixed-width buffers and
bitmaps at byte boundaries are referenced in place (a ctypes view, valid while the producer's array
is alive), bitmaps at other bit positions are shifted, and offsets buffers that do not start at 0 are
rebased.  Node null counts are exact, as IPC requires (C Data allows -1 for unknown).
"""
import array
import ctypes
import struct
import sys

from .._cdata import ArrowArray
from ..errors import ArrowInvalid

_LITTLE = sys.byteorder == "little"


class Body:
    """The field nodes, buffers and variadic counts of one record batch, plus its dictionaries."""

    __slots__ = ("nodes", "buffers", "variadic", "dictionaries")

    def __init__(self):
        self.nodes = []  # (length, null_count) per field, depth first
        self.buffers = []  # bytes-like objects, depth first
        self.variadic = []  # data buffer count of each view column, depth first
        self.dictionaries = []  # (column, ArrowArray) of each dictionary-encoded column, depth first


def walk_batch(columns, address, start, length):
    """The body of rows [start, start + length) of the top-level struct array at *address*."""
    top = ArrowArray.from_address(address)
    if not top.release:
        raise ArrowInvalid("the Arrow array was already released")
    if top.n_children != len(columns):
        raise ArrowInvalid("the array has %d columns but its schema has %d" % (top.n_children, len(columns)))
    body = Body()
    absolute = top.offset + start  # the batch's offset applies to its columns, on top of their own
    for column, child in zip(columns, _children(top)):
        _walk(body, column, child, child.offset + absolute, length)
    return body


def walk_dictionary(column, array_struct):
    """The body of a whole dictionary (one column: the dictionary's values)."""
    body = Body()
    _walk(body, column, array_struct, array_struct.offset, array_struct.length)
    return body


def _children(parent):
    if not parent.n_children:
        return []
    pointers = (ctypes.c_void_p * parent.n_children).from_address(parent.children)
    return [ArrowArray.from_address(p) for p in pointers]


def _pointers(arr):
    if not arr.n_buffers:
        return []
    return list((ctypes.c_void_p * arr.n_buffers).from_address(arr.buffers))


def _raw(address, nbytes):
    """A view of *nbytes* at *address* (no copy); the producer's array must outlive it."""
    if nbytes <= 0:
        return b""
    if not address:
        raise ArrowInvalid("a buffer the array needs is NULL")
    return (ctypes.c_char * nbytes).from_address(address)


def _walk(body, column, arr, absolute, length):
    """Appends the column's nodes and buffers for its elements [absolute, absolute + length) (offset included)."""
    if absolute < 0 or length < 0 or absolute + length > arr.offset + arr.length:
        raise ArrowInvalid(
            "%s: rows %d..%d are outside the array (offset %d, length %d)"
            % (column.describe(), absolute, absolute + length, arr.offset, arr.length)
        )
    buffers = _pointers(arr)
    layout = column.layout
    if layout == "null":
        body.nodes.append((length, length))
        return
    whole = absolute == arr.offset and length == arr.length
    validity, nulls = _validity(buffers[0] if buffers else None, absolute, length, arr.null_count if whole else -1)
    body.nodes.append((length, nulls))
    body.buffers.append(validity)
    if layout == "fixed":
        body.buffers.append(
            _raw(buffers[1], 0) if length == 0 else _raw(buffers[1] + absolute * column.width, length * column.width)
        )
    elif layout == "bool":
        body.buffers.append(_bits(buffers[1], absolute, length))
    elif layout in ("binary", "large_binary"):
        offsets, first, last = _offsets(buffers[1], absolute, length, layout == "large_binary")
        body.buffers.append(offsets)
        body.buffers.append(_raw(buffers[2] + first if buffers[2] else 0, last - first))
    elif layout == "view":
        data_count = arr.n_buffers - 3
        sizes = struct.unpack("<%dq" % data_count, ctypes.string_at(buffers[-1], 8 * data_count)) if data_count else ()
        body.buffers.append(_raw(buffers[1] + 16 * absolute if buffers[1] else 0, 16 * length))
        body.buffers.extend(_raw(buffers[2 + i], sizes[i]) for i in range(data_count))
        body.variadic.append(data_count)
    elif layout in ("list", "large_list"):
        offsets, first, last = _offsets(buffers[1], absolute, length, layout == "large_list")
        body.buffers.append(offsets)
        child = _children(arr)[0]
        _walk(body, column.children[0], child, child.offset + first, last - first)
    elif layout == "fixed_list":
        child = _children(arr)[0]
        _walk(body, column.children[0], child, child.offset + absolute * column.width, length * column.width)
    elif layout == "struct":
        # A struct's offset applies to its children (on top of their own offsets).
        for child_column, child in zip(column.children, _children(arr)):
            _walk(body, child_column, child, child.offset + absolute, length)
    else:
        raise ArrowInvalid("%s: unknown layout %r" % (column.describe(), layout))
    if column.dictionary is not None:
        if not arr.dictionary:
            raise ArrowInvalid("%s: a dictionary-encoded array without its dictionary" % column.describe())
        body.dictionaries.append((column.dictionary, ArrowArray.from_address(arr.dictionary)))


def _validity(address, absolute, length, known_nulls):
    """(bitmap starting at bit 0, null count); an empty bitmap when nothing is null."""
    if length == 0 or not address or known_nulls == 0:
        return b"", 0
    bits = _bits(address, absolute, length)
    if known_nulls > 0:
        return bits, known_nulls
    nulls = length - _popcount(bits, length)
    return (bits, nulls) if nulls else (b"", 0)


def _bits(address, bit_start, count):
    """The bitmap of *count* bits from *bit_start*, moved to start at bit 0 when it does not already."""
    if count == 0:
        return b""
    first, shift = divmod(bit_start, 8)
    size = (count + 7) // 8
    if shift == 0:
        return _raw(address + first, size)
    value = int.from_bytes(ctypes.string_at(address + first, (shift + count + 7) // 8), "little") >> shift
    return (value & ((1 << count) - 1)).to_bytes(size, "little")


def _popcount(bits, count):
    value = int.from_bytes(bytes(bits), "little") & ((1 << count) - 1)
    return value.bit_count() if hasattr(value, "bit_count") else bin(value).count("1")


def _offsets(address, absolute, length, large):
    """(offsets buffer starting at 0, first offset, last offset) for elements [absolute, absolute + length)."""
    size, code = (8, "q") if large else (4, "i")
    if length == 0:
        return bytes(size), 0, 0
    raw = _raw(address, (absolute + length + 1) * size) if address else None
    if raw is None:
        raise ArrowInvalid("an offsets buffer is NULL")
    view = memoryview(raw).cast("B")[absolute * size : (absolute + length + 1) * size]
    (first,) = struct.unpack_from("<" + code, view, 0)
    (last,) = struct.unpack_from("<" + code, view, length * size)
    if first < 0 or last < first:
        raise ArrowInvalid("offsets %d..%d are not ascending" % (first, last))
    if first == 0:
        return view, first, last
    values = array.array(code)
    values.frombytes(view)
    if not _LITTLE:
        values.byteswap()
    rebased = array.array(code, [v - first for v in values])
    if not _LITTLE:
        rebased.byteswap()
    return rebased, first, last
