"""linq2pyarrow.filters: the one filter contract, row-wise, column-wise (pure Python and numpy), in SQL."""
import datetime
import decimal
import math
import random
import sqlite3
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.filters import (
    FALSE_CONDITION,
    FilterError,
    Unpushable,
    columns_of,
    filter_batch,
    filter_mask,
    filter_pydict,
    filter_rows,
    is_pushable,
    normalize_filters,
    render_where,
    row_matches,
)

try:
    import numpy as np
except ImportError:
    np = None

NAN = float("nan")
UTC = datetime.timezone.utc
ROW = {
    "i": 5,
    "f": 2.5,
    "s": "abc",
    "b": True,
    "raw": b"\x01",
    "d": datetime.date(2020, 1, 2),
    "ts": datetime.datetime(2020, 1, 2, 3, tzinfo=UTC),
    "dec": decimal.Decimal("1.50"),
    "n": None,
    "nan": NAN,
}
OPERATORS = ("==", "!=", "<", "<=", ">", ">=")


def dotnet(value, op, operand):
    """C#'s lifted operators on double? / long? / string: the reference the contract names."""
    if op == "in":
        return value is not None and any(value == v or (_nan(value) and _nan(v)) for v in operand)
    if op == "not in":
        return not dotnet(value, "in", operand)
    if value is None:
        return op == "!="
    return {
        "==": value == operand,
        "!=": value != operand,
        "<": value < operand,
        "<=": value <= operand,
        ">": value > operand,
        ">=": value >= operand,
    }[op]


def _naive(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _nan(value):
    return isinstance(value, float) and math.isnan(value)


class NormalizeTest(unittest.TestCase):
    def test_no_filters_is_an_empty_list(self):
        self.assertEqual(normalize_filters(None), [])
        self.assertEqual(normalize_filters([]), [])

    def test_aliases_case_and_flat_lists(self):
        self.assertEqual(normalize_filters([("a", "=", 1)]), [[("a", "==", 1)]])
        self.assertEqual(
            normalize_filters([[("a", "IN", (1, 2)), ("b", "Not  In", {3}), ("c", "<>", 4)]]),
            [[("a", "in", [1, 2]), ("b", "not in", [3]), ("c", "!=", 4)]],
        )
        self.assertEqual(normalize_filters([[["a", "<", 1]]]), [[("a", "<", 1)]])
        self.assertEqual(columns_of(normalize_filters([[("a", "<", 1)], [("b", "==", 2), ("a", ">", 0)]])), {"a", "b"})

    def test_malformed_filters_name_the_term(self):
        for bad, fragment in (
            ([[("a", "~", 1)]], "unknown operator '~'"),
            ([[("a", "==")]], "not a (column"),
            ([[("a", "in", 1)]], "needs a list"),
            ([[("a", "in", "xy")]], "needs a list"),
            ([[(1, "==", 1)]], "column must be a str"),
            ("a == 1", "must be a list"),
            ([5], "is not a list of terms"),
        ):
            with self.subTest(bad=bad), self.assertRaises(FilterError) as caught:
                normalize_filters(bad)
            self.assertIn(fragment, str(caught.exception))
            self.assertIsInstance(caught.exception, ValueError)

    def test_pushable(self):
        self.assertTrue(is_pushable("==", 1))
        self.assertTrue(is_pushable("in", ["a", 1.5]))
        for op, value in (("==", None), ("in", [1, None]), ("==", "\ud800"), ("not in", ["\udfff"])):
            self.assertFalse(is_pushable(op, value), (op, value))
        self.assertTrue(is_pushable("!=", NAN))  # IEEE gives NaN a meaning


class RowSemanticsTest(unittest.TestCase):
    def test_every_operator_on_values_nulls_and_nan(self):
        values = [None, NAN, -1.5, 0.0, -0.0, 2.5, float("inf"), 7]
        operands = [-1.5, 0.0, 2.5, 7, float("-inf")]
        for value in values:
            for operand in operands:
                for op in OPERATORS:
                    with self.subTest(value=value, op=op, operand=operand):
                        self.assertEqual(row_matches({"x": value}, [("x", op, operand)]), dotnet(value, op, operand))
                for op in ("in", "not in"):
                    listed = [operand, 99]
                    self.assertEqual(row_matches({"x": value}, [("x", op, listed)]), dotnet(value, op, listed))

    def test_odd_strings(self):
        strings = [None, "", "a\x00b", "\U0001F600", "\ufffd", "abc", "ABC"]
        for value in strings:
            for operand in strings[1:]:
                for op in ("==", "!="):
                    self.assertEqual(row_matches({"s": value}, [("s", op, operand)]), dotnet(value, op, operand))
                self.assertEqual(row_matches({"s": value}, [("s", "in", [operand])]), dotnet(value, "in", [operand]))
                self.assertEqual(
                    row_matches({"s": value}, [("s", "not in", [operand])]), dotnet(value, "not in", [operand])
                )

    def test_types(self):
        cases = [
            (("i", "==", 5), True),
            (("i", "!=", 5), False),
            (("i", "<", 6), True),
            (("i", "<=", 5), True),
            (("i", ">", 5), False),
            (("i", ">=", 5), True),
            (("i", "in", [1, 5]), True),
            (("i", "not in", [1, 5]), False),
            (("f", ">", 2), True),
            (("b", "==", True), True),
            (("raw", "==", b"\x01"), True),
            (("d", ">=", datetime.date(2020, 1, 1)), True),
            (
                ("ts", "==", datetime.datetime(2020, 1, 2, 4, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))),
                True,
            ),
            (("dec", "==", decimal.Decimal("1.5")), True),
            (("dec", "<", 2), True),
            (("n", "!=", 1), True),
            (("n", "not in", [1]), True),
            (("n", "==", 1), False),
            (("n", "<", 1), False),
            (("n", "in", [1]), False),
            (("missing", "!=", 1), True),
            (("missing", "==", 1), False),
            (("nan", "!=", 1.0), True),
            (("nan", "==", 1.0), False),
            (("nan", "<=", 1.0), False),
        ]
        for term, expected in cases:
            with self.subTest(term=term):
                self.assertEqual(row_matches(ROW, [[term]]), expected)

    def test_unpushable_and_incomparable_terms_keep_the_row(self):
        for term in (
            ("n", "==", None),
            ("s", "!=", "\ud800"),
            ("i", "in", [None]),
            ("ts", "<", datetime.datetime(2020, 1, 1)),
            ("s", ">", 3),
        ):
            with self.subTest(term=term):
                self.assertTrue(row_matches(ROW, [[term]]))

    def test_dnf_structure(self):
        self.assertTrue(row_matches(ROW, None))
        self.assertTrue(row_matches(ROW, []))
        self.assertTrue(row_matches(ROW, [[("i", "==", 5), ("s", "==", "abc")]]))
        self.assertFalse(row_matches(ROW, [[("i", "==", 5), ("s", "==", "x")]]))
        self.assertTrue(row_matches(ROW, [[("i", "==", 0)], [("s", "==", "abc")]]))
        self.assertFalse(row_matches(ROW, [[("i", "==", 0)], [("s", "==", "x")]]))
        rows = [{"a": i} for i in range(6)] + [{"a": None}]
        self.assertEqual(list(filter_rows(rows, [[("a", "<", 2)], [("a", "==", 4)]])), [{"a": 0}, {"a": 1}, {"a": 4}])
        self.assertEqual(list(filter_rows(rows, None)), rows)
        self.assertEqual(list(filter_rows(rows, [("a", "not in", [0, 1, 2, 3, 4])])), [{"a": 5}, {"a": None}])


def random_data(rng, n):
    return {
        "i": [rng.choice([None, -3, 0, 1, 2, 7, 2**40]) for _ in range(n)],
        "f": [rng.choice([None, NAN, -0.0, 0.0, 1.5, -2.25, float("inf")]) for _ in range(n)],
        "s": [rng.choice([None, "", "a", "b", "a\x00b", "\U0001F600", "\ufffd"]) for _ in range(n)],
        "b": [rng.choice([None, True, False]) for _ in range(n)],
        "t": [rng.choice([None] + [datetime.datetime(2024, 1, 1, h) for h in range(3)]) for _ in range(n)],
    }


OPERANDS = {
    "i": [-3, 0, 1, 2.5, 2**40, 10**30],
    "f": [0.0, 1.5, -2.25, NAN, float("-inf"), 3],
    "s": ["", "a", "a\x00b", "\U0001F600", "\ud800"],
    "b": [True, False],
    "t": [datetime.datetime(2024, 1, 1, 1), datetime.datetime(2024, 1, 1, 2)],
}


def random_filters(rng, columns=OPERANDS):
    filters = []
    for _ in range(rng.randint(1, 3)):
        conjunction = []
        for _ in range(rng.randint(1, 3)):
            column = rng.choice(sorted(columns))
            op = rng.choice(
                ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
                if column not in ("s", "b")
                else ("==", "!=", "in", "not in")
            )
            if op in ("in", "not in"):
                operand = rng.sample(columns[column], rng.randint(0, min(3, len(columns[column]))))
            else:
                operand = rng.choice(columns[column])
            conjunction.append((column, op, operand))
        filters.append(conjunction)
    return filters


def expected_rows(data, filters):
    names = list(data)
    rows = [dict(zip(names, values)) for values in zip(*data.values())]
    return [i for i, row in enumerate(rows) if row_matches(row, filters)]


def kept(mask, n):
    return list(range(n)) if mask is None else [i for i in range(n) if mask[i]]


class ColumnMaskTest(unittest.TestCase):
    def test_pure_python_masks_agree_with_rows(self):
        rng = random.Random(13)
        data = random_data(rng, 200)
        for _ in range(400):
            filters = random_filters(rng)
            with self.subTest(filters=filters):
                mask = filter_mask(data, filters)
                self.assertTrue(mask is None or isinstance(mask, list))
                self.assertEqual(kept(mask, 200), expected_rows(data, filters))

    @unittest.skipUnless(np, "numpy not installed")
    def test_numpy_masks_agree_with_rows(self):
        rng = random.Random(7)
        n = 300
        ints = np.array([rng.choice([-3, 0, 1, 2, 7, 2**40]) for _ in range(n)], dtype=np.int64)
        floats = np.array([rng.choice([NAN, -0.0, 0.0, 1.5, -2.25, float("inf")]) for _ in range(n)])
        hours = np.array([rng.randint(0, 2) for _ in range(n)], dtype="timedelta64[h]") + np.datetime64("2024-01-01")
        masked = np.ma.masked_array(ints, mask=[rng.random() < 0.2 for _ in range(n)])
        columns = {"i": ints, "f": floats, "t": hours.astype("datetime64[us]"), "m": masked}
        python = {
            "i": ints.tolist(),
            "f": floats.tolist(),
            "t": hours.astype("datetime64[us]").astype(object).tolist(),
            "m": [None if m else v for v, m in zip(masked.data.tolist(), masked.mask.tolist())],
        }
        operands = dict(OPERANDS, m=OPERANDS["i"], t=OPERANDS["t"] + [datetime.datetime(2024, 1, 1, 1, tzinfo=UTC)])
        for _ in range(400):
            filters = random_filters(rng, {k: operands[k] for k in columns})
            with self.subTest(filters=filters):
                # The Python reference holds naive UTC datetimes, as numpy does.
                naive = [
                    [(c, op, [_naive(x) for x in v] if isinstance(v, list) else _naive(v)) for c, op, v in conj]
                    for conj in filters
                ]
                reference = expected_rows(python, naive)
                self.assertEqual(kept(filter_mask(columns, filters), n), reference)

    def test_terms_on_unknown_columns_keep_rows(self):
        self.assertIsNone(filter_mask({"a": [1, 2]}, [("b", "==", 1)]))
        self.assertEqual(filter_mask({"a": [1, 2]}, [("b", "==", 1), ("a", "==", 2)]), [False, True])
        self.assertIsNone(filter_mask({"a": [1, 2]}, None))

    def test_filter_pydict(self):
        data = {"a": [1, None, 3, 4], "b": ["w", "x", "y", "z"]}
        self.assertEqual(filter_pydict(data, [("a", "!=", 3)]), {"a": [1, None, 4], "b": ["w", "x", "z"]})
        self.assertEqual(filter_pydict(data, None), data)
        if np is not None:
            result = filter_pydict({"a": np.arange(4), "b": ["w", "x", "y", "z"]}, [("a", ">=", 2)])
            self.assertEqual((result["a"].tolist(), result["b"]), ([2, 3], ["y", "z"]))

    def test_filter_batch(self):
        batch = pa.RecordBatch.from_pydict(
            {"a": [1, None, 3, 4], "f": [0.5, NAN, 2.5, None], "s": ["w", "x", None, "z"]}
        )
        self.assertIs(filter_batch(batch, None), batch)
        filtered = filter_batch(batch, [[("a", "!=", 3), ("f", "!=", 0.5)], [("s", "==", "w")]])
        self.assertEqual(filtered.column("a").to_pylist(), [1, None, 4])
        self.assertEqual(filtered.column("s").to_pylist(), ["w", "x", "z"])
        self.assertEqual(filter_batch(batch, [("a", ">", 100)]).num_rows, 0)


class RenderWhereTest(unittest.TestCase):
    """render_where against a real SQLite database: never drops a row the contract keeps."""

    def render(self, filters):
        params = []

        def emit(value):
            params.append(value)
            return "?"

        return render_where(filters, quote=lambda c: f'"{c}"', emit=emit), params

    def test_shapes(self):
        self.assertEqual(self.render(None), (None, []))
        self.assertEqual(self.render([("a", "!=", 1)]), ('("a" <> ? OR "a" IS NULL)', [1]))
        self.assertEqual(self.render([("a", "==", NAN)]), (FALSE_CONDITION, []))
        self.assertEqual(self.render([("a", "!=", NAN)]), (None, []))
        self.assertEqual(self.render([("a", "in", [])]), (FALSE_CONDITION, []))
        self.assertEqual(self.render([("a", "not in", [])]), (None, []))
        self.assertEqual(self.render([("a", "not in", [1, NAN])]), ('("a" NOT IN (?) OR "a" IS NULL)', [1]))
        self.assertEqual(self.render([("a", "in", [1, NAN])]), (None, []))
        self.assertEqual(self.render([("s", "<", "m")]), (None, []))  # collations order strings their own way
        # A false conjunction emits no parameters; a true one makes the whole disjunction true.
        self.assertEqual(self.render([[("a", "==", 1), ("b", "==", NAN)], [("c", "==", 2)]]), ('"c" = ?', [2]))
        self.assertEqual(self.render([[("a", "==", 1)], [("c", "==", None)]]), (None, []))
        held = render_where(
            [("s", "==", "a\x00b"), ("t", "==", 1)],
            quote=str,
            emit=repr,
            storable=lambda v: not (isinstance(v, str) and "\x00" in v),
        )
        self.assertEqual(held, FALSE_CONDITION)

        def refuse(value):
            raise Unpushable

        self.assertIsNone(render_where([("a", "==", 1)], quote=str, adapt=refuse, emit=repr))

    def test_sqlite_keeps_every_row_the_contract_keeps(self):
        rng = random.Random(5)
        data = random_data(rng, 150)
        data["t"] = [None if v is None else v.isoformat(" ") for v in data["t"]]
        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE r (k INTEGER, i INTEGER, f REAL, s TEXT, b BOOLEAN, t TEXT)")
        db.executemany(
            "INSERT INTO r VALUES (?, ?, ?, ?, ?, ?)",
            [(k,) + row for k, row in enumerate(zip(data["i"], data["f"], data["s"], data["b"], data["t"]))],
        )
        stored = {name: [row[0] for row in db.execute(f'SELECT "{name}" FROM r ORDER BY k')] for name in data}
        self.assertEqual(stored["f"].count(None), data["f"].count(None) + sum(map(_nan, data["f"])))  # NaN -> NULL
        operands = dict(
            OPERANDS, i=[v for v in OPERANDS["i"] if abs(v) < 2**63], t=[v.isoformat(" ") for v in OPERANDS["t"]]
        )
        for _ in range(400):
            filters = random_filters(rng, operands)
            sql, params = self.render(filters)
            with self.subTest(filters=filters, sql=sql):
                query = "SELECT k FROM r" + ("" if sql is None else " WHERE " + sql) + " ORDER BY k"
                rows = [k for k, in db.execute(query, params)]
                expected = expected_rows(stored, filters)
                self.assertLessEqual(set(expected), set(rows))
                if all(
                    is_pushable(op, v)
                    and not (op == "in" and any(map(_nan, v)))
                    and not (isinstance(v, str) and op not in ("==", "!="))  # string orderings are left out
                    for conj in filters
                    for _, op, v in conj
                ):
                    self.assertEqual(rows, expected)  # nothing left out: exactly the contract's rows


if __name__ == "__main__":
    unittest.main()
