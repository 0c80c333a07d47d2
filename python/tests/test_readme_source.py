"""The source in README.md's "Writing a Python data source", run as written, so the documentation cannot rot.

The block is executed as a module (once with pyarrow made unimportable, so it falls back to linq2pyarrow.arrow;
once with pyarrow when installed) and driven through the documented protocol; its batches are read back through
the C Data Interface by the tests' independent reader. It must honour the hints it declares: only the requested
columns, exactly the rows the filter contract keeps (nulls included), at most ``limit`` rows. The .NET side runs
the same block as a real source (tests/Linq2PyArrow.Tests/Documentation/ReadmePythonSourceTests.cs).
"""
import datetime
import importlib.util
import os
import re
import sys
import types
import unittest
from unittest import mock

from linq2pyarrow.filters import row_matches
from linq2pyarrow.protocol import Source

from . import cabi_reader

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "README.md")
DAY = "2024-03-01"
ROWS_PER_DAY = 10_000


def readme_source_code():
    """The first ```python block after the "Writing a Python data source" heading."""
    with open(README, encoding="utf-8") as file:
        text = file.read()
    section = text.index("\n## Writing a Python data source\n")
    block = re.compile(r"^```python[ \t]*\n(.*?)^```", re.M | re.S).search(text, section)
    if block is None:
        raise AssertionError("README.md has no ```python block under 'Writing a Python data source'")
    return block.group(1)


def load(without_pyarrow):
    """The README block as a fresh module; *without_pyarrow*: ``import pyarrow`` fails inside it."""
    module = types.ModuleType("readme_events")
    blocked = {"pyarrow": None} if without_pyarrow else {}  # None in sys.modules makes the import raise
    with mock.patch.dict(sys.modules, blocked):
        exec(compile(readme_source_code(), README + " (Writing a Python data source)", "exec"), module.__dict__)
    return module


def expected_rows(day=DAY):
    """The rows README's fetch() stands for, as the .NET side would see them."""
    start = datetime.datetime.fromisoformat(day)
    kinds = ("click", "view", "buy", None)
    return [{"id": i, "kind": kinds[i % 4], "at": start + datetime.timedelta(seconds=i)} for i in range(ROWS_PER_DAY)]


class ReadmeSourceContract:
    """The checks, for one Arrow producer (see the subclasses)."""

    module = None

    def read(self, **hints):
        """Every batch of the partition, decoded by the independent C Data Interface reader: (column names, rows)."""
        source = self.module.Events()
        schema, rows = None, []
        for batch in source.read_partition({"day": DAY}, {"days": DAY}, **hints):
            exported_schema, batch_rows = cabi_reader.read_exported(batch)
            names = [child["name"] for child in exported_schema["children"]]
            self.assertTrue(schema is None or schema == names, "every batch has the same columns")
            schema = names
            rows.extend(batch_rows)
        return schema, rows

    def test_it_is_a_source_of_the_documented_protocol(self):
        source = self.module.Events()
        self.assertIsInstance(source, Source)
        schema = cabi_reader.read_schema(
            cabi_reader.capsule_pointer(source.infer_schema({}).__arrow_c_schema__(), "arrow_schema")
        )
        self.assertEqual(
            [(c["name"], c["format"]) for c in schema["children"]], [("id", "l"), ("kind", "u"), ("at", "tsu:")]
        )
        self.assertEqual(
            source.plan_partitions({"days": "2024-03-01,2024-03-02"}), [{"day": "2024-03-01"}, {"day": "2024-03-02"}]
        )

    def test_without_hints_it_returns_every_row(self):
        names, rows = self.read()
        self.assertEqual(names, ["id", "kind", "at"])
        self.assertEqual(rows, expected_rows())

    def test_it_returns_only_the_requested_columns(self):
        for columns in (["id"], ["kind", "at"], ["at"]):
            with self.subTest(columns=columns):
                names, rows = self.read(columns=columns)
                self.assertEqual(names, columns)
                self.assertEqual(rows, [{c: row[c] for c in columns} for row in expected_rows()])

    def test_it_keeps_exactly_the_rows_the_filter_contract_keeps(self):
        cases = [
            [[("kind", "==", "buy")]],
            [[("kind", "!=", "buy")]],  # nulls satisfy != (the .NET rule), SQL-style evaluation would drop them
            [[("kind", "not in", ["click", "view"])]],  # nulls satisfy not in
            [[("kind", "in", ["click", "buy"]), ("id", "<", 100)], [("id", ">=", 9990)]],
            [[("at", ">", datetime.datetime(2024, 3, 1, 2, 0))]],
            [("id", "<", 5)],  # a flat list of terms: one conjunction
        ]
        for filters in cases:
            with self.subTest(filters=filters):
                wanted = [row for row in expected_rows() if row_matches(row, filters)]
                self.assertGreater(len(wanted), 0)
                names, rows = self.read(columns=["id", "kind", "at"], filters=filters)
                self.assertEqual(rows, wanted)

    def test_nulls_survive_the_negations(self):
        _, rows = self.read(columns=["kind"], filters=[[("kind", "!=", "buy")]])
        self.assertEqual(len(rows), ROWS_PER_DAY * 3 // 4)
        self.assertEqual(sum(row["kind"] is None for row in rows), ROWS_PER_DAY // 4)

    def test_filters_on_columns_it_was_not_asked_for_still_apply(self):
        names, rows = self.read(columns=["id"], filters=[[("kind", "==", "view")]])
        self.assertEqual(names, ["id"])
        self.assertEqual([row["id"] for row in rows], list(range(1, ROWS_PER_DAY, 4)))

    def test_it_stops_after_limit_rows(self):
        for limit in (1, 5, 4097):
            with self.subTest(limit=limit):
                names, rows = self.read(columns=["id"], limit=limit)
                self.assertEqual(rows, [{"id": i} for i in range(limit)])


class WithLinq2PyArrowArrow(ReadmeSourceContract, unittest.TestCase):
    """pyarrow made unimportable: the block falls back to the dependency-free producer."""

    @classmethod
    def setUpClass(cls):
        cls.module = load(without_pyarrow=True)

    def test_the_fallback_producer_is_used(self):
        self.assertEqual(self.module.pa.__name__, "linq2pyarrow.arrow")


@unittest.skipIf(importlib.util.find_spec("pyarrow") is None, "pyarrow is not installed")
class WithPyarrow(ReadmeSourceContract, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.module = load(without_pyarrow=False)

    def test_pyarrow_is_used(self):
        self.assertEqual(self.module.pa.__name__, "pyarrow")


if __name__ == "__main__":
    unittest.main()
