"""RecordBatch and Table: construction, API, and the exported struct layout."""
import ctypes
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import _cdata

from . import cabi_reader as reader

ROWS = [
    {"id": 1, "name": "a", "score": 1.5},
    {"id": 2, "name": None, "score": None},
    {"id": 3, "name": "ccc", "score": 3.0},
    {"id": 4, "name": "dd", "score": -1.0},
]


def make_batch():
    return pa.RecordBatch.from_pylist(ROWS)


class RecordBatchTest(unittest.TestCase):
    def setUp(self):
        self.baseline = _cdata.live_exports()

    def tearDown(self):
        self.assertEqual(_cdata.live_exports(), self.baseline)

    def test_constructors_agree(self):
        by_rows = make_batch()
        by_dict = pa.RecordBatch.from_pydict({k: [r[k] for r in ROWS] for k in ("id", "name", "score")})
        by_arrays = pa.RecordBatch.from_arrays(
            [pa.array([r[k] for r in ROWS]) for k in ("id", "name", "score")], names=["id", "name", "score"]
        )
        self.assertEqual(by_rows, by_dict)
        self.assertEqual(by_rows, by_arrays)
        self.assertEqual(pa.record_batch({"id": [1]}).num_rows, 1)
        self.assertEqual(by_rows.schema.types, [pa.int64(), pa.string(), pa.float64()])

    def test_with_schema(self):
        schema = pa.schema(
            [pa.field("id", pa.int32(), nullable=False), ("name", pa.large_string())], metadata={"source": "test"}
        )
        batch = pa.RecordBatch.from_pylist(ROWS, schema=schema)
        self.assertEqual(batch.schema, schema)
        self.assertEqual(batch.column("id").type, pa.int32())
        self.assertEqual(batch.to_pylist(), [{"id": r["id"], "name": r["name"]} for r in ROWS])
        with self.assertRaises(KeyError):
            pa.RecordBatch.from_pydict({"id": [1]}, schema=schema)
        with self.assertRaises(pa.ArrowInvalid):
            pa.RecordBatch.from_arrays([pa.array([1]), pa.array([1, 2])], names=["a", "b"])

    def test_accessors(self):
        batch = make_batch()
        self.assertEqual(batch.num_rows, 4)
        self.assertEqual(len(batch), 4)
        self.assertEqual(batch.num_columns, 3)
        self.assertEqual(batch.column_names, ["id", "name", "score"])
        self.assertEqual(batch.column(1).to_pylist(), ["a", None, "ccc", "dd"])
        self.assertEqual(batch["score"].to_pylist(), [1.5, None, 3.0, -1.0])
        self.assertEqual(batch.field("id").type, pa.int64())
        self.assertEqual(batch.to_pydict()["id"], [1, 2, 3, 4])
        self.assertEqual(batch.to_pylist(), ROWS)
        self.assertEqual(batch.select(["score", "id"]).column_names, ["score", "id"])
        self.assertEqual(batch.select([2]).column_names, ["score"])
        self.assertEqual(batch.slice(1, 2).to_pylist(), ROWS[1:3])
        self.assertEqual(batch[2:].to_pylist(), ROWS[2:])
        with self.assertRaises(KeyError):
            batch.column("missing")

    def test_export_is_a_struct_with_offset_zero(self):
        batch = make_batch().slice(1, 3)
        schema_capsule, array_capsule = batch.__arrow_c_array__()
        c_array = reader.CArray.from_address(reader.capsule_pointer(array_capsule, "arrow_array"))
        self.assertEqual((c_array.length, c_array.offset, c_array.null_count, c_array.n_buffers), (3, 0, 0, 1))
        self.assertFalse(c_array.buffers[0])
        self.assertEqual([c_array.children[i].contents.offset for i in range(3)], [1, 1, 1])
        schema, rows = reader.read_capsules(schema_capsule, array_capsule)
        self.assertEqual(schema["format"], "+s")
        self.assertEqual(schema["flags"], 0)
        self.assertEqual([c["name"] for c in schema["children"]], ["id", "name", "score"])
        self.assertEqual(rows, ROWS[1:])

    def test_schema_flags_and_metadata(self):
        schema = pa.schema(
            [
                pa.field("a", pa.int8(), nullable=False, metadata={"k": "v"}),
                pa.field("b", pa.dictionary(pa.int8(), pa.string(), ordered=True)),
            ],
            metadata={b"origin": b"\x00bytes"},
        )
        c_schema = reader.read_schema(reader.capsule_pointer(schema.__arrow_c_schema__(), "arrow_schema"))
        self.assertEqual(c_schema["metadata"], {b"origin": b"\x00bytes"})
        a, b = c_schema["children"]
        self.assertEqual((a["name"], a["format"], a["flags"], a["metadata"]), ("a", "c", 0, {b"k": b"v"}))
        self.assertEqual((b["format"], b["flags"]), ("c", _cdata.FLAG_NULLABLE | _cdata.FLAG_DICTIONARY_ORDERED))
        self.assertEqual(b["dictionary"]["format"], "u")

    def test_legacy_export_to_c(self):
        batch = make_batch()
        c_array, c_schema = reader.CArray(), reader.CSchema()
        batch._export_to_c(ctypes.addressof(c_array), ctypes.addressof(c_schema))
        schema = reader.read_schema(ctypes.addressof(c_schema))
        self.assertEqual(reader.read_array(ctypes.addressof(c_array), schema), ROWS)
        reader.release(ctypes.addressof(c_array), reader.CArray)
        reader.release(ctypes.addressof(c_schema), reader.CSchema)
        # Array and Schema have the same legacy API.
        arr_struct, arr_schema = reader.CArray(), reader.CSchema()
        batch.column(1)._export_to_c(ctypes.addressof(arr_struct), ctypes.addressof(arr_schema))
        self.assertEqual(
            reader.read_array(ctypes.addressof(arr_struct), reader.read_schema(ctypes.addressof(arr_schema))),
            ["a", None, "ccc", "dd"],
        )
        reader.release(ctypes.addressof(arr_struct), reader.CArray)
        reader.release(ctypes.addressof(arr_schema), reader.CSchema)
        only_schema = reader.CSchema()
        batch.schema._export_to_c(ctypes.addressof(only_schema))
        self.assertEqual(reader.read_schema(ctypes.addressof(only_schema))["format"], "+s")
        reader.release(ctypes.addressof(only_schema), reader.CSchema)

    def test_zero_columns_and_zero_rows(self):
        empty = pa.RecordBatch.from_pydict({"a": pa.array([], pa.int64())})
        self.assertEqual(reader.read_exported(empty)[1], [])
        no_columns = pa.RecordBatch.from_pydict({})
        self.assertEqual(no_columns.num_rows, 0)
        self.assertEqual(reader.read_exported(no_columns)[1], [])

    def test_rows_without_columns(self):
        """What a source yields when a query needs no column: the rows still count."""
        three = pa.RecordBatch.from_pydict({}, num_rows=3)
        self.assertEqual((three.num_rows, three.num_columns), (3, 0))
        self.assertEqual(reader.read_exported(three)[1], [{}, {}, {}])
        self.assertEqual(pa.RecordBatch.from_arrays([], names=[], num_rows=2).num_rows, 2)
        self.assertEqual(pa.RecordBatch.from_pylist([{}, {}, {}, {}]).num_rows, 4)
        self.assertEqual(pa.RecordBatch.from_pylist(ROWS, schema=pa.schema([])).num_rows, len(ROWS))
        self.assertEqual(pa.Table.from_pydict({}, num_rows=5).num_rows, 5)
        self.assertEqual(pa.RecordBatch.from_pydict({"id": [1, 2]}, num_rows=2).num_rows, 2)
        with self.assertRaisesRegex(pa.ArrowInvalid, "column 'id' has 2 rows, expected 3"):
            pa.RecordBatch.from_pydict({"id": [1, 2]}, num_rows=3)


class TableTest(unittest.TestCase):
    def test_table_api(self):
        batch = make_batch()
        table = pa.Table.from_batches([batch, batch.slice(1, 2)])
        self.assertEqual(table.num_rows, 6)
        self.assertEqual(table.column("id").to_pylist(), [1, 2, 3, 4, 2, 3])
        self.assertEqual(table.column(0).num_chunks, 2)
        self.assertEqual(table.slice(3, 2).to_pylist(), [ROWS[3], ROWS[1]])
        self.assertEqual(table.select(["name"]).column_names, ["name"])
        self.assertEqual(len(table.to_batches()), 2)
        self.assertEqual(pa.table({"a": [1, 2]}).to_pydict(), {"a": [1, 2]})
        self.assertEqual(pa.table(ROWS).to_pylist(), ROWS)
        self.assertEqual(pa.Table.from_pylist(ROWS), pa.table(ROWS))
        with self.assertRaises(pa.ArrowInvalid):
            pa.Table.from_batches([])
        self.assertEqual(pa.Table.from_batches([], schema=batch.schema).num_rows, 0)
        self.assertEqual(pa.chunked_array([[1], [2, 3]]).to_pylist(), [1, 2, 3])


if __name__ == "__main__":
    unittest.main()
