"""RecordBatchReader / Table export as a real ArrowArrayStream."""
import ctypes
import errno
import gc
import threading
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import _cdata

from . import cabi_reader as reader

SCHEMA = pa.schema([("i", pa.int64()), ("s", pa.string())])


def batch(start, n=3):
    return pa.RecordBatch.from_pydict(
        {"i": list(range(start, start + n)), "s": [str(i) for i in range(n)]}, schema=SCHEMA
    )


def rows(b):
    return b.to_pylist()


class OnlyCArray:
    """A foreign record batch: nothing but ``__arrow_c_array__``."""

    def __init__(self, wrapped):
        self._wrapped = wrapped

    def __arrow_c_array__(self, requested_schema=None):
        return self._wrapped.__arrow_c_array__()


class StreamTest(unittest.TestCase):
    def setUp(self):
        gc.collect()
        self.baseline = _cdata.live_exports()

    def tearDown(self):
        gc.collect()
        self.assertEqual(_cdata.live_exports(), self.baseline)

    def read_capsule(self, exportable):
        capsule = exportable.__arrow_c_stream__()
        return reader.read_stream(reader.capsule_pointer(capsule, "arrow_array_stream"))

    def test_batches_flow_through_the_stream(self):
        batches = [batch(0), batch(10, 0), batch(20, 5)]
        schema, values, error = self.read_capsule(pa.RecordBatchReader.from_batches(SCHEMA, batches))
        self.assertIsNone(error)
        self.assertEqual([c["name"] for c in schema["children"]], ["i", "s"])
        self.assertEqual(values, [rows(b) for b in batches])

    def test_pulls_lazily_and_closes_the_generator_on_release(self):
        log = []

        def generate():
            try:
                for k in range(3):
                    log.append("yield %d" % k)
                    yield batch(k * 10)
            finally:
                log.append("closed")

        stream = reader.CStream()
        pa.RecordBatchReader.from_batches(SCHEMA, generate())._export_to_c(ctypes.addressof(stream))
        self.assertEqual(log, [])
        out = reader.CArray()
        self.assertEqual(reader.GET_NEXT(stream.get_next)(ctypes.addressof(stream), ctypes.addressof(out)), 0)
        self.assertEqual(log, ["yield 0"])
        reader.release(ctypes.addressof(out), reader.CArray)
        reader.release(ctypes.addressof(stream), reader.CStream)
        self.assertEqual(log, ["yield 0", "closed"])

    def test_iterable_errors_use_the_stream_error_protocol(self):
        def generate():
            yield batch(0)
            raise ValueError("source exploded")

        source = pa.RecordBatchReader.from_batches(SCHEMA, generate())
        stream = reader.CStream()
        source._export_to_c(ctypes.addressof(stream))
        address = ctypes.addressof(stream)
        out = reader.CArray()
        self.assertEqual(reader.GET_NEXT(stream.get_next)(address, ctypes.addressof(out)), 0)
        reader.release(ctypes.addressof(out), reader.CArray)
        self.assertEqual(reader.GET_NEXT(stream.get_next)(address, ctypes.addressof(out)), errno.EIO)
        message = reader.GET_LAST_ERROR(stream.get_last_error)(address).decode()
        self.assertTrue(message.startswith("ValueError: source exploded"), message)
        self.assertIn("Traceback", message)
        self.assertIn("generate", message)
        # The error is sticky, and the Python exception is available to the host.
        self.assertEqual(reader.GET_NEXT(stream.get_next)(address, ctypes.addressof(out)), errno.EIO)
        self.assertIsInstance(source.last_exception, ValueError)
        reader.release(address, reader.CStream)

    def test_schema_mismatch_and_bad_items_are_errors(self):
        other = pa.RecordBatch.from_pydict({"x": [1]})
        for item, expected in (
            (other, "does not match"),
            (42, "RecordBatch"),
            (OnlyCArray(pa.array([1])), "record batches"),
        ):
            with self.subTest(item=type(item).__name__):
                _, values, error = self.read_capsule(pa.RecordBatchReader.from_batches(SCHEMA, [batch(0), item]))
                self.assertEqual(values, [rows(batch(0))])
                self.assertEqual(error[0], errno.EINVAL)
                self.assertIn(expected, error[1])

    def test_foreign_items_are_moved_into_the_stream(self):
        from linq2pyarrow.arrow.interop import CapsuleRecordBatch

        items = [OnlyCArray(batch(0)), CapsuleRecordBatch(*batch(5).__arrow_c_array__())]
        _, values, error = self.read_capsule(pa.RecordBatchReader.from_batches(SCHEMA, items))
        self.assertIsNone(error)
        self.assertEqual(values, [rows(batch(0)), rows(batch(5))])

    def test_end_of_stream_is_sticky(self):
        stream = reader.CStream()
        pa.RecordBatchReader.from_batches(SCHEMA, [])._export_to_c(ctypes.addressof(stream))
        for _ in range(2):
            out = reader.CArray()
            out.release = 1
            self.assertEqual(reader.GET_NEXT(stream.get_next)(ctypes.addressof(stream), ctypes.addressof(out)), 0)
            self.assertFalse(out.release)
        self.assertIsNone(reader.GET_LAST_ERROR(stream.get_last_error)(ctypes.addressof(stream)))
        reader.release(ctypes.addressof(stream), reader.CStream)

    def test_unconsumed_stream_capsule_releases(self):
        capsule = pa.RecordBatchReader.from_batches(SCHEMA, [batch(0)]).__arrow_c_stream__()
        self.assertGreater(_cdata.live_exports(), self.baseline)
        del capsule

    def test_stream_moved_and_released_on_another_thread(self):
        capsule = pa.Table.from_batches([batch(0), batch(3)]).__arrow_c_stream__()
        moved = reader.move(reader.capsule_pointer(capsule, "arrow_array_stream"), reader.CStream)
        del capsule
        result = []
        thread = threading.Thread(target=lambda: result.append(reader.read_stream(ctypes.addressof(moved))))
        thread.start()
        thread.join()
        self.assertEqual(result[0][1], [rows(batch(0)), rows(batch(3))])

    def test_reader_is_single_use(self):
        source = pa.RecordBatchReader.from_batches(SCHEMA, [batch(0)])
        capsule = source.__arrow_c_stream__()
        with self.assertRaises(pa.ArrowInvalid):
            source.__arrow_c_stream__()
        with self.assertRaises(pa.ArrowInvalid):
            source.read_next_batch()
        del capsule

    def test_python_side_reading(self):
        source = pa.RecordBatchReader.from_batches(SCHEMA, iter([batch(0), batch(3)]))
        self.assertEqual(source.read_next_batch(), batch(0))
        self.assertEqual(source.read_all().to_pylist(), rows(batch(3)))
        with pa.RecordBatchReader.from_batches(SCHEMA, [batch(0)]) as r:
            self.assertEqual([b.num_rows for b in r], [3])

    def test_table_streams(self):
        table = pa.Table.from_batches([batch(0), batch(3).slice(1)])
        expected = [rows(batch(0)), rows(batch(3))[1:]]
        self.assertEqual(self.read_capsule(table)[1], expected)
        self.assertEqual(self.read_capsule(table)[1], expected)  # a table can be streamed again
        self.assertEqual(self.read_capsule(pa.Table.from_batches([], schema=SCHEMA))[1], [])


if __name__ == "__main__":
    unittest.main()
