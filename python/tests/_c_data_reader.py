"""Test helper: decode a moved Arrow C struct array (record batch) into Python lists.

Independent of pyarrow so the GDAL capsule hand-over can be checked value by
value anywhere.  Supports the formats the tests use: l, i, g, u, z, +s.
"""
import ctypes
import struct

from sample_kit.c_data import array_struct, schema_struct

_FIXED = {"l": ("q", 8), "i": ("i", 4), "g": ("d", 8)}


def _valid(array, index):
    bitmap = array.buffers[0]
    if not bitmap or array.null_count == 0:
        return True
    bit = array.offset + index
    return bool(ctypes.string_at(bitmap + bit // 8, 1)[0] >> (bit % 8) & 1)


def _column(schema, array):
    fmt = schema.format.decode()
    values = []
    for i in range(array.length):
        if not _valid(array, i):
            values.append(None)
        elif fmt in _FIXED:
            code, size = _FIXED[fmt]
            values.append(struct.unpack(code, ctypes.string_at(array.buffers[1] + (array.offset + i) * size, size))[0])
        elif fmt in ("u", "z"):
            start, end = struct.unpack("ii", ctypes.string_at(array.buffers[1] + (array.offset + i) * 4, 8))
            raw = ctypes.string_at(array.buffers[2] + start, end - start)
            values.append(raw.decode("utf-8") if fmt == "u" else raw)
        else:
            raise NotImplementedError(fmt)
    return values


def decode_batch(batch):
    """{column name: [values]} of a CapsuleRecordBatch, consuming its capsules."""
    schema_capsule, array_capsule = batch.__arrow_c_array__()
    schema, array = schema_struct(schema_capsule), array_struct(array_capsule)
    assert schema.format == b"+s"
    return {schema.children[i].contents.name.decode(): _column(schema.children[i].contents,
                                                               array.children[i].contents)
            for i in range(schema.n_children)}
