import unittest

from linq2pyarrow.jdbc.errors import JDBCOptionError
from linq2pyarrow.filters import normalize_filters
from linq2pyarrow.jdbc.options import parse_options
from linq2pyarrow.jdbc.partitioning import RangePartitioning, partition_may_match

URL = "jdbc:sqlite:/tmp/x.db"


def spec(index, lower, upper, nulls=False):
    return {"index": index, "column": "id", "lower": lower, "upper": upper, "nulls": nulls}


class SparkSemantics(unittest.TestCase):
    def test_four_partitions(self):
        parts = RangePartitioning("id", 0, 100, 4).partitions()
        self.assertEqual(parts, [spec(0, None, 25, True), spec(1, 25, 50), spec(2, 50, 75), spec(3, 75, None)])

    def test_uneven_stride_keeps_last_partition_open(self):
        parts = RangePartitioning("id", 0, 10, 3).partitions()
        self.assertEqual([(p["lower"], p["upper"]) for p in parts], [(None, 3), (3, 6), (6, None)])

    def test_negative_bounds(self):
        parts = RangePartitioning("id", -10, 10, 2).partitions()
        self.assertEqual([(p["lower"], p["upper"]) for p in parts], [(None, 0), (0, None)])

    def test_narrow_range_reduces_partition_count(self):
        self.assertEqual(len(RangePartitioning("id", 0, 3, 10).partitions()), 3)

    def test_single_partition_is_unrestricted(self):
        for partitioning in (RangePartitioning("id", 0, 100, 1), RangePartitioning("id", 5, 5, 8)):
            self.assertEqual(partitioning.partitions(), [spec(0, None, None, True)])

    def test_every_value_lands_in_exactly_one_partition(self):
        parts = RangePartitioning("id", 3, 47, 6).partitions()
        for value in list(range(-20, 80)) + [None]:
            owners = [
                p["index"]
                for p in parts
                if (value is None and p["nulls"])
                or (
                    value is not None
                    and (p["lower"] is None or value >= p["lower"])
                    and (p["upper"] is None or value < p["upper"])
                )
            ]
            self.assertEqual(len(owners), 1, value)
            if value is None:
                self.assertEqual(owners, [0])


class OptionValidation(unittest.TestCase):
    def base(self, **extra):
        return dict({"url": URL, "dbtable": "t"}, **extra)

    def test_all_four_required_together(self):
        with self.assertRaises(JDBCOptionError) as ctx:
            parse_options(self.base(partitionColumn="id", lowerBound="0"))
        self.assertIn("missing: upperBound, numPartitions", str(ctx.exception))

    def test_numbers_validated(self):
        full = dict(partitionColumn="id", lowerBound="0", upperBound="10", numPartitions="2")
        for key, bad, fragment in [
            ("lowerBound", "x", "'lowerBound' must be an integer"),
            ("numPartitions", "0", "'numPartitions' must be >= 1"),
            ("upperBound", "-5", "must not be larger than 'upperBound'"),
        ]:
            with self.assertRaises(JDBCOptionError) as ctx:
                parse_options(self.base(**dict(full, **{key: bad})))
            self.assertIn(fragment, str(ctx.exception))
        self.assertEqual(parse_options(self.base(**full)).partitioning, RangePartitioning("id", 0, 10, 2))

    def test_query_cannot_be_partitioned(self):
        with self.assertRaises(JDBCOptionError) as ctx:
            parse_options(
                {
                    "url": URL,
                    "query": "select 1",
                    "partitionColumn": "id",
                    "lowerBound": "0",
                    "upperBound": "1",
                    "numPartitions": "2",
                }
            )
        self.assertIn("use 'dbtable'", str(ctx.exception))

    def test_dbtable_xor_query_and_fetchsize(self):
        for options in ({"url": URL}, {"url": URL, "dbtable": "t", "query": "select 1"}):
            with self.assertRaises(JDBCOptionError) as ctx:
                parse_options(options)
            self.assertIn("exactly one of the options 'dbtable'", str(ctx.exception))
        self.assertEqual(parse_options(self.base()).fetchsize, 10000)
        self.assertEqual(parse_options(self.base(fetchsize="7")).fetchsize, 7)
        self.assertEqual(parse_options({"url": URL, "query": " select 1 ;; "}).query, "select 1")


class Pruning(unittest.TestCase):
    parts = RangePartitioning("id", 0, 100, 4).partitions()  # <25|NULL, [25,50), [50,75), >=75

    def kept(self, filters):
        groups = normalize_filters(filters)
        return [p["index"] for p in self.parts if partition_may_match(p, groups)]

    def test_no_filters_keeps_all(self):
        self.assertEqual(self.kept(None), [0, 1, 2, 3])

    def test_comparisons(self):
        self.assertEqual(self.kept([("id", ">=", 60)]), [2, 3])
        self.assertEqual(self.kept([("id", ">", 74.5)]), [2, 3])
        self.assertEqual(self.kept([("id", "<", 25)]), [0])
        self.assertEqual(self.kept([("id", "<=", 25)]), [0, 1])
        self.assertEqual(self.kept([("id", "==", 50)]), [2])
        self.assertEqual(self.kept([("id", "==", 1000)]), [3])
        self.assertEqual(self.kept([("id", "==", -1000)]), [0])
        self.assertEqual(self.kept([("id", "in", [1, 80])]), [0, 3])
        self.assertEqual(self.kept([("id", "in", [])]), [])

    def test_and_or(self):
        self.assertEqual(self.kept([[("id", ">=", 30), ("id", "<", 40)]]), [1])
        self.assertEqual(self.kept([[("id", "<", 10)], [("id", ">", 90)]]), [0, 3])
        self.assertEqual(self.kept([[("id", ">", 60), ("id", "<", 30)]]), [])

    def test_nulls_and_negations_keep_the_first_partition(self):
        # NULL ids live in partition 0; only negations may match them.
        self.assertEqual(self.kept([("id", "!=", 5)]), [0, 1, 2, 3])
        self.assertEqual(self.kept([("id", "not in", [1, 2])]), [0, 1, 2, 3])
        self.assertEqual(self.kept([[("id", ">", 80), ("id", "!=", 5)]]), [3])

    def test_unknowable_terms_keep_partitions(self):
        self.assertEqual(self.kept([("name", "==", "x")]), [0, 1, 2, 3])
        self.assertEqual(self.kept([("id", "==", None)]), [0, 1, 2, 3])
        self.assertEqual(self.kept([("id", ">", "abc")]), [0, 1, 2, 3])


if __name__ == "__main__":
    unittest.main()
