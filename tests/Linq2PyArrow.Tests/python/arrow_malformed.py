"""Malformed Arrow C structs, built by hand with ctypes (linq2pyarrow.arrow's struct definitions).

``Malformed`` (option ``case``) yields one batch of the schema {v: int64, s: string, l: list<int64>, d: dictionary<int32,
string>} whose C ArrowArray is broken as CASES describes. Every struct's release is counted, so tests can check that
a rejected batch is still released exactly once.
"""
import ctypes
from array import array
from ctypes import c_void_p

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import _cdata
from linq2pyarrow.arrow.types import DataType

SCHEMA = pa.schema(
    [
        pa.field("v", pa.int64()),
        pa.field("s", pa.string()),
        pa.field("l", pa.list_(pa.int64())),
        pa.field("d", pa.dictionary(pa.int32(), pa.string())),
    ]
)
COUNTS = {"exported": 0, "released": 0}
_KEEP = []  # nodes stay alive for the whole test run: consumers may read them until they release


def counts():
    return dict(COUNTS)


def _release_tree(address):
    struct = _cdata.ArrowArray.from_address(address)
    if not struct.release:
        return
    struct.release = None
    COUNTS["released"] += 1


_RELEASE = _cdata._immortal(_cdata.RELEASE_FUNC(_cdata.guarded(_release_tree)))
_RELEASE_ADDRESS = ctypes.cast(_RELEASE, c_void_p).value
_CHILD_RELEASE = _cdata._immortal(_cdata.RELEASE_FUNC(_cdata.guarded(lambda address: None)))
_CHILD_RELEASE_ADDRESS = ctypes.cast(_CHILD_RELEASE, c_void_p).value


class Node:
    """One ArrowArray in Python memory; ``buffers`` are array.array/bytes objects, ints (raw addresses) or None."""

    def __init__(self, length, buffers, children=(), null_count=0, offset=0, dictionary=None):
        self.struct = _cdata.ArrowArray()
        self.buffers = [array("B", b) if isinstance(b, bytes) else b for b in buffers]
        addresses = [None if b is None else b if isinstance(b, int) else b.buffer_info()[0] for b in self.buffers]
        self.buffer_pointers = (c_void_p * max(len(addresses), 1))(*addresses)
        self.children = list(children)
        self.child_pointers = (c_void_p * max(len(self.children), 1))(
            *[None if c is None else ctypes.addressof(c.struct) for c in self.children]
        )
        self.dictionary = dictionary
        s = self.struct
        s.length, s.null_count, s.offset = length, null_count, offset
        s.n_buffers, s.n_children = len(addresses), len(self.children)
        s.buffers = ctypes.addressof(self.buffer_pointers)
        s.children = ctypes.addressof(self.child_pointers)
        s.dictionary = None if dictionary is None else ctypes.addressof(dictionary.struct)
        s.release = _CHILD_RELEASE_ADDRESS
        _KEEP.append(self)


def int64s(values):
    return array("q", values)


def offsets(values):
    return array("i", values)


def valid_columns():
    v = Node(3, [None, int64s([1, 2, 3])])
    s = Node(3, [None, offsets([0, 1, 3, 3]), b"abb"])
    items = Node(4, [None, int64s([10, 11, 12, 13])])
    lists = Node(3, [None, offsets([0, 2, 2, 4])], [items])
    words = Node(2, [None, offsets([0, 3, 5]), b"redok"])
    dictionary = Node(3, [None, array("i", [0, 1, 0])], dictionary=words)
    return {"v": v, "s": s, "l": lists, "d": dictionary}


def _case(name, c):
    """Breaks the valid columns *c* as case *name* says; returns (top-level length, top-level overrides, columns)."""
    top = {}
    length = 3
    if name == "negative_batch_length":
        length = -1
    elif name == "batch_offset":
        top["offset"] = 1
    elif name == "column_count":
        del c["d"]
    elif name == "null_child":
        c["s"] = None
    elif name == "null_children_pointer":
        top["children"] = None
    elif name == "short_column":
        c["v"].struct.length = 2
    elif name == "negative_length":
        c["v"].struct.length = -5
    elif name == "negative_offset":
        c["v"].struct.offset = -1
    elif name == "null_count_too_big":
        c["v"].struct.null_count = 4
    elif name == "buffer_count":
        c["v"].struct.n_buffers = 1
    elif name == "null_buffers_pointer":
        c["v"].struct.buffers = None
    elif name == "null_data_buffer":
        c["v"].buffer_pointers[1] = None
    elif name == "nulls_without_bitmap":
        c["v"].struct.null_count = 1
    elif name == "negative_first_offset":
        c["s"] = Node(3, [None, offsets([-1, 1, 3, 3]), b"abb"])
    elif name == "offsets_run_backwards":
        c["s"] = Node(3, [None, offsets([3, 1, 2, 0]), b"abb"])
    elif name == "list_offsets_beyond_child":
        c["l"] = Node(3, [None, offsets([0, 2, 2, 9])], [c["l"].children[0]])
    elif name == "list_child_children":
        c["l"].struct.n_children = 0
    elif name == "missing_dictionary":
        c["d"].struct.dictionary = None
    elif name == "string_middle_offset":
        c["s"] = Node(3, [None, offsets([0, 9, 1, 3]), b"abb"])
    elif name == "list_middle_offset":
        c["l"] = Node(3, [None, offsets([0, 7, 2, 4])], [c["l"].children[0]])
    elif name == "empty_strings_without_data":
        c["s"] = Node(3, [None, offsets([0, 0, 0, 0]), None])  # valid: nothing to point at
    elif name == "strings_without_data":
        c["s"] = Node(3, [None, offsets([0, 1, 3, 3]), None])
    elif name == "dictionary_index_out_of_range":
        c["d"] = Node(3, [None, array("i", [0, 5, 1])], dictionary=c["d"].dictionary)
    elif name != "valid":
        raise ValueError(f"unknown case {name!r}")
    return length, top, c


def export(name):
    length, top, columns = _case(name, valid_columns())
    children = list(columns.values())
    root = Node(length, [None], [])
    root.children = children
    root.child_pointers = (c_void_p * max(len(children), 1))(
        *[None if c is None else ctypes.addressof(c.struct) for c in children]
    )
    root.struct.n_children = len(children)
    root.struct.children = ctypes.addressof(root.child_pointers)
    for key, value in top.items():
        setattr(root.struct, key, value)
    root.struct.release = _RELEASE_ADDRESS
    COUNTS["exported"] += 1
    capsule = _cdata.new_capsule(
        _cdata.ARRAY, lambda address: _cdata.move_struct(ctypes.addressof(root.struct), address, _cdata.ArrowArray)
    )
    return SCHEMA.__arrow_c_schema__(), capsule


class Batch:
    def __init__(self, name):
        self.name = name

    def __arrow_c_array__(self, requested_schema=None):
        return export(self.name)


class Malformed:
    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return [{"case": options["case"]}]

    def read_partition(self, partition_spec, options):
        yield Batch(options["case"])


WEIRD = pa.schema([pa.field("id", pa.int64()), pa.field("odd", DataType("odd", "ZZ", "fixed", "q", 8))])
WEIRD_LIST = pa.schema([pa.field("id", pa.int64()), pa.field("odd", pa.list_(DataType("odd", "ZZ", "fixed", "q", 8)))])


class UnsupportedFormat:
    """infer_schema declares a column whose C format string no Arrow importer knows (option nested="1": inside a list)."""

    def infer_schema(self, options):
        return WEIRD_LIST if options.get("nested") == "1" else WEIRD

    def plan_partitions(self, options):
        return []

    def read_partition(self, partition_spec, options):
        return iter(())
