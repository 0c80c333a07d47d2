"""End-to-end JDBC source against a real PostgreSQL (scripts/pg-cluster.sh start)."""
import datetime as dt
import os
import unittest
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

from linq2pyarrow.jdbc import JDBCArrowDataSource, JDBCConnectionError, JDBCQueryError
from linq2pyarrow.jdbc._arrow import has_decimal

PG_URL = os.environ.get("LINQ2PYARROW_TEST_PG_URL")
try:
    import psycopg2
except ImportError:
    psycopg2 = None

SKIP_REASON = (
    'LINQ2PYARROW_TEST_PG_URL is not set: run `eval "$(scripts/pg-cluster.sh start)"` to test PostgreSQL'
    if not PG_URL
    else "psycopg2 is not importable (Debian: apt-get install python3-psycopg2)"
)
UTC = dt.timezone.utc


@unittest.skipUnless(PG_URL and psycopg2, SKIP_REASON)
class PostgresEndToEnd(unittest.TestCase):
    def setUp(self):
        self.conn = psycopg2.connect(PG_URL)
        self.conn.autocommit = True
        self.tables = []
        self.source = JDBCArrowDataSource()
        parts = urlsplit(PG_URL)
        # The JDBC spelling with separate user/password options, as Spark users write it.
        self.base = {
            "url": f"jdbc:postgresql://{parts.hostname}:{parts.port}{parts.path}",
            "user": parts.username,
            "password": parts.password,
        }

    def tearDown(self):
        with self.conn.cursor() as cur:
            for table in self.tables:
                cur.execute(f'DROP TABLE IF EXISTS "{table}"')
        self.conn.close()

    def table(self, ddl, rows=()):
        name = f"l2pa_{uuid.uuid4().hex[:12]}"
        self.tables.append(name)
        with self.conn.cursor() as cur:
            cur.execute(f'CREATE TABLE "{name}" ({ddl})')
            for row in rows:
                cur.execute(f'INSERT INTO "{name}" VALUES ({", ".join(["%s"] * len(row))})', row)
        return dict(self.base, dbtable=f'"{name}"')

    def read(self, options, spec=None, **hints):
        return [r for b in self.source.read_partition(spec or {"index": 0}, options, **hints) for r in b.to_pylist()]

    def all_types(self):
        ts = dt.datetime(2024, 5, 6, 7, 8, 9, 123456)
        tz = dt.datetime(2024, 5, 6, 9, 8, 9, 654321, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        return self.table(
            "i2 smallint, i4 integer, i8 bigint, num numeric(12,3), anynum numeric, f4 real, f8 double precision, "
            "txt text, vc varchar(20), ok boolean, day date, at timestamp, attz timestamptz, raw bytea, tod time",
            [
                (
                    1,
                    100000,
                    2**40,
                    Decimal("1234.567"),
                    Decimal("1e-20"),
                    1.5,
                    2.25,
                    "Grüße ✓ 東京",
                    "v",
                    True,
                    dt.date(2024, 2, 29),
                    ts,
                    tz,
                    b"\x00\x01\xff",
                    dt.time(13, 14, 15, 1),
                ),
                (None,) * 15,
                (
                    -1,
                    -2,
                    -3,
                    Decimal("-0.001"),
                    Decimal("42"),
                    -0.5,
                    -1e300,
                    "",
                    "x",
                    False,
                    dt.date(1970, 1, 1),
                    ts,
                    tz,
                    b"",
                    dt.time(0, 0),
                ),
            ],
        )

    def test_schema_from_type_oids(self):
        schema = self.source.infer_schema(self.all_types())
        types = dict(zip(schema.names, (str(t) for t in schema.types)))
        from linq2pyarrow.jdbc._arrow import pa

        expected = {
            "i2": pa.int16(),
            "i4": pa.int32(),
            "i8": pa.int64(),
            "num": pa.decimal128(38, 3) if has_decimal() else pa.string(),
            "anynum": pa.string(),
            "f4": pa.float32(),
            "f8": pa.float64(),
            "txt": pa.string(),
            "vc": pa.string(),
            "ok": pa.bool_(),
            "day": pa.date32(),
            "at": pa.timestamp("us"),
            "attz": pa.timestamp("us", tz="UTC"),
            "raw": pa.binary(),
            "tod": pa.time64("us"),
        }
        self.assertEqual(types, {k: str(v) for k, v in expected.items()})

    def test_values(self):
        rows = self.read(self.all_types())
        self.assertEqual(len(rows), 3)
        first = rows[0]
        self.assertEqual((first["i2"], first["i4"], first["i8"]), (1, 100000, 2**40))
        self.assertEqual(first["num"], Decimal("1234.567") if has_decimal() else "1234.567")
        self.assertEqual(first["anynum"], "0.00000000000000000001")
        self.assertEqual((first["f4"], first["f8"], first["ok"]), (1.5, 2.25, True))
        self.assertEqual((first["txt"], first["vc"]), ("Grüße ✓ 東京", "v"))
        self.assertEqual(first["day"], dt.date(2024, 2, 29))
        self.assertEqual(first["at"], dt.datetime(2024, 5, 6, 7, 8, 9, 123456))
        self.assertEqual(first["attz"], dt.datetime(2024, 5, 6, 7, 8, 9, 654321, tzinfo=UTC))
        self.assertEqual(first["attz"].utcoffset(), dt.timedelta(0))
        self.assertEqual((first["raw"], first["tod"]), (b"\x00\x01\xff", dt.time(13, 14, 15, 1)))
        self.assertEqual(set(rows[1].values()), {None})
        self.assertEqual((rows[2]["txt"], rows[2]["raw"], rows[2]["ok"], rows[2]["f8"]), ("", b"", False, -1e300))

    def test_empty_table(self):
        options = self.table("id bigint, name text, at timestamptz")
        self.assertEqual(self.source.infer_schema(options).names, ["id", "name", "at"])
        self.assertEqual(list(self.source.read_partition({"index": 0}, options)), [])

    def test_partitioning_streaming_and_pushdown(self):
        options = self.table("id int, name text", [(i, f"n{i}") for i in range(1, 21)] + [(None, "null id")])
        options.update(partitionColumn="id", lowerBound="1", upperBound="21", numPartitions="4", fetchsize="3")
        specs = self.source.plan_partitions(options)
        self.assertEqual([(s["lower"], s["upper"]) for s in specs], [(None, 6), (6, 11), (11, 16), (16, None)])
        batches = list(self.source.read_partition(specs[0], options))
        self.assertEqual([b.num_rows for b in batches], [3, 3])  # server-side cursor, fetchsize rows per batch
        self.assertEqual(sorted(r["id"] or 0 for b in batches for r in b.to_pylist()), [0, 1, 2, 3, 4, 5])
        everything = [r["id"] for s in specs for r in self.read(options, s, columns=["id"])]
        self.assertEqual(sorted(i for i in everything if i is not None), list(range(1, 21)))
        self.assertEqual(everything.count(None), 1)

        filters = [[("id", ">", 12), ("name", "in", ["n13", "n17", "n99"])], [("id", "==", 2)]]
        kept = self.source.plan_partitions(options, filters=filters)
        self.assertEqual([s["index"] for s in kept], [0, 2, 3])
        rows = [r for s in kept for r in self.read(options, s, columns=["name"], filters=filters)]
        self.assertEqual(rows, [{"name": "n2"}, {"name": "n13"}, {"name": "n17"}])
        self.assertEqual(self.read(options, specs[3], columns=["id"], limit=2), [{"id": 16}, {"id": 17}])

    def test_query_option_with_percent_and_injection_value(self):
        options = self.table("id int, name text", [(1, "100% real"), (2, "x'); DROP TABLE t; --"), (3, "plain")])
        query = dict(self.base, query=f"SELECT id, name FROM {options['dbtable']} WHERE name LIKE '%real%' OR id > 1")
        self.assertEqual(
            self.read(query, filters=[("name", "!=", "plain")]),
            [{"id": 1, "name": "100% real"}, {"id": 2, "name": "x'); DROP TABLE t; --"}],
        )
        self.assertEqual(
            self.read(options, columns=["id"], filters=[("name", "==", "x'); DROP TABLE t; --")]), [{"id": 2}]
        )

    def test_timestamptz_filter(self):
        options = self.table(
            "id int, at timestamptz",
            [(1, dt.datetime(2024, 1, 1, tzinfo=UTC)), (2, dt.datetime(2024, 6, 1, tzinfo=UTC))],
        )
        cutoff = dt.datetime(2024, 3, 1, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        self.assertEqual(self.read(options, columns=["id"], filters=[("at", ">", cutoff)]), [{"id": 2}])

    def test_wrong_password(self):
        options = self.table("id int")
        options["password"] = "definitely-wrong-pw"
        with self.assertRaises(JDBCConnectionError) as ctx:
            self.source.infer_schema(options)
        message = str(ctx.exception)
        self.assertIn("password authentication failed", message)
        self.assertNotIn("definitely-wrong-pw", message)
        self.assertNotIn(self.base["password"], message)

    def test_duplicate_result_columns_are_rejected_clearly(self):
        with self.assertRaises(JDBCQueryError) as ctx:
            self.source.infer_schema(dict(self.base, query="SELECT 1 AS a, 2 AS a"))
        self.assertIn("duplicate column names ['a']", str(ctx.exception))

    def test_missing_table(self):
        with self.assertRaises(JDBCQueryError) as ctx:
            self.source.infer_schema(dict(self.base, dbtable="l2pa_no_such_table"))
        self.assertIn('relation "l2pa_no_such_table" does not exist', str(ctx.exception))
        self.assertIn("'dbtable'", str(ctx.exception))


class PostgresEndToEndThroughTheCursor(PostgresEndToEnd):
    """The same checks through the server-side cursor path (the default is binary COPY when numpy is there)."""

    def setUp(self):
        super().setUp()
        self.base["postgresRead"] = "cursor"


if __name__ == "__main__":
    unittest.main()
