"""The binary COPY read path of the PostgreSQL backend, against a real PostgreSQL (scripts/pg-cluster.sh start)."""
import datetime as dt
import os
import random
import subprocess
import sys
import threading
import time
import unittest
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

from linq2pyarrow.jdbc import JDBCArrowDataSource, JDBCOptionError, JDBCQueryError
from linq2pyarrow.jdbc._arrow import has_decimal

from tests.test_jdbc_postgres import PG_URL, SKIP_REASON, psycopg2

try:
    import numpy
except ImportError:
    numpy = None

UTC = dt.timezone.utc
_REPO_PYTHON = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Every type family the source maps, as (column DDL, a non-NULL literal) pairs; each table row below sets one
# column to NULL in turn, so every column has NULLs and values in the same chunk.
TYPES = [
    ("i2 smallint", "-32768"),
    ("i4 integer", "2147483647"),
    ("i8 bigint", "-9223372036854775808"),
    ("o oid", "4294967295"),
    ("f4 real", "1.5"),
    ("f8 double precision", "'-Infinity'"),
    ("fnan double precision", "'NaN'"),
    ("num numeric(12,3)", "-1234.567"),
    ("anynum numeric", "1e-20"),
    ("txt text", "'Grüße ✓ 東京 🙂'"),
    ("vc varchar(20)", "''"),
    ("bp char(4)", "'ab'"),
    ("nm name", "'the_name'"),
    ('ch "char"', "'z'"),
    ("ok boolean", "true"),
    ("day date", "'2024-02-29'"),
    ("tod time", "'23:59:59.999999'"),
    ("at timestamp", "'1999-12-31 23:59:59.000001'"),
    ("attz timestamptz", "'2024-05-06 09:08:09.654321+02'"),
    ("span interval", "'-1 year 13 mons -3 days 04:05:06.5'"),
    ("raw bytea", "'\\x00ff0a'"),
    ("js json", '\'{"b":  [1, "ü"]}\''),
    ("jb jsonb", '\'{"b": [1, "ü"], "a": null}\''),
    ("id uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
    ("arr integer[]", "'{1,NULL,3}'"),
    ("tz timetz", "'13:14:15+02'"),
]


@unittest.skipUnless(PG_URL and psycopg2 and numpy, SKIP_REASON if not (PG_URL and psycopg2) else "numpy is missing")
class PostgresCopyPath(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.conn = psycopg2.connect(PG_URL)
        cls.conn.autocommit = True
        cls.table_name = f"l2pa_copy_{uuid.uuid4().hex[:12]}"
        columns = ", ".join(ddl for ddl, _ in TYPES)
        rows = []
        for null_at in range(-1, len(TYPES)):
            rows.append(
                f"({null_at + 2}, "
                + ", ".join("NULL" if i == null_at else literal for i, (_, literal) in enumerate(TYPES))
                + ")"
            )
        with cls.conn.cursor() as cur:
            cur.execute(f'CREATE TABLE "{cls.table_name}" (n int, {columns})')
            cur.execute(f'INSERT INTO "{cls.table_name}" VALUES {", ".join(rows)}')
            cur.execute(f'INSERT INTO "{cls.table_name}" (n) VALUES (0)')  # NULL in every column

    @classmethod
    def tearDownClass(cls):
        with cls.conn.cursor() as cur:
            cur.execute(f'DROP TABLE IF EXISTS "{cls.table_name}"')
        cls.conn.close()

    def setUp(self):
        self.source = JDBCArrowDataSource()

    def options(self, **extra):
        return dict({"url": PG_URL, "dbtable": f'"{self.table_name}"'}, **{k: str(v) for k, v in extra.items()})

    def read(self, options, spec=None, **hints):
        return list(self.source.read_partition(spec or {"index": 0}, options, **hints))

    def rows(self, options, **hints):
        rows = [r for b in self.read(options, **hints) for r in b.to_pylist()]
        return sorted(rows, key=lambda r: r["n"]) if rows and "n" in rows[0] else rows

    def test_every_type_decodes_as_the_cursor_path_reads_it(self):
        copied = self.rows(self.options(postgresRead="copy"))
        fetched = self.rows(self.options(postgresRead="cursor"))
        self.assertEqual(len(copied), len(TYPES) + 2)
        for copy_row, cursor_row in zip(copied, fetched):
            for name in copy_row:
                a, b = copy_row[name], cursor_row[name]
                same = (a == b) or (isinstance(a, float) and a != a and b != b)
                self.assertTrue(same, f"row n={copy_row['n']} column {name}: copy {a!r}, cursor {b!r}")

    def test_values_and_text_forms(self):
        row = self.rows(self.options())[1]  # n = 1: no NULL
        self.assertEqual((row["i2"], row["i4"], row["i8"], row["o"]), (-32768, 2**31 - 1, -(2**63), 2**32 - 1))
        self.assertEqual((row["f4"], row["f8"]), (1.5, float("-inf")))
        self.assertNotEqual(row["fnan"], row["fnan"])
        self.assertEqual(row["num"], Decimal("-1234.567") if has_decimal() else "-1234.567")
        self.assertEqual(row["anynum"], "0.00000000000000000001")
        self.assertEqual(
            (row["txt"], row["vc"], row["bp"], row["nm"], row["ch"]), ("Grüße ✓ 東京 🙂", "", "ab  ", "the_name", "z")
        )
        self.assertIs(row["ok"], True)
        self.assertEqual(row["day"], dt.date(2024, 2, 29))
        self.assertEqual(row["tod"], dt.time(23, 59, 59, 999999))
        self.assertEqual(row["at"], dt.datetime(1999, 12, 31, 23, 59, 59, 1))
        self.assertEqual(row["attz"], dt.datetime(2024, 5, 6, 7, 8, 9, 654321, tzinfo=UTC))
        # 1 month (-12 + 13) as 30 days, minus 3 days, plus the time part: psycopg2's rule
        self.assertEqual(row["span"], dt.timedelta(days=27, hours=4, minutes=5, seconds=6, milliseconds=500))
        self.assertEqual(row["raw"], b"\x00\xff\x0a")
        self.assertEqual(row["js"], '{"b":  [1, "ü"]}')  # json: the text as stored
        self.assertEqual(row["jb"], '{"a": null, "b": [1, "ü"]}')  # jsonb: PostgreSQL's canonical text
        self.assertEqual(row["id"], "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        self.assertEqual((row["arr"], row["tz"]), ("{1,NULL,3}", "13:14:15+02"))

    def test_nulls_in_every_column(self):
        rows = self.rows(self.options(fetchsize=4))
        self.assertEqual(set(rows[0].values()) - {0}, {None})  # n = 0: NULL everywhere
        for null_at, (ddl, _) in enumerate(TYPES):
            row = rows[null_at + 2]
            name = ddl.split()[0]
            self.assertIsNone(row[name], name)
            self.assertEqual([k for k, v in row.items() if v is None], [name])

    def test_chunks_follow_fetchsize(self):
        sizes = [b.num_rows for b in self.read(self.options(fetchsize=5), columns=["n"])]
        total = len(TYPES) + 2
        self.assertEqual(sizes, [5] * (total // 5) + ([total % 5] if total % 5 else []))
        sizes = [b.num_rows for b in self.read(self.options(fetchsize=1), columns=["n"])]
        self.assertEqual(sizes, [1] * total)
        self.assertEqual(self.read(self.options(), columns=["n"], filters=[("n", ">", 1000)]), [])

    def test_filters_partitions_and_limit_through_copy(self):
        options = self.options(partitionColumn="n", lowerBound=0, upperBound=30, numPartitions=3)
        filters = [[("txt", "==", "Grüße ✓ 東京 🙂"), ("n", "in", [1, 5, 25])], [("vc", "==", "100% '); --")]]
        found = []
        for spec in self.source.plan_partitions(options, filters=filters):
            found += [r["n"] for b in self.read(options, spec, columns=["n"], filters=filters) for r in b.to_pylist()]
        self.assertEqual(sorted(found), [1, 5, 25])
        self.assertEqual(
            [r["n"] for b in self.read(self.options(), columns=["n"], limit=2) for r in b.to_pylist()],
            [
                r["n"]
                for b in self.read(self.options(postgresRead="cursor"), columns=["n"], limit=2)
                for r in b.to_pylist()
            ],
        )

    def test_infinite_dates_and_timestamps_become_the_extremes(self):
        query = (
            "SELECT v, 'infinity'::date AS d1, '-infinity'::date AS d0, 'infinity'::timestamp AS t1, "
            "'-infinity'::timestamp AS t0, 'infinity'::timestamptz AS z1, '-infinity'::timestamptz AS z0 "
            "FROM (VALUES (1)) AS t(v)"
        )
        for mode in ("copy", "cursor"):
            [row] = self.rows(dict(url=PG_URL, query=query, postgresRead=mode))
            self.assertEqual((row["d1"], row["d0"]), (dt.date.max, dt.date.min), mode)
            self.assertEqual((row["t1"], row["t0"]), (dt.datetime.max, dt.datetime.min), mode)
            self.assertEqual(
                (row["z1"], row["z0"]), (dt.datetime.max.replace(tzinfo=UTC), dt.datetime.min.replace(tzinfo=UTC)), mode
            )

    def test_values_outside_years_1_to_9999_name_the_column(self):
        for literal, kind in (("'10000-01-01'::timestamp", "timestamp"), ("'0044-03-15 BC'::date", "date")):
            options = dict(url=PG_URL, query=f"SELECT 1 AS k, {literal} AS far")
            with self.assertRaises(JDBCQueryError) as ctx:
                self.read(options)
            self.assertIn("column 'far'", str(ctx.exception))
            self.assertIn(kind, str(ctx.exception))

    def test_text_form_columns_with_awkward_names(self):
        query = (
            'SELECT \'{"k": 1}\'::jsonb AS "we""ird %s", \'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\'::uuid AS "100%", '
            '12.5::numeric(5,1) AS "Mixed Case"'
        )
        for mode in ("copy", "cursor"):
            rows = self.rows(dict(url=PG_URL, query=query, postgresRead=mode))
            self.assertEqual(
                rows,
                [
                    {
                        'we"ird %s': '{"k": 1}',
                        "100%": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                        "Mixed Case": Decimal("12.5") if has_decimal() else "12.5",
                    }
                ],
                mode,
            )

    @unittest.skipUnless(has_decimal(), "the Arrow producer has no decimal128")
    def test_numeric_columns_decode_to_the_same_decimals_as_the_cursor(self):
        values = ["0", "-0.001", "0.009", "1", "-1", "123456789012345.678", "-999999999999999.999", "42.5", None]
        query = (
            "SELECT v::numeric(18,3) AS small, v::numeric(18,0) AS whole, v::numeric(30,5) AS wide, "
            "(v::numeric(18,3) * 1000)::numeric(18,0) AS scaled FROM unnest(%s::text[]) WITH ORDINALITY AS t(v, k) "
            "ORDER BY k"
        )
        with self.conn.cursor() as cur:
            query = cur.mogrify(query, (values,)).decode()
        copied = self.rows(dict(url=PG_URL, query=query, postgresRead="copy", fetchsize="4"))
        fetched = self.rows(dict(url=PG_URL, query=query, postgresRead="cursor"))
        self.assertEqual(copied, fetched)
        self.assertEqual([r["small"] for r in copied], [None if v is None else Decimal(v) for v in values])
        self.assertEqual(copied[5]["wide"], Decimal("123456789012345.67800"))
        self.assertEqual(copied[6]["scaled"], Decimal("-999999999999999999"))

    def test_numeric_nan_names_the_column(self):
        with self.assertRaises(JDBCQueryError) as ctx:
            self.read(dict(url=PG_URL, query="SELECT 'NaN'::numeric(10,2) AS price"))
        self.assertIn("column 'price'", str(ctx.exception))

    def test_an_error_half_way_through_the_copy_is_a_query_error(self):
        options = dict(
            url=PG_URL, query="SELECT 1 / (i - 40000) AS x FROM generate_series(1, 60000) AS i", fetchsize="1000"
        )
        with self.assertRaises(JDBCQueryError) as ctx:
            self.read(options)
        self.assertIn("division by zero", str(ctx.exception))
        self.assertIn("generate_series", str(ctx.exception))
        self.assertFalse(_copy_threads())

    def test_errors_show_the_select_without_the_text_casts(self):
        query = "SELECT 1 / (i - 3) AS x, '{}'::jsonb AS j FROM generate_series(1, 5) AS i"
        for mode in ("copy", "cursor"):
            with self.assertRaises(JDBCQueryError) as ctx:
                self.read(dict(url=PG_URL, query=query, postgresRead=mode))
            message = str(ctx.exception)
            self.assertIn(f'division by zero; SQL: SELECT "x", "j" FROM ({query}) AS q', message, mode)
            self.assertNotIn("::text", message.replace("'{}'::jsonb", ""), mode)

    def test_closing_early_cancels_the_copy_and_closes_the_connection(self):
        app = f"l2pa_cancel_{uuid.uuid4().hex[:8]}"
        parts = urlsplit(PG_URL)
        url = f"jdbc:postgresql://{parts.hostname}:{parts.port}{parts.path}?ApplicationName={app}"
        options = {
            "url": url,
            "user": parts.username,
            "password": parts.password,
            "fetchsize": "1000",
            "query": "SELECT i, repeat('x', 100) AS pad FROM generate_series(1, 5000000) AS i",
        }
        batches = self.source.read_partition({"index": 0}, options)
        first = next(batches)
        self.assertEqual(first.num_rows, 1000)
        self.assertEqual(self._backends(app), 1)
        started = time.monotonic()
        batches.close()
        self.assertLess(time.monotonic() - started, 10)
        self.assertFalse(_copy_threads())
        deadline = time.monotonic() + 10
        while self._backends(app) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self._backends(app), 0, "the COPY's backend is still there")

    def _backends(self, app):
        with self.conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (app,))
            return cur.fetchone()[0]


@unittest.skipUnless(PG_URL and psycopg2 and numpy, SKIP_REASON if not (PG_URL and psycopg2) else "numpy is missing")
class CopyFraming(unittest.TestCase):
    """Real COPY output, handed to the decoder in message boundaries that are not rows."""

    @classmethod
    def setUpClass(cls):
        from linq2pyarrow.jdbc.backends import postgres

        cls.conn = psycopg2.connect(PG_URL)
        select = (
            "SELECT i AS n, CASE WHEN i % 3 = 0 THEN NULL ELSE 'tëxt-' || i END AS s, "
            "CASE WHEN i % 4 = 0 THEN NULL ELSE i * 0.5::float8 END AS f FROM generate_series(1, 500) AS i"
        )
        with cls.conn.cursor() as cur:
            cur.execute(select + " LIMIT 0")
            cls.columns = [postgres.column_for(d) for d in cur.description]
        cls.messages = []

        class Sink:
            write = cls.messages.append

        with cls.conn.cursor() as cur:
            cur.copy_expert(f"COPY ({select}) TO STDOUT (FORMAT binary)", Sink)
        cls.conn.rollback()
        cls.decoders = [(c.name, c.kind, c.type) for c in cls.columns]

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()

    def decode(self, chunks):
        from linq2pyarrow.jdbc.backends.pg_copy import RowAssembler, chunk_of

        assembler = RowAssembler(len(self.decoders))
        rows = []
        for chunk in chunks:
            arrays = assembler.decode(chunk_of(chunk), self.decoders)
            if arrays is not None:
                rows += list(zip(*(a.to_pylist() for a in arrays)))
        assembler.finish()
        return rows, assembler.framed

    def test_framed_messages(self):
        self.assertEqual(len(self.messages), 501)  # header + row 1, 499 rows, trailer
        rows, framed = self.decode([self.messages[i : i + 64] for i in range(0, len(self.messages), 64)])
        self.assertTrue(framed)
        self.assertEqual(len(rows), 500)
        self.assertEqual(rows[0], (1, "tëxt-1", 0.5))
        self.assertEqual(rows[2], (3, None, 1.5))
        self.assertEqual(rows[3], (4, "tëxt-4", None))

    def test_messages_that_are_not_rows_fall_back_to_walking_the_fields(self):
        expected, _ = self.decode([self.messages])
        stream = b"".join(self.messages)
        for seed in range(5):
            rng = random.Random(seed)
            cuts = sorted(rng.sample(range(1, len(stream)), 300))
            pieces = [stream[a:b] for a, b in zip([0] + cuts, cuts + [len(stream)])]
            chunks, start = [], 0
            while start < len(pieces):
                size = rng.randint(1, 40)
                chunks.append(pieces[start : start + size])
                start += size
            rows, framed = self.decode(chunks)
            self.assertFalse(framed)
            self.assertEqual(rows, expected, f"seed {seed}")
        rows, _ = self.decode([[stream]])  # everything in one message
        self.assertEqual(rows, expected)
        rows, _ = self.decode([[bytes([b])] for b in stream[:200]] + [[stream[200:]]])  # the header split
        self.assertEqual(rows, expected)

    def test_corrupt_data_is_a_clear_error(self):
        stream = bytearray(b"".join(self.messages))
        stream[19 + 2 + 4 + 4] = 0x7F  # the high byte of the first text field's length: far too long
        with self.assertRaises(JDBCQueryError) as ctx:
            self.decode([[bytes(stream)]])
        self.assertIn("binary COPY data could not be decoded", str(ctx.exception))
        with self.assertRaises(JDBCQueryError):
            self.decode([self.messages[:100]])  # no trailer
        with self.assertRaises(JDBCQueryError):
            self.decode([[b"NOTPGCOPY" * 4]])


@unittest.skipUnless(PG_URL and psycopg2, SKIP_REASON)
class WithoutNumpy(unittest.TestCase):
    """Without numpy the cursor path runs, and postgresRead=copy says what is missing."""

    def run_without_numpy(self, code):
        script = "import sys\nsys.modules['numpy'] = None\n" + code
        env = dict(os.environ, PYTHONPATH=_REPO_PYTHON)
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout.strip()

    def test_auto_reads_through_the_cursor(self):
        out = self.run_without_numpy(
            "from linq2pyarrow.jdbc import JDBCArrowDataSource\n"
            f"opts = {{'url': {PG_URL!r}, 'query': \"SELECT i, 'é' || i AS s FROM generate_series(1, 7) AS i\", "
            "'fetchsize': '3'}\n"
            "print([b.num_rows for b in JDBCArrowDataSource().read_partition({'index': 0}, opts)])\n"
        )
        self.assertEqual(out, "[3, 3, 1]")

    def test_copy_mode_names_numpy(self):
        out = self.run_without_numpy(
            "from linq2pyarrow.jdbc import JDBCArrowDataSource, JDBCOptionError\n"
            f"opts = {{'url': {PG_URL!r}, 'query': 'SELECT 1 AS a', 'postgresRead': 'copy'}}\n"
            "try:\n    list(JDBCArrowDataSource().read_partition({'index': 0}, opts))\n"
            "except JDBCOptionError as e:\n    print(e)\n"
        )
        self.assertIn("postgresRead=copy needs numpy", out)


class ReadOption(unittest.TestCase):
    def test_bad_value_is_an_option_error(self):
        with self.assertRaises(JDBCOptionError) as ctx:
            JDBCArrowDataSource().plan_partitions(
                {"url": "jdbc:sqlite::memory:", "dbtable": "t", "postgresRead": "fast"}
            )
        self.assertIn("'postgresRead' must be one of auto, copy, cursor", str(ctx.exception))


def _copy_threads():
    return [t for t in threading.enumerate() if t.name == "linq2pyarrow-pg-copy"]


if __name__ == "__main__":
    unittest.main()
