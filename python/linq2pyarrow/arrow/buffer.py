"""Buffers: contiguous byte blocks with a stable address, plus validity-bitmap helpers."""
from __future__ import annotations

import ctypes
from ctypes import PYFUNCTYPE, Structure, c_int, c_void_p, py_object
from typing import Any, Union

__all__ = ["Buffer", "py_buffer", "allocate_aligned", "pack_bits", "unpack_bits", "count_set_bits"]

ALIGNMENT = 64


class _PyBuffer(Structure):
    """The stable ``Py_buffer`` layout (unchanged since Python 3.0)."""

    _fields_ = [
        ("buf", c_void_p),
        ("obj", c_void_p),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", c_int),
        ("ndim", c_int),
        ("format", c_void_p),
        ("shape", c_void_p),
        ("strides", c_void_p),
        ("suboffsets", c_void_p),
        ("internal", c_void_p),
    ]


_get_buffer = PYFUNCTYPE(c_int, py_object, c_void_p, c_int)(("PyObject_GetBuffer", ctypes.pythonapi))
_release_buffer = PYFUNCTYPE(None, c_void_p)(("PyBuffer_Release", ctypes.pythonapi))

# Zero-length buffers still get a valid, aligned, non-NULL pointer: several
# consumers treat NULL data buffers as a special case (or a bug).
_ZEROS = (ctypes.c_uint8 * (2 * ALIGNMENT))()
_ZERO_ADDRESS = (ctypes.addressof(_ZEROS) + ALIGNMENT - 1) & ~(ALIGNMENT - 1)


def _address_of(view: memoryview) -> int:
    """Start address of a C-contiguous memoryview (read-only views included).

    ctypes' ``from_buffer`` refuses read-only buffers, so ask the buffer protocol
    directly.  The temporary export is released at once: *view* holds its own
    export, which pins the memory (resizing exporters refuse while exported).
    """
    info = _PyBuffer()
    _get_buffer(view, ctypes.addressof(info), 0)  # PyBUF_SIMPLE
    try:
        return info.buf
    finally:
        _release_buffer(ctypes.addressof(info))


class Buffer:
    """Immutable view of a C-contiguous buffer-protocol object (zero-copy).

    Holding the Buffer keeps the exporting object (``array.array``, ``bytes``,
    numpy array, ...) alive and its memory pinned at ``address``.
    """

    __slots__ = ("_view", "address", "size")

    def __init__(self, obj: Any) -> None:
        view = obj if isinstance(obj, memoryview) else memoryview(obj)
        if not view.c_contiguous:
            raise ValueError("buffer must be C-contiguous")
        if view.format != "B" or view.ndim != 1:
            view = view.cast("B")
        self._view = view
        self.size = view.nbytes
        self.address = _address_of(view) if self.size else _ZERO_ADDRESS

    @property
    def view(self) -> memoryview:
        """The bytes as a one-dimensional ``'B'`` memoryview."""
        return self._view

    def to_pybytes(self) -> bytes:
        return self._view.tobytes()

    def __len__(self) -> int:
        return self.size

    def __repr__(self) -> str:
        return "<linq2pyarrow.arrow.Buffer address=0x%x size=%d>" % (self.address, self.size)


def py_buffer(obj: Any) -> Buffer:
    """pyarrow-compatible name: wrap a buffer-protocol object without copying."""
    return obj if isinstance(obj, Buffer) else Buffer(obj)


def allocate_aligned(data: Union[bytes, bytearray, memoryview]) -> Buffer:
    """Copy *data* (bytes-like) into fresh 64-byte-aligned memory."""
    size = len(data)
    raw = bytearray(size + ALIGNMENT)
    start = -_address_of(memoryview(raw)) % ALIGNMENT
    view = memoryview(raw)[start : start + size]
    view[:] = data
    return Buffer(view)


def pack_bits(flags: Union[bytes, bytearray]) -> bytes:
    """LSB-first bitmap from a bytes object holding one 0/1 byte per element.

    Works on whole big integers instead of looping per element: slice ``j::8``
    holds the flags of elements 8k+j, one per byte, so reading it as a
    little-endian integer puts element 8k+j at bit 8k; shifting left by j puts
    it at bit 8k+j, its final position.  Eight slices OR-ed together are the bitmap.
    """
    length = len(flags)
    if length % 8:
        flags = bytes(flags) + bytes(8 - length % 8)
    bits = 0
    for j in range(8):
        bits |= int.from_bytes(flags[j::8], "little") << j
    return bits.to_bytes((length + 7) // 8, "little")


def _bits_as_int(bitmap: Union[bytes, bytearray, memoryview], offset: int, length: int) -> int:
    start = offset // 8
    chunk = bytes(bitmap[start : (offset + length + 7) // 8])
    return (int.from_bytes(chunk, "little") >> (offset % 8)) & ((1 << length) - 1)


def unpack_bits(bitmap: Union[bytes, bytearray, memoryview], offset: int, length: int) -> bytes:
    """Inverse of pack_bits: one 0/1 byte per element of ``bitmap[offset:offset+length]``."""
    bits = _bits_as_int(bitmap, offset, length)
    groups = (length + 7) // 8
    ones = int.from_bytes(b"\x01" * groups, "little")
    out = bytearray(groups * 8)
    for j in range(8):
        out[j::8] = ((bits >> j) & ones).to_bytes(groups, "little")
    return bytes(out[:length])


def count_set_bits(bitmap: Union[bytes, bytearray, memoryview], offset: int, length: int) -> int:
    """How many bits of ``bitmap[offset:offset+length]`` (LSB-first) are set."""

    return bin(_bits_as_int(bitmap, offset, length)).count("1")
