"""Buffer-protocol and numpy inputs are exported without copying, and kept alive."""
import array
import ctypes
import gc
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import _cdata

from . import cabi_reader as reader

try:
    import numpy as np
except ImportError:
    np = None


def exported_data_address(arr):
    """Address of buffer 1 in the exported ArrowArray (capsules dropped afterwards)."""
    schema_capsule, array_capsule = arr.__arrow_c_array__()
    c_array = reader.CArray.from_address(reader.capsule_pointer(array_capsule, "arrow_array"))
    return c_array.buffers[1]


class BufferProtocolTest(unittest.TestCase):
    def setUp(self):
        self.baseline = _cdata.live_exports()

    def tearDown(self):
        gc.collect()
        self.assertEqual(_cdata.live_exports(), self.baseline)

    def test_array_array_is_not_copied(self):
        for code, data_type in (
            ("q", pa.int64()),
            ("d", pa.float64()),
            ("i", pa.int32()),
            ("H", pa.uint16()),
            ("b", pa.int8()),
            ("f", pa.float32()),
        ):
            with self.subTest(code=code):
                source = array.array(code, [1, 2, 3])
                arr = pa.array(source)
                self.assertEqual(arr.type, data_type)
                self.assertEqual(exported_data_address(arr), source.buffer_info()[0])
                self.assertEqual(arr.to_pylist(), source.tolist())

    def test_bytes_and_memoryview_are_not_copied(self):
        data = array.array("q", range(8)).tobytes()
        arr = pa.array(data, type=pa.int64())
        self.assertEqual(arr.to_pylist(), list(range(8)))
        address = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value
        self.assertEqual(exported_data_address(arr), address)
        view = memoryview(data)[16:]
        arr = pa.array(view, type=pa.timestamp("us"))
        self.assertEqual(exported_data_address(arr), address + 16)
        self.assertEqual(len(arr), 6)
        self.assertEqual(pa.array(b"\x01\x02").to_pylist(), [1, 2])  # uint8

    def test_storage_reinterpretation_and_conversion(self):
        source = array.array("q", [0, 86400 * 10**6])
        arr = pa.array(source, type=pa.timestamp("us"))
        self.assertEqual(exported_data_address(arr), source.buffer_info()[0])
        converted = pa.array(array.array("i", [1, 2]), type=pa.int64())  # different width: values convert
        self.assertEqual(converted.to_pylist(), [1, 2])

    def test_misaligned_memory_is_copied_to_aligned_memory(self):
        raw = bytes(1) + array.array("q", [7, 8]).tobytes()
        arr = pa.array(memoryview(raw)[1:], type=pa.int64())
        self.assertEqual(arr.to_pylist(), [7, 8])
        self.assertEqual(exported_data_address(arr) % 64, 0)

    def test_mask(self):
        arr = pa.array(array.array("q", [1, 2, 3]), mask=[False, True, False])
        self.assertEqual(reader.read_exported(arr)[1], [1, None, 3])

    def test_source_stays_alive_until_release(self):
        source = array.array("q", range(1000))
        address = source.buffer_info()[0]
        schema_capsule, array_capsule = pa.array(source).__arrow_c_array__()
        del source
        gc.collect()
        # The exported struct still owns the data: the reader sees the original values.
        values = reader.read_capsules(schema_capsule, array_capsule)[1]
        self.assertEqual(values, list(range(1000)))
        self.assertEqual(
            reader.CArray.from_address(reader.capsule_pointer(array_capsule, "arrow_array")).buffers[1], address
        )

    def test_exported_source_cannot_be_resized(self):
        source = array.array("q", [1, 2, 3])
        arr = pa.array(source)
        with self.assertRaises(BufferError):
            source.append(4)
        del arr


@unittest.skipIf(np is None, "numpy not installed")
class NumpyTest(unittest.TestCase):
    def test_numeric_arrays_are_not_copied(self):
        for dtype, data_type in (
            ("int64", pa.int64()),
            ("int8", pa.int8()),
            ("uint32", pa.uint32()),
            ("float32", pa.float32()),
            ("float64", pa.float64()),
            ("float16", pa.float16()),
        ):
            with self.subTest(dtype=dtype):
                source = np.arange(10, dtype=dtype)
                arr = pa.array(source)
                self.assertEqual(arr.type, data_type)
                self.assertEqual(exported_data_address(arr), source.ctypes.data)
                self.assertEqual(reader.read_exported(arr)[1], source.tolist())

    def test_views_with_offsets_are_not_copied(self):
        source = np.arange(10, dtype="int64")
        arr = pa.array(source[3:])
        self.assertEqual(exported_data_address(arr), source.ctypes.data + 24)

    def test_datetime64_is_not_copied_and_nat_is_null(self):
        source = np.array(["2020-01-01T00:00:00.000001", "NaT"], dtype="datetime64[us]")
        arr = pa.array(source)
        self.assertEqual(arr.type, pa.timestamp("us"))
        self.assertEqual(exported_data_address(arr), source.ctypes.data)
        import datetime

        self.assertEqual(reader.read_exported(arr)[1], [datetime.datetime(2020, 1, 1, 0, 0, 0, 1), None])
        self.assertEqual(pa.array(np.array([5], dtype="timedelta64[ms]")).type, pa.duration("ms"))

    def test_copies_when_needed(self):
        strided = np.arange(10, dtype="int64")[::2]
        self.assertEqual(pa.array(strided).to_pylist(), [0, 2, 4, 6, 8])
        big_endian = np.arange(3, dtype=">i4")
        self.assertEqual(pa.array(big_endian).to_pylist(), [0, 1, 2])
        self.assertEqual(pa.array(np.array([True, False, True])).to_pylist(), [True, False, True])
        self.assertEqual(pa.array(np.array(["a", "bc"])).to_pylist(), ["a", "bc"])
        self.assertEqual(pa.array(np.arange(3, dtype="int32"), type=pa.int64()).type, pa.int64())
        self.assertEqual(pa.array(np.arange(3), mask=np.array([True, False, False])).to_pylist(), [None, 1, 2])
        with self.assertRaises(pa.ArrowInvalid):
            pa.array(np.zeros((2, 2)))

    def test_numpy_columns_in_a_batch(self):
        ints = np.arange(100, dtype="int64")
        batch = pa.RecordBatch.from_pydict({"i": ints, "f": np.linspace(0, 1, 100)})
        self.assertEqual(batch.schema.types, [pa.int64(), pa.float64()])
        self.assertEqual(exported_data_address(batch.column(0)), ints.ctypes.data)


if __name__ == "__main__":
    unittest.main()
