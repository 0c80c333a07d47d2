"""The jdbc source applies filters per the contract (linq2pyarrow.filters) on SQLite and PostgreSQL.

For every column type, with random filters: the rows read with the filters are exactly the rows read without
them that the contract's evaluator keeps, or a superset where a term cannot be rendered (never fewer rows).
"""
import datetime as dt
import os
import random
import sqlite3
import tempfile
import unittest
import uuid
from decimal import Decimal

from linq2pyarrow.filters import is_pushable, row_matches
from linq2pyarrow.jdbc import JDBCArrowDataSource

PG_URL = os.environ.get("LINQ2PYARROW_TEST_PG_URL")
try:
    import psycopg2
except ImportError:
    psycopg2 = None

NAN = float("nan")
STRINGS = ["", "a", "abc", "ABC", "a\x00b", "\U0001F600", "\ufffd", "\u00e4"]


def _rows(seed, count):
    rng = random.Random(seed)

    def maybe(values):
        return None if rng.random() < 0.2 else rng.choice(values)

    return [
        {
            "id": i,
            "k": maybe([0, 5, -1, 2**53 + 1, 2**63 - 1]),
            "r": maybe([NAN, -0.0, 1.5, float("inf"), -7.25]),
            "t": maybe(STRINGS),
            "b": maybe([True, False]),
        }
        for i in range(count)
    ]


OPERANDS = {
    "k": [0, 5, -1, 2**53 + 1, 2**63 - 1, 2.5, 10**30],
    "r": [NAN, -0.0, 0.0, 1.5, float("inf"), -7.25, 1],
    "t": STRINGS + ["zz"],
    "b": [True, False],
}


def _random_filters(rng, operands):
    filters = []
    for _ in range(rng.randint(1, 3)):
        conjunction = []
        for _ in range(rng.randint(1, 3)):
            column = rng.choice(sorted(operands))
            ops = (
                ("==", "!=", "in", "not in")
                if column in ("t", "b", "u", "j", "c")
                else ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
            )
            op = rng.choice(ops)
            pool = operands[column]
            value = rng.sample(pool, rng.randint(0, min(3, len(pool)))) if op in ("in", "not in") else rng.choice(pool)
            conjunction.append((column, op, value))
        filters.append(conjunction)
    return filters


def _same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and a != a and b != b)


class _ContractCase:
    source = JDBCArrowDataSource()

    def read(self, options, filters=None):
        rows = []
        for spec in self.source.plan_partitions(options, filters=filters):
            rows += [r for b in self.source.read_partition(spec, options, filters=filters) for r in b.to_pylist()]
        return sorted(rows, key=lambda r: r["id"])

    def check(self, options, operands, inexact=(), queries=120, seed=3):
        """Never fewer rows than the contract keeps; exactly those when every term can be rendered exactly.

        Not exact: terms on *inexact* columns (left out, or NaN ordered above all), unpushable terms, ``in``
        lists holding NaN, string orderings (left out: databases order by collation).
        """
        everything = self.read(options)
        rng = random.Random(seed)
        for _ in range(queries):
            filters = _random_filters(rng, operands)
            terms = [t for c in filters for t in c]
            exact = all(
                is_pushable(op, v)
                and column not in inexact
                and not (op == "in" and any(x != x for x in v))
                and not (isinstance(v, str) and op in ("<", "<=", ">", ">="))
                for column, op, v in terms
            )
            with self.subTest(filters=filters):
                got = [r["id"] for r in self.read(options, filters)]
                expected = [r["id"] for r in everything if row_matches(r, filters)]
                self.assertLessEqual(set(expected), set(got), "a row the contract keeps was dropped")
                if exact:
                    self.assertEqual(got, expected)


class SqliteContract(_ContractCase, unittest.TestCase):
    def test_random_filters(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "c.sqlite")
            conn = sqlite3.connect(path)
            conn.execute("CREATE TABLE c (id INTEGER, k INTEGER, r REAL, t TEXT, b BOOLEAN)")
            conn.executemany("INSERT INTO c VALUES (:id, :k, :r, :t, :b)", _rows(1, 60))
            conn.commit()
            conn.close()
            options = {
                "url": f"jdbc:sqlite:{path}",
                "dbtable": "c",
                "partitionColumn": "id",
                "lowerBound": "0",
                "upperBound": "60",
                "numPartitions": "3",
            }
            operands = dict(OPERANDS, k=[v for v in OPERANDS["k"] if not isinstance(v, int) or abs(v) < 2**63])
            self.check(options, operands)


@unittest.skipUnless(PG_URL and psycopg2, "LINQ2PYARROW_TEST_PG_URL is not set or psycopg2 is missing")
class PostgresContract(_ContractCase, unittest.TestCase):
    def setUp(self):
        self.conn = psycopg2.connect(PG_URL)
        self.conn.autocommit = True
        self.name = f"l2pa_{uuid.uuid4().hex[:12]}"

    def tearDown(self):
        with self.conn.cursor() as cur:
            cur.execute(f'DROP TABLE IF EXISTS "{self.name}"')
        self.conn.close()

    def create(self):
        rng = random.Random(2)
        uuids = ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000001"]
        with self.conn.cursor() as cur:
            cur.execute(
                f'CREATE TABLE "{self.name}" (id int8, k int8, r float8, t text, b bool, u uuid, n numeric, '
                "j jsonb, c char(4), f real, m numeric(10, 2), ts timestamptz)"
            )
            for row in _rows(2, 60):
                row = dict(row, t=None if row["t"] is None else row["t"].replace("\x00", ""))
                extra = (
                    rng.choice(uuids + [None]),
                    rng.choice([Decimal("1.50"), Decimal("2"), None]),
                    rng.choice(['{"a": 1}', "[]", None]),
                    rng.choice(["ab", "abcd", None]),
                    rng.choice([0.1, 1.5, None]),
                    rng.choice([Decimal("1.50"), Decimal("-3.25"), None]),
                    rng.choice([dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), None]),
                )
                cur.execute(
                    f'INSERT INTO "{self.name}" VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)',
                    (row["id"], row["k"], row["r"], row["t"], row["b"]) + extra,
                )
        return {
            "url": PG_URL,
            "dbtable": f'"{self.name}"',
            "partitionColumn": "id",
            "lowerBound": "0",
            "upperBound": "60",
            "numPartitions": "3",
        }

    def test_random_filters_over_every_type(self):
        options = self.create()
        everything = self.read(options)
        operands = dict(
            OPERANDS,
            u=["A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "x"],
            n=["1.5", "1.50", "2"],
            j=['{"a":1}', '{"a": 1}', "[]"],
            c=["ab", "ab  ", "abcd"],
            f=[0.1, 1.5, 0.10000000149011612],
            m=[Decimal("1.5"), Decimal("-3.25"), 2],
            ts=[dt.datetime(2024, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))],
        )
        # The values as read: uuid / numeric / jsonb in PostgreSQL's text form, char(4) padded.
        self.assertIn("ab  ", [r["c"] for r in everything])
        # float4 and char(n) are never filtered in SQL; PostgreSQL orders NaN above every number.
        self.check(options, operands, inexact=("f", "c", "r"), queries=80)

    def test_text_form_columns_compare_as_read(self):
        options = self.create()
        everything = self.read(options)
        for filters in (
            [("u", "!=", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")],
            [("n", "!=", "1.5")],
            [("j", "==", '{"a": 1}')],
            [("c", "!=", "ab")],
        ):
            with self.subTest(filters=filters):
                expected = [r["id"] for r in everything if row_matches(r, filters)]
                self.assertEqual([r["id"] for r in self.read(options, filters)], expected)


if __name__ == "__main__":
    unittest.main()
