import os
import tempfile
import unittest

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:
    pa = None

from parquet_source import ParquetSource


class WithoutPyarrow(unittest.TestCase):
    def test_clear_import_error(self):
        if pa is not None:
            self.skipTest("pyarrow installed: the missing-pyarrow error path does not apply")
        with self.assertRaises(ImportError) as ctx:
            ParquetSource().infer_schema({"path": "/nonexistent"})
        self.assertIn("ParquetSource needs pyarrow", str(ctx.exception))


@unittest.skipUnless(pa, "pyarrow not installed: ParquetSource end-to-end test skipped")
class ParquetSourceTest(unittest.TestCase):
    def test_partitions_projection_filters_limit(self):
        with tempfile.TemporaryDirectory() as tmp:
            pq.write_table(pa.table({"id": [1, 2, 3], "name": ["a", "ü", None]}), os.path.join(tmp, "a.parquet"))
            pq.write_table(pa.table({"id": [4, 5], "name": ["d", "e"]}), os.path.join(tmp, "b.parquet"))
            source, options = ParquetSource(), {"path": tmp}
            self.assertEqual(source.infer_schema(options).names, ["id", "name"])
            specs = source.plan_partitions(options)
            self.assertEqual([os.path.basename(s["file"]) for s in specs], ["a.parquet", "b.parquet"])
            rows = [
                r
                for s in specs
                for b in source.read_partition(s, options, columns=["name"], filters=[("id", ">=", 2)])
                for r in b.to_pylist()
            ]
            self.assertEqual(rows, [{"name": "ü"}, {"name": None}, {"name": "d"}, {"name": "e"}])
            limited = [r for b in source.read_partition(specs[0], options, limit=2) for r in b.to_pylist()]
            self.assertEqual(limited, [{"id": 1, "name": "a"}, {"id": 2, "name": "ü"}])


if __name__ == "__main__":
    unittest.main()
