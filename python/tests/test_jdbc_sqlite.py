"""End-to-end JDBC source over a real SQLite file."""
import datetime as dt
import os
import sqlite3
import tempfile
import unittest

from linq2pyarrow.jdbc import JDBCArrowDataSource, JDBCConnectionError, JDBCOptionError, JDBCQueryError, read_jdbc

ROWS = [
    (1, "alpha", 1.5, "2024-01-02", "2024-01-02 03:04:05.123456", 1, b"\x00\xff", 10.25),
    (2, "Grüße ✓ 東京", -2.0, "2024-02-29", "2024-02-29T23:59:59Z", 0, b"", 0),
    (3, None, None, None, None, None, None, None),
    (7, "seven", 7.0, "1999-12-31", "1999-12-31 23:59:59+02:00", 1, b"7", 7.5),
    (None, "no id", 0.5, "2000-01-01", "2000-01-01 00:00:00", 0, b"n", 1),
]


class SqliteEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "dätä.db")
        with sqlite3.connect(cls.path) as conn:
            conn.execute(
                "CREATE TABLE items (id INTEGER, name VARCHAR(40), score REAL, day DATE, at DATETIME, "
                "flag BOOLEAN, payload BLOB, price DECIMAL(10,2))"
            )
            conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ROWS)
            conn.execute('CREATE TABLE "Empty Table" (a BIGINT, b TEXT, c TIMESTAMP)')
        conn.close()
        cls.source = JDBCArrowDataSource()
        cls.options = {"url": f"jdbc:sqlite:{cls.path}", "dbtable": "items"}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def read(self, options, spec=None, **hints):
        batches = list(self.source.read_partition(spec or {"index": 0}, options, **hints))
        return [row for batch in batches for row in batch.to_pylist()], batches

    def test_schema_from_declared_types(self):
        schema = self.source.infer_schema(self.options)
        self.assertEqual(schema.names, ["id", "name", "score", "day", "at", "flag", "payload", "price"])
        self.assertEqual([str(t) for t in schema.types], [str(t) for t in self._expected_types()])

    def _expected_types(self):
        from linq2pyarrow.jdbc._arrow import pa

        return [
            pa.int64(),
            pa.string(),
            pa.float64(),
            pa.date32(),
            pa.timestamp("us"),
            pa.bool_(),
            pa.binary(),
            pa.float64(),
        ]

    def test_values_nulls_and_non_ascii(self):
        rows, _ = self.read(self.options)
        self.assertEqual(len(rows), 5)
        self.assertEqual(
            rows[0],
            {
                "id": 1,
                "name": "alpha",
                "score": 1.5,
                "day": dt.date(2024, 1, 2),
                "at": dt.datetime(2024, 1, 2, 3, 4, 5, 123456),
                "flag": True,
                "payload": b"\x00\xff",
                "price": 10.25,
            },
        )
        self.assertEqual(rows[1]["name"], "Grüße ✓ 東京")
        self.assertEqual(rows[1]["at"], dt.datetime(2024, 2, 29, 23, 59, 59))  # 'Z' read as UTC
        self.assertEqual(rows[3]["at"], dt.datetime(1999, 12, 31, 21, 59, 59))  # +02:00 normalised to UTC
        self.assertEqual((rows[1]["flag"], rows[1]["payload"], rows[1]["price"]), (False, b"", 0.0))
        self.assertEqual(set(rows[2].values()) - {3}, {None})

    def test_fetchsize_shapes_batches(self):
        _, batches = self.read(dict(self.options, fetchsize="2"))
        self.assertEqual([b.num_rows for b in batches], [2, 2, 1])

    def test_empty_table_has_schema_and_no_rows(self):
        options = {"url": f"sqlite:///{self.path}", "dbtable": '"Empty Table"'}
        schema = self.source.infer_schema(options)
        self.assertEqual(schema.names, ["a", "b", "c"])
        self.assertEqual(str(schema.field("c").type), str(self._expected_types()[4]))
        rows, batches = self.read(options)
        self.assertEqual((rows, batches), ([], []))

    def test_partitions_cover_every_row_once_with_nulls_first(self):
        options = dict(self.options, partitionColumn="ID", lowerBound="0", upperBound="8", numPartitions="4")
        specs = self.source.plan_partitions(options)
        self.assertEqual([(s["lower"], s["upper"]) for s in specs], [(None, 2), (2, 4), (4, 6), (6, None)])
        ids = [[r["id"] for r in self.read(options, spec, columns=["id"])[0]] for spec in specs]
        self.assertEqual(ids, [[1, None], [2, 3], [], [7]])

    def test_pruning_and_pushdown(self):
        options = dict(self.options, partitionColumn="id", lowerBound="0", upperBound="8", numPartitions="4")
        filters = [[("id", ">=", 2), ("name", "!=", "zzz")]]
        specs = self.source.plan_partitions(options, filters=filters)
        self.assertEqual([s["index"] for s in specs], [1, 2, 3])
        rows = [r for s in specs for r in self.read(options, s, columns=["name", "id"], filters=filters)[0]]
        # NULL name kept by '!=' (negations keep NULLs; .NET re-applies the filter).
        self.assertEqual(rows, [{"id": 2, "name": "Grüße ✓ 東京"}, {"id": 3, "name": None}, {"id": 7, "name": "seven"}])

    def test_or_in_limit_and_empty_projection(self):
        rows, _ = self.read(
            self.options, columns=["id"], filters=[[("name", "in", ["alpha", "seven"])], [("score", "<", 0)]]
        )
        self.assertEqual(rows, [{"id": 1}, {"id": 2}, {"id": 7}])
        rows, _ = self.read(self.options, columns=["name"], limit=2)
        self.assertEqual(rows, [{"name": "alpha"}, {"name": "Grüße ✓ 東京"}])
        rows, _ = self.read(self.options, columns=[], filters=[("flag", "==", True)])
        self.assertEqual(len(rows), 2)  # row count survives a query that needs no column

    def test_temporal_filters_are_left_to_dotnet(self):
        rows, _ = self.read(self.options, columns=["id"], filters=[("day", ">", dt.date(2020, 1, 1))])
        self.assertEqual(len(rows), 5)

    def test_injection_in_filter_values_is_harmless(self):
        rows, _ = self.read(self.options, filters=[("name", "==", "x'); DROP TABLE items; --")])
        self.assertEqual(rows, [])
        self.assertEqual(len(self.read(self.options)[0]), 5)

    def test_query_option(self):
        options = {
            "url": f"jdbc:sqlite:{self.path}",
            "query": "SELECT id, name AS label, id * 2 AS twice FROM items " "WHERE name LIKE '%a%';",
        }
        schema = self.source.infer_schema(options)
        self.assertEqual(schema.names, ["id", "label", "twice"])
        rows, _ = self.read(options, filters=[("id", "<", 5)])
        # An expression column has no declared type: it is read as text (see README).
        self.assertEqual(rows, [{"id": 1, "label": "alpha", "twice": "2"}])

    def test_read_jdbc(self):
        result = read_jdbc(f"jdbc:sqlite:{self.path}", "items", columns=["id"], filters=[("id", ">", 2)])
        batches = result.to_batches() if hasattr(result, "to_batches") else result
        self.assertEqual([r["id"] for b in batches for r in b.to_pylist()], [3, 7])

    def test_errors(self):
        with self.assertRaises(JDBCQueryError) as ctx:
            self.source.infer_schema(dict(self.options, dbtable="missing_table"))
        self.assertIn("no such table: missing_table", str(ctx.exception))
        self.assertIn("'dbtable'", str(ctx.exception))
        with self.assertRaises(JDBCConnectionError) as ctx:
            self.source.infer_schema({"url": "jdbc:sqlite:/nonexistent/dir/x.db", "dbtable": "t"})
        self.assertIn("does not exist", str(ctx.exception))
        with self.assertRaises(JDBCOptionError) as ctx:
            self.source.infer_schema({"url": "jdbc:sqlite", "dbtable": "t"})
        self.assertIn("option 'url'", str(ctx.exception))
        with self.assertRaises(JDBCOptionError) as ctx:
            list(self.source.read_partition({}, self.options, columns=["nope"]))
        self.assertIn("'nope' is not a column", str(ctx.exception))
        # SQLite itself renames duplicate result columns (PostgreSQL's are rejected, see its test).
        duplicate = {"url": self.options["url"], "query": "SELECT id, id FROM items WHERE id = 7"}
        self.assertEqual(self.read(duplicate)[0], [{"id": 7, "id:1": 7}])
        with self.assertRaises(JDBCOptionError):
            self.source.plan_partitions(
                dict(self.options, partitionColumn="nope", lowerBound="0", upperBound="1", numPartitions="2")
            )

    def test_source_is_read_only(self):
        before = os.path.getmtime(self.path)
        self.read(self.options)
        self.assertEqual(os.path.getmtime(self.path), before)


if __name__ == "__main__":
    unittest.main()
