"""linq2pyarrow.arrow.ipc, read back with an independent reader (and with pyarrow where it is installed).

The .NET tests (IpcChunkTests) check that Apache.Arrow reads every type of the matrix; these check the stream's
structure, the slicing arithmetic (offsets, shifted bitmaps, rebased offsets) and the errors.
"""
import io
import os
import tempfile
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import ipc
from linq2pyarrow.arrow.errors import ArrowInvalid, ArrowNotImplementedError
from linq2pyarrow.arrow.types import DataType

from . import ipc_reader as reader

try:
    import pyarrow
except ImportError:  # pragma: no cover - pyarrow is optional
    pyarrow = None

SCHEMA = pa.schema([pa.field("id", pa.int64()), pa.field("name", pa.string()), pa.field("flag", pa.bool_())])


def batch(ids):
    return pa.RecordBatch.from_pydict(
        {
            "id": [None if i % 4 == 1 else i for i in ids],
            "name": ["n%d" % i if i % 3 else None for i in ids],
            "flag": [i % 2 == 0 for i in ids],
        },
        schema=SCHEMA,
    )


def columns(stream):
    """{name: values} of every record batch, decoded by the independent reader (id and name; flag as bits)."""
    messages = reader.messages(stream)
    assert messages[0].kind == "schema"
    result = []
    for message in messages[1:]:
        length, nodes, buffers = reader.batch_layout(message)
        ids = reader.int64_values(buffers[0], buffers[1], length, nodes[0][1])
        names = reader.utf8_values(buffers[2], buffers[3], buffers[4], length, nodes[1][1])
        flags = [bool((buffers[6][i // 8] >> (i % 8)) & 1) for i in range(length)]
        result.append({"id": ids, "name": names, "flag": flags})
    return result


class IpcWriterTest(unittest.TestCase):
    def test_a_stream_is_a_schema_then_batches_then_the_end_marker(self):
        data = ipc.serialize_stream([batch(range(5)), batch(range(5, 8))], SCHEMA)
        messages = reader.messages(data)
        self.assertEqual(["schema", "record_batch", "record_batch"], [m.kind for m in messages])
        fields = reader.schema_fields(messages[0])
        self.assertEqual([("id", 2, True, None), ("name", 5, True, None), ("flag", 6, True, None)], fields)
        self.assertEqual(batch(range(5, 8)).to_pydict(), columns(data)[1])

    def test_null_counts_are_exact(self):
        data = ipc.serialize_stream([batch(range(8))], SCHEMA)
        _, nodes, buffers = reader.batch_layout(reader.messages(data)[1])
        self.assertEqual([(8, 2), (8, 3), (8, 0)], nodes)
        self.assertEqual(b"", buffers[5], "no validity bitmap is sent for a column without nulls")

    def test_a_slice_is_written_from_its_first_row(self):
        whole = batch(range(20))
        data = ipc.serialize_stream([whole.slice(3, 11)], SCHEMA)
        self.assertEqual(whole.slice(3, 11).to_pydict(), columns(data)[0])
        _, nodes, buffers = reader.batch_layout(reader.messages(data)[1])
        self.assertEqual(0, int.from_bytes(buffers[3][:4], "little"), "offsets are rebased to start at 0")
        self.assertEqual((11, 3), nodes[0])

    def test_batches_from_a_stream_are_written_like_batches(self):
        batches = [batch(range(4)), batch(range(4, 9))]
        reader_object = pa.RecordBatchReader.from_batches(SCHEMA, batches)
        self.assertEqual(ipc.serialize_stream(batches, SCHEMA), ipc.serialize_stream([reader_object], SCHEMA))

    def test_nested_and_dictionary_columns_are_described_in_the_schema(self):
        schema = pa.schema(
            [
                pa.field("tags", pa.list_(pa.string())),
                pa.field("point", pa.struct([pa.field("x", pa.int32())])),
                pa.field("color", pa.dictionary(pa.int8(), pa.string())),
            ]
        )
        sink = io.BytesIO()
        ipc.new_stream(sink, schema).close()
        messages = reader.messages(sink.getvalue())
        self.assertEqual(
            [("tags", 12, True, None), ("point", 13, True, None), ("color", 5, True, 0)],
            reader.schema_fields(messages[0]),
        )
        self.assertEqual(1, len(messages))

    def test_a_batch_of_another_schema_is_refused(self):
        other = pa.RecordBatch.from_pydict({"x": [1]})
        with self.assertRaises(ArrowInvalid):
            with ipc.new_stream(io.BytesIO(), SCHEMA) as writer:
                writer.write_batch(other)

    def test_a_type_the_writer_cannot_carry_names_the_column(self):
        union = DataType("dense_union", "+ud:0", "struct")
        schema = pa.schema([pa.field("u", union)])
        with self.assertRaises(ArrowNotImplementedError) as raised:
            ipc.new_stream(io.BytesIO(), schema)
        self.assertIn("'u'", str(raised.exception))
        self.assertIn("pyarrow", str(raised.exception))

    def test_a_path_sink_is_opened_and_closed(self):
        path = os.path.join(tempfile.mkdtemp(), "out.arrows")
        with ipc.new_stream(path, SCHEMA) as writer:
            writer.write(batch(range(3)))
        with open(path, "rb") as f:
            self.assertEqual(batch(range(3)).to_pydict(), columns(f.read())[0])

    @unittest.skipIf(pyarrow is None, "pyarrow is not installed: the cross-check with pyarrow.ipc did not run")
    def test_pyarrow_reads_what_the_writer_writes(self):  # pragma: no cover - needs pyarrow
        data = ipc.serialize_stream([batch(range(7)).slice(1, 5)], SCHEMA)
        table = pyarrow.ipc.open_stream(data).read_all()
        self.assertEqual(batch(range(7)).slice(1, 5).to_pylist(), table.to_pylist())


if __name__ == "__main__":
    unittest.main()
