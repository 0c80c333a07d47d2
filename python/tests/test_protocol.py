"""The Source protocol (the filter helpers: test_filters.py)."""
import unittest

import linq2pyarrow
from linq2pyarrow import arrow as pa
from linq2pyarrow.protocol import ArrowArrayExportable, ArrowSchemaExportable, ArrowStreamExportable, Source


class MinimalSource:
    def infer_schema(self, options):
        return pa.schema([("x", pa.int64())])

    def plan_partitions(self, options):
        return [{}]

    def read_partition(self, partition_spec, options):
        yield pa.RecordBatch.from_pydict({"x": [1]})


class ProtocolTest(unittest.TestCase):
    def test_package(self):
        self.assertEqual(linq2pyarrow.__version__, "0.1.0")
        self.assertIs(linq2pyarrow.Source, Source)

    def test_runtime_checkable(self):
        self.assertIsInstance(MinimalSource(), Source)
        self.assertNotIsInstance(object(), Source)
        batch = pa.RecordBatch.from_pydict({"x": [1]})
        self.assertIsInstance(batch, ArrowArrayExportable)
        self.assertIsInstance(batch.schema, ArrowSchemaExportable)
        self.assertIsInstance(pa.Table.from_batches([batch]), ArrowStreamExportable)
        self.assertNotIsInstance(batch, ArrowStreamExportable)

    def test_minimal_source_round_trip(self):
        source = MinimalSource()
        specs = source.plan_partitions({})
        batches = list(source.read_partition(specs[0], {}))
        self.assertEqual(batches[0].schema, source.infer_schema({}))


if __name__ == "__main__":
    unittest.main()
