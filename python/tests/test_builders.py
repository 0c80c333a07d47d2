"""Fast column builders: numpy without copies, decimals from scaled integers, timestamps, strings."""
import datetime
import decimal
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow.builders import decimal128_from_scaled

from . import cabi_reader

try:
    import numpy as np
except ImportError:
    np = None

UTC = datetime.timezone.utc


def exported(array):
    return cabi_reader.read_exported(array)[1]


class DecimalsFromScaledTest(unittest.TestCase):
    def test_list_of_ints(self):
        array = decimal128_from_scaled([1234, -5, None, 0, 10**37 - 1], 38, 2)
        self.assertEqual(array.type, pa.decimal128(38, 2))
        expected = [
            decimal.Decimal("12.34"),
            decimal.Decimal("-0.05"),
            None,
            decimal.Decimal("0.00"),
            decimal.Decimal((0, tuple(map(int, str(10**37 - 1))), -2)),
        ]
        self.assertEqual(array.to_pylist(), expected)
        self.assertEqual(exported(array), expected)

    def test_out_of_range(self):
        with self.assertRaises(pa.ArrowInvalid):
            decimal128_from_scaled([1000], 3, 0)

    @unittest.skipUnless(np, "numpy not installed")
    def test_numpy_with_mask(self):
        values = np.array([1234, -5, 7, -(2**62)], dtype=np.int64)
        array = decimal128_from_scaled(values, 38, 3, mask=[False, False, True, False])
        expected = [decimal.Decimal("1.234"), decimal.Decimal("-0.005"), None, decimal.Decimal(-(2**62)).scaleb(-3)]
        self.assertEqual(exported(array), expected)
        self.assertEqual(array.null_count, 1)
        with self.assertRaises(pa.ArrowInvalid):
            decimal128_from_scaled(np.array([100]), 2, 0)


class TimestampTest(unittest.TestCase):
    def test_lists_of_datetimes_naive_aware_and_nulls(self):
        naive = [datetime.datetime(2024, 1, 1, 0, 0, 1, 5), None, datetime.datetime(1969, 12, 31, 23, 59, 59, 999999)]
        for unit in ("s", "ms", "us", "ns"):
            with self.subTest(unit=unit):
                array = pa.array(naive, pa.timestamp(unit))
                per_unit = {"s": 0, "ms": 1000, "us": 1, "ns": 1}[unit]
                expected = [
                    None
                    if v is None
                    else v.replace(
                        microsecond=v.microsecond
                        if per_unit in (1,)
                        else (v.microsecond // per_unit * per_unit if per_unit else 0)
                    )
                    for v in naive
                ]
                self.assertEqual(exported(array), expected)
        aware = [datetime.datetime(2024, 1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1))), None]
        self.assertEqual(
            pa.array(aware, pa.timestamp("us", "UTC")).to_pylist(), [datetime.datetime(2024, 1, 1, tzinfo=UTC), None]
        )

    def test_integers_are_storage(self):
        array = pa.array([0, 86_400_000_000, None], pa.timestamp("us"))
        self.assertEqual(array.to_pylist(), [datetime.datetime(1970, 1, 1), datetime.datetime(1970, 1, 2), None])

    def test_mixed_values_still_convert(self):
        mixed = [datetime.datetime(1970, 1, 1, 0, 0, 1), 5_000_000]
        self.assertEqual(
            pa.array(mixed, pa.timestamp("us")).to_pylist(),
            [datetime.datetime(1970, 1, 1, 0, 0, 1), datetime.datetime(1970, 1, 1, 0, 0, 5)],
        )

    @unittest.skipUnless(np, "numpy not installed")
    def test_numpy_zero_copy(self):
        stamps = np.array(["2024-01-01T00:00:01", "NaT"], dtype="datetime64[us]")
        array = pa.array(stamps, pa.timestamp("us", "UTC"))
        self.assertEqual(array.to_pylist(), [datetime.datetime(2024, 1, 1, 0, 0, 1, tzinfo=UTC), None])
        self.assertEqual(array.buffers()[1].address, stamps.ctypes.data)  # no copy
        converted = pa.array(stamps, pa.timestamp("ms"))
        self.assertEqual(converted.to_pylist(), [datetime.datetime(2024, 1, 1, 0, 0, 1), None])
        ints = np.array([0, 1_000_000], dtype=np.int64)
        as_timestamps = pa.array(ints, pa.timestamp("us"))
        self.assertEqual(as_timestamps.buffers()[1].address, ints.ctypes.data)
        self.assertEqual(
            as_timestamps.to_pylist(), [datetime.datetime(1970, 1, 1), datetime.datetime(1970, 1, 1, 0, 0, 1)]
        )
        days = pa.array(np.array([0, 19723], dtype=np.int32), pa.date32())
        self.assertEqual(days.to_pylist(), [datetime.date(1970, 1, 1), datetime.date(2024, 1, 1)])
        self.assertEqual(
            pa.array(np.array(["2024-01-01"], dtype="datetime64[D]"), pa.date32()).to_pylist(),
            [datetime.date(2024, 1, 1)],
        )


class StringTest(unittest.TestCase):
    def test_ascii_non_ascii_and_nulls(self):
        values = ["a", "", None, "Zürich 東京 😀", "\x00"]
        self.assertEqual(exported(pa.array(values, pa.string())), values)
        self.assertEqual(exported(pa.array(values, pa.large_string())), values)


if __name__ == "__main__":
    unittest.main()


class TakeFilterTest(unittest.TestCase):
    """Array.take / filter / dictionary_encode and RecordBatch.filter gather from the buffers, for every layout."""

    def arrays(self):
        values = {
            "int64": [1, None, 3, 4, 5],
            "float16": [0.5, None, 1.5, -2.0, 8.0],
            "bool": [True, None, False, True, False],
            "string": ["a", None, "Zürich", "", "東京"],
            "large_string": ["x", "y", None, "zz", ""],
            "binary": [b"\x00", None, b"", b"ab", b"\xff"],
            "decimal128(10, 2)": [
                decimal.Decimal("1.25"),
                None,
                decimal.Decimal("-3.00"),
                decimal.Decimal("0.01"),
                decimal.Decimal("99.99"),
            ],
            "timestamp[us]": [
                datetime.datetime(2024, 1, 1),
                None,
                datetime.datetime(1969, 1, 1),
                datetime.datetime(2024, 1, 2),
                datetime.datetime(2000, 1, 1),
            ],
            "list<item: int64>": [[1, 2], None, [], [3], [None, 4]],
            "struct": [{"a": 1, "b": "x"}, None, {"a": None, "b": "y"}, {"a": 4, "b": None}, {"a": 5, "b": "z"}],
            "null": [None] * 5,
        }
        types = {
            "int64": pa.int64(),
            "float16": pa.float16(),
            "bool": pa.bool_(),
            "string": pa.string(),
            "large_string": pa.large_string(),
            "binary": pa.binary(),
            "decimal128(10, 2)": pa.decimal128(10, 2),
            "timestamp[us]": pa.timestamp("us"),
            "list<item: int64>": pa.list_(pa.int64()),
            "struct": pa.struct([("a", pa.int64()), ("b", pa.string())]),
            "null": pa.null(),
        }
        for name, data in values.items():
            yield name, pa.array([data[0]] + data + [data[0]], types[name]).slice(1)

    def test_take_and_filter_every_layout(self):
        for name, array in self.arrays():
            values = array.to_pylist()
            with self.subTest(type=name):
                positions = [4, 0, 0, 2, 5]
                taken = array.take(positions)
                self.assertEqual(exported(taken), [values[p] for p in positions])
                mask = [i % 2 == 0 for i in range(len(array))]
                self.assertEqual(exported(array.filter(mask)), [v for v, m in zip(values, mask) if m])
                self.assertEqual(array.take([]).to_pylist(), [])
        with self.assertRaises(IndexError):
            pa.array([1, 2]).take([2])

    def test_dictionary_encode(self):
        encoded = pa.array(["b", None, "a", "b", "a"]).dictionary_encode()
        self.assertEqual(encoded.type, pa.dictionary(pa.int32(), pa.string()))
        self.assertEqual(encoded.dictionary.to_pylist(), ["b", "a"])
        self.assertEqual(exported(encoded), ["b", None, "a", "b", "a"])

    def test_record_batch_filter(self):
        batch = pa.RecordBatch.from_pydict({"a": [1, 2, None, 4], "s": ["w", None, "y", "z"]})
        self.assertEqual(batch.filter([True, False, True, True]).to_pydict(), {"a": [1, None, 4], "s": ["w", "y", "z"]})
        if np is not None:
            self.assertEqual(batch.filter(np.array([False, True, False, False])).num_rows, 1)
