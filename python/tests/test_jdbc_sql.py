import datetime as dt
import unittest
from decimal import Decimal

from linq2pyarrow.jdbc.backends.postgres import DIALECT as PG
from linq2pyarrow.jdbc.backends.sqlite import DIALECT as SQLITE
from linq2pyarrow.jdbc.errors import JDBCOptionError
from linq2pyarrow.filters import normalize_filters
from linq2pyarrow.jdbc.options import parse_options
from linq2pyarrow.jdbc.sql import Dialect, build_select, from_clause

INJECTION = "x'); DROP TABLE t; --"


def build(dialect, columns=None, partition=None, filters=None, limit=None, source="t"):
    return build_select(dialect, source, columns, partition, normalize_filters(filters), limit)


class SelectText(unittest.TestCase):
    def test_projection_and_limit(self):
        self.assertEqual(build(PG, ["id", "Name"], limit=10), ('SELECT "id", "Name" FROM t LIMIT 10', []))
        self.assertEqual(build(SQLITE), ("SELECT * FROM t", []))

    def test_comparisons_are_bound(self):
        sql, params = build(SQLITE, ["a"], filters=[("a", ">=", 1), ("b", "<", 2.5), ("c", "==", "x")])
        self.assertEqual(sql, 'SELECT "a" FROM t WHERE "a" >= ? AND "b" < ? AND "c" = ?')
        self.assertEqual(params, [1, 2.5, "x"])

    def test_or_of_ands_in_and_negations(self):
        sql, params = build(PG, ["a"], filters=[[("a", "in", [1, 2]), ("b", "!=", "z")], [("c", "not in", ["q"])]])
        self.assertEqual(
            sql,
            'SELECT "a" FROM t WHERE ("a" IN (%s, %s) AND ("b" <> %s OR "b" IS NULL)) OR '
            '(("c" NOT IN (%s) OR "c" IS NULL))',
        )
        self.assertEqual(params, [1, 2, "z", "q"])

    def test_empty_in_lists(self):
        self.assertEqual(build(SQLITE, ["a"], filters=[("a", "in", [])]), ('SELECT "a" FROM t WHERE 1 = 0', []))
        self.assertEqual(build(SQLITE, ["a"], filters=[("a", "not in", [])]), ('SELECT "a" FROM t', []))

    def test_none_values_are_not_pushed(self):
        self.assertEqual(
            build(PG, ["a"], filters=[("a", "==", None), ("b", "==", 1)]), ('SELECT "a" FROM t WHERE "b" = %s', [1])
        )
        # One group reduced to TRUE makes the whole OR TRUE and drops the other group's parameters.
        self.assertEqual(build(PG, ["a"], filters=[[("b", "==", 1)], [("a", "==", None)]]), ('SELECT "a" FROM t', []))

    def test_sqlite_leaves_temporal_filters_and_converts_decimals(self):
        sql, params = build(SQLITE, ["a"], filters=[("d", ">", dt.date(2020, 1, 1)), ("n", "<", Decimal("1.25"))])
        self.assertEqual((sql, params), ('SELECT "a" FROM t WHERE "n" < ?', [1.25]))
        sql, params = build(PG, ["a"], filters=[("d", ">", dt.date(2020, 1, 1))])
        self.assertEqual(params, [dt.date(2020, 1, 1)])

    def test_partition_with_filters(self):
        part = {"column": "id", "lower": None, "upper": 25, "nulls": True}
        self.assertEqual(
            build(PG, ["id"], part, [("x", "==", 3)], 5),
            ('SELECT "id" FROM t WHERE ("id" < 25 OR "id" IS NULL) AND ("x" = %s) LIMIT 5', [3]),
        )
        middle = {"column": "id", "lower": 25, "upper": 50, "nulls": False}
        self.assertEqual(build(SQLITE, ["id"], middle), ('SELECT "id" FROM t WHERE "id" >= 25 AND "id" < 50', []))
        last = {"column": "id", "lower": 75, "upper": None, "nulls": False}
        self.assertEqual(build(SQLITE, ["id"], last), ('SELECT "id" FROM t WHERE "id" >= 75', []))

    def test_numeric_placeholders(self):
        dialect = Dialect("postgresql", "numeric")
        self.assertEqual(
            build(dialect, ["a"], filters=[[("a", "==", 1)], [("a", "in", [2, 3])]]),
            ('SELECT "a" FROM t WHERE ("a" = $1) OR ("a" IN ($2, $3))', [1, 2, 3]),
        )

    def test_query_option_is_wrapped_and_percent_escaped_for_psycopg2(self):
        opts = parse_options({"url": "jdbc:postgresql://h/db", "query": "select * from t where s like 'a%';"})
        self.assertEqual(from_clause(opts, PG), "(select * from t where s like 'a%%') AS q")
        self.assertEqual(from_clause(opts, SQLITE), "(select * from t where s like 'a%') AS q")


class Injection(unittest.TestCase):
    def test_values_are_only_parameters(self):
        for dialect in (PG, SQLITE):
            sql, params = build(dialect, ["a"], filters=[("a", "==", INJECTION), ("b", "in", [INJECTION])])
            self.assertNotIn("DROP", sql)
            self.assertEqual(params, [INJECTION, INJECTION])

    def test_identifiers_are_quoted(self):
        sql, _ = build(SQLITE, ['we"ird', "x'); DROP TABLE t; --"])
        self.assertEqual(sql, 'SELECT "we""ird", "x\'); DROP TABLE t; --" FROM t')
        self.assertEqual(build(PG, ["50%"])[0], 'SELECT "50%%" FROM t')
        with self.assertRaises(JDBCOptionError):
            build(PG, ["nul\x00"])

    def test_dbtable_grammar(self):
        for good in ("orders", "sales.orders", '"Order Lines"', '"a""b".c', "tëst"):
            self.assertEqual(parse_options({"url": "jdbc:sqlite:x.db", "dbtable": good}).dbtable, good)
        for bad in ("t; DROP TABLE t", "(select 1) q", "t --", '"unterminated', "1abc", "a..b"):
            with self.assertRaises(JDBCOptionError) as ctx:
                parse_options({"url": "jdbc:sqlite:x.db", "dbtable": bad})
            self.assertIn("use the 'query' option", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
