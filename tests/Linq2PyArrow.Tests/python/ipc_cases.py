"""Batches and their IPC stream (linq2pyarrow.arrow.ipc) for the .NET IPC tests: each case of arrow_types, and a few more."""
import sys

import arrow_types
from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import ipc

# Every case of the type matrix the writer supports (the bad view is a test of the C Data validator).
CASES = [name for name in arrow_types.CASES if name != "string_view with a bad view"]


def case(name, sliced):
    """(batches, IPC bytes of the same batches) for a type-matrix case, whole or as slices at offset 3."""
    schema, batches = arrow_types.build_batches(name, sliced)
    return batches, ipc.serialize_stream(batches, schema)


def dictionaries():
    """Two batches of one dictionary column whose dictionaries differ (the second replaces the first)."""
    t = pa.dictionary(pa.int32(), pa.string())
    schema = pa.schema([pa.field("c", t)])
    first = pa.RecordBatch.from_pydict({"c": pa.array(["red", "green", "red"], t)}, schema=schema)
    second = pa.RecordBatch.from_pydict({"c": pa.array(["blue", None, "cyan", "blue"], t)}, schema=schema)
    return [first, second], ipc.serialize_stream([first, second], schema)


def no_columns(rows):
    """A batch without columns that still has rows (what a source yields for columns=[])."""
    batch = pa.RecordBatch.from_pydict({}, num_rows=rows)
    return [batch], ipc.serialize_stream([batch], batch.schema)


def through_stream():
    """The same batches written from a RecordBatchReader (__arrow_c_stream__) rather than one by one."""
    schema, batches = arrow_types.build_batches("string", True)
    reader = pa.RecordBatchReader.from_batches(schema, batches)
    return batches, ipc.serialize_stream([reader], schema)


def refcount(obj):
    return sys.getrefcount(obj)
