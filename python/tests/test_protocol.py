"""The Source protocol and the pure-Python DNF filter helpers."""
import datetime
import decimal
import unittest

import linq2pyarrow
from linq2pyarrow import arrow as pa
from linq2pyarrow.protocol import (ArrowArrayExportable, ArrowSchemaExportable, ArrowStreamExportable, Source,
                                   apply_filters, filters_match, normalize_filters)


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


ROW = {"i": 5, "f": 2.5, "s": "abc", "b": True, "raw": b"\x01", "d": datetime.date(2020, 1, 2),
       "ts": datetime.datetime(2020, 1, 2, 3, tzinfo=datetime.timezone.utc), "dec": decimal.Decimal("1.50"),
       "n": None}


class FiltersTest(unittest.TestCase):
    def test_operators(self):
        cases = [
            (("i", "==", 5), True), (("i", "!=", 5), False), (("i", "<", 6), True), (("i", "<=", 5), True),
            (("i", ">", 5), False), (("i", ">=", 5), True), (("i", "in", [1, 5]), True),
            (("i", "not in", [1, 5]), False), (("f", ">", 2), True), (("s", "<", "abd"), True),
            (("b", "==", True), True), (("raw", "==", b"\x01"), True),
            (("d", ">=", datetime.date(2020, 1, 1)), True),
            (("ts", "==", datetime.datetime(2020, 1, 2, 4, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))),
             True),
            (("dec", "==", decimal.Decimal("1.5")), True), (("dec", "<", 2), True),
        ]
        for predicate, expected in cases:
            with self.subTest(predicate=predicate):
                self.assertEqual(filters_match(ROW, [[predicate]]), expected)

    def test_none_and_missing_values_never_match(self):
        for op, value in (("==", 1), ("!=", 1), ("<", 1), ("in", [1]), ("not in", [1])):
            with self.subTest(op=op):
                self.assertFalse(filters_match(ROW, [[("n", op, value)]]))
                self.assertFalse(filters_match(ROW, [[("missing", op, value)]]))

    def test_dnf_structure(self):
        self.assertTrue(filters_match(ROW, None))
        self.assertTrue(filters_match(ROW, []))
        self.assertTrue(filters_match(ROW, [[("i", "==", 5), ("s", "==", "abc")]]))
        self.assertFalse(filters_match(ROW, [[("i", "==", 5), ("s", "==", "x")]]))
        self.assertTrue(filters_match(ROW, [[("i", "==", 0)], [("s", "==", "abc")]]))
        self.assertFalse(filters_match(ROW, [[("i", "==", 0)], [("s", "==", "x")]]))
        self.assertTrue(filters_match(ROW, [("i", "==", 5), ("f", "<", 3)]))  # flat list = one conjunction

    def test_incomparable_values_keep_the_row(self):
        naive = datetime.datetime(2020, 1, 1)
        self.assertTrue(filters_match(ROW, [[("ts", "<", naive)]]))
        self.assertTrue(filters_match(ROW, [[("s", ">", 3)]]))

    def test_normalize_and_apply(self):
        self.assertIsNone(normalize_filters(None))
        self.assertEqual(normalize_filters([("a", "==", 1)]), [[("a", "==", 1)]])
        self.assertEqual(normalize_filters([[["a", "in", (1,)]]]), [[("a", "in", (1,))]])
        for bad in ([[("a", "~", 1)]], [[("a", "==")]], [[("a", "in", 1)]]):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                normalize_filters(bad)
        rows = [{"a": i} for i in range(6)]
        self.assertEqual(list(apply_filters(rows, [[("a", "<", 2)], [("a", "==", 4)]])),
                         [{"a": 0}, {"a": 1}, {"a": 4}])
        self.assertEqual(list(apply_filters(rows, None)), rows)


if __name__ == "__main__":
    unittest.main()
