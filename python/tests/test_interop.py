"""Moving structs made by other C producers into capsules (the GDAL path)."""
import ctypes
import gc
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import _cdata
from linq2pyarrow.arrow.interop import (
    CapsuleArrayStream,
    CapsuleRecordBatch,
    array_capsule_from_address,
    capsule_to_address,
    schema_capsule_from_address,
    stream_capsule_from_address,
)

from . import cabi_reader as reader


def foreign_batch():
    """Structs at raw addresses, as GDAL's OGRLayer.GetArrowStream batches would be."""
    c_array, c_schema = reader.CArray(), reader.CSchema()
    pa.RecordBatch.from_pydict({"a": [1, None], "b": ["x", "y"]})._export_to_c(
        ctypes.addressof(c_array), ctypes.addressof(c_schema)
    )
    return c_array, c_schema


class InteropTest(unittest.TestCase):
    def setUp(self):
        gc.collect()
        self.baseline = _cdata.live_exports()

    def tearDown(self):
        gc.collect()
        self.assertEqual(_cdata.live_exports(), self.baseline)

    def test_capsule_record_batch_moves_and_hands_out_once(self):
        c_array, c_schema = foreign_batch()
        wrapped = CapsuleRecordBatch.from_addresses(ctypes.addressof(c_array), ctypes.addressof(c_schema))
        self.assertFalse(c_array.release)  # moved: the source struct is marked released
        self.assertFalse(c_schema.release)
        schema, values = reader.read_capsules(*wrapped.__arrow_c_array__())
        self.assertEqual(values, [{"a": 1, "b": "x"}, {"a": None, "b": "y"}])
        with self.assertRaises(RuntimeError):
            wrapped.__arrow_c_array__()

    def test_individual_capsules_release_when_dropped(self):
        c_array, c_schema = foreign_batch()
        schema_capsule = schema_capsule_from_address(ctypes.addressof(c_schema))
        array_capsule = array_capsule_from_address(ctypes.addressof(c_array))
        self.assertEqual(_cdata.capsule_name(schema_capsule), "arrow_schema")
        self.assertEqual(_cdata.capsule_name(array_capsule), "arrow_array")
        del schema_capsule, array_capsule  # tearDown checks everything was released

    def test_stream_capsule(self):
        c_stream = reader.CStream()
        pa.Table.from_pydict({"a": [1, 2]}).to_reader()._export_to_c(ctypes.addressof(c_stream))
        wrapped = CapsuleArrayStream.from_address(ctypes.addressof(c_stream))
        self.assertFalse(c_stream.release)
        capsule = wrapped.__arrow_c_stream__()
        _, values, error = reader.read_stream(reader.capsule_pointer(capsule, "arrow_array_stream"))
        self.assertEqual(values, [[{"a": 1}, {"a": 2}]])
        with self.assertRaises(RuntimeError):
            wrapped.__arrow_c_stream__()
        source = _exported_stream()
        capsule = stream_capsule_from_address(ctypes.addressof(source))
        self.assertEqual(_cdata.capsule_name(capsule), "arrow_array_stream")

    def test_capsule_to_address(self):
        schema_capsule, array_capsule = pa.array(["q"]).__arrow_c_array__()
        c_array, c_schema = reader.CArray(), reader.CSchema()
        capsule_to_address(array_capsule, ctypes.addressof(c_array))
        capsule_to_address(schema_capsule, ctypes.addressof(c_schema))
        self.assertEqual(
            reader.read_array(ctypes.addressof(c_array), reader.read_schema(ctypes.addressof(c_schema))), ["q"]
        )
        target = reader.CArray()
        with self.assertRaises(ValueError):  # already moved out
            capsule_to_address(array_capsule, ctypes.addressof(target))
        reader.release(ctypes.addressof(c_array), reader.CArray)
        reader.release(ctypes.addressof(c_schema), reader.CSchema)

    def test_invalid_inputs(self):
        released = reader.CArray()
        with self.assertRaises(ValueError):
            array_capsule_from_address(ctypes.addressof(released))
        with self.assertRaises(ValueError):
            array_capsule_from_address(0)
        schema_capsule, array_capsule = pa.array([1]).__arrow_c_array__()
        with self.assertRaises(ValueError):
            CapsuleRecordBatch(array_capsule, schema_capsule)  # swapped
        with self.assertRaises(ValueError):
            capsule_to_address(object(), 0)


def _exported_stream():
    c_stream = reader.CStream()
    pa.RecordBatchReader.from_batches(pa.schema([("a", pa.int8())]), [])._export_to_c(ctypes.addressof(c_stream))
    return c_stream


if __name__ == "__main__":
    unittest.main()
