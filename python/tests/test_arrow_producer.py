"""Arrays of every supported type: C export read back independently, with nulls and slices."""
import datetime
import decimal
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import _cdata

from . import cabi_reader as reader

UTC = datetime.timezone.utc
D = datetime.date
DT = datetime.datetime
T = datetime.time
TD = datetime.timedelta
Dec = decimal.Decimal

# (type, values with nulls, expected C format)
CASES = [
    (pa.int8(), [1, None, -3, 127, -128, 0], "c"),
    (pa.int16(), [1, None, -3, 2**15 - 1, -(2**15), 0], "s"),
    (pa.int32(), [1, None, -3, 2**31 - 1, -(2**31), 0], "i"),
    (pa.int64(), [1, None, -3, 2**63 - 1, -(2**63), 0], "l"),
    (pa.uint8(), [1, None, 3, 255, 0, 7], "C"),
    (pa.uint16(), [1, None, 3, 2**16 - 1, 0, 7], "S"),
    (pa.uint32(), [1, None, 3, 2**32 - 1, 0, 7], "I"),
    (pa.uint64(), [1, None, 3, 2**64 - 1, 0, 7], "L"),
    (pa.float16(), [1.5, None, -2.0, 0.25, 65504.0, 0.0], "e"),
    (pa.float32(), [1.5, None, -2.0, 0.25, 2.0**100, float("inf")], "f"),
    (pa.float64(), [1.5, None, -2.0, 1e300, -0.0, 3.25], "g"),
    (pa.bool_(), [True, None, False, True, True, False, None, True, False, True], "b"),
    (pa.string(), ["a", None, "héllo", "", "日本語", "xyz"], "u"),
    (pa.utf8(), ["ascii", None, "only", "", "here", "!"], "u"),
    (pa.large_string(), ["a", None, "héllo", "", "日本語", "xyz"], "U"),
    (pa.binary(), [b"a", None, b"\x00\xff", b"", b"xyz", b"q"], "z"),
    (pa.large_binary(), [b"a", None, b"\x00\xff", b"", b"xyz", b"q"], "Z"),
    (pa.date32(), [D(2020, 1, 1), None, D(1969, 12, 31), D(1, 1, 1), D(9999, 12, 31), D(1970, 1, 1)], "tdD"),
    (pa.date64(), [D(2020, 1, 1), None, D(1969, 12, 31), D(2000, 2, 29), D(1970, 1, 2), D(1970, 1, 1)], "tdm"),
    (pa.time32("s"), [T(1, 2, 3), None, T(0), T(23, 59, 59), T(12), T(0, 0, 1)], "tts"),
    (pa.time32("ms"), [T(1, 2, 3, 4000), None, T(0), T(23, 59, 59, 999000), T(12), T(0, 0, 1)], "ttm"),
    (pa.time64("us"), [T(1, 2, 3, 4), None, T(0), T(23, 59, 59, 999999), T(12), T(0, 0, 1)], "ttu"),
    (pa.time64("ns"), [T(1, 2, 3, 4), None, T(0), T(23, 59, 59, 999999), T(12), T(0, 0, 1)], "ttn"),
    (
        pa.timestamp("s"),
        [DT(2020, 1, 1, 12), None, DT(1969, 1, 1), DT(1970, 1, 1), DT(2038, 1, 20), DT(1, 1, 1)],
        "tss:",
    ),
    (
        pa.timestamp("ms"),
        [DT(2020, 1, 1, 0, 0, 0, 5000), None, DT(1969, 1, 1), DT(1970, 1, 1), DT(2100, 1, 1), DT(1900, 3, 1)],
        "tsm:",
    ),
    (
        pa.timestamp("us"),
        [DT(2020, 1, 1, 0, 0, 0, 5), None, DT(1969, 1, 1), DT(1970, 1, 1), DT(9999, 1, 1), DT(1, 1, 1)],
        "tsu:",
    ),
    (
        pa.timestamp("ns"),
        [DT(2020, 1, 1, 0, 0, 0, 5), None, DT(1969, 1, 1), DT(1970, 1, 1), DT(2200, 1, 1), DT(1700, 1, 1)],
        "tsn:",
    ),
    (
        pa.timestamp("us", tz="UTC"),
        [
            DT(2020, 1, 1, tzinfo=UTC),
            None,
            DT(1969, 1, 1, tzinfo=UTC),
            DT(1970, 1, 1, tzinfo=UTC),
            DT(2020, 6, 1, 1, tzinfo=UTC),
            DT(2000, 1, 1, tzinfo=UTC),
        ],
        "tsu:UTC",
    ),
    (pa.duration("s"), [TD(seconds=5), None, TD(days=-1), TD(0), TD(days=1000), TD(seconds=1)], "tDs"),
    (pa.duration("ms"), [TD(milliseconds=5), None, TD(days=-1), TD(0), TD(days=1000), TD(1)], "tDm"),
    (pa.duration("us"), [TD(microseconds=5), None, TD(days=-1), TD(0), TD(days=99999), TD(1)], "tDu"),
    (pa.duration("ns"), [TD(microseconds=5), None, TD(days=-1), TD(0), TD(days=1000), TD(1)], "tDn"),
    (
        pa.decimal128(10, 3),
        [Dec("1.500"), None, Dec("-1234567.891"), Dec("0.000"), Dec("9999999.999"), Dec("-0.001")],
        "d:10,3",
    ),
    (pa.decimal128(38, 0), [Dec(10**37), None, Dec(-(10**38 - 1)), Dec(0), Dec(1), Dec(-1)], "d:38,0"),
    (pa.list_(pa.int64()), [[1, 2], None, [], [None, 4], [5], [6, 7, 8]], "+l"),
    (pa.large_list(pa.string()), [["a"], None, [], ["b", None], ["c"], ["d", "e"]], "+L"),
    (
        pa.struct([("x", pa.int32()), ("y", pa.string())]),
        [{"x": 1, "y": "a"}, None, {"x": None, "y": "b"}, {"x": 3, "y": None}, {"x": 4, "y": "d"}, {"x": 5, "y": "e"}],
        "+s",
    ),
    (pa.dictionary(pa.int8(), pa.string()), ["a", None, "b", "a", "c", "b"], "c"),
    (pa.dictionary(pa.int32(), pa.int64()), [10, None, 20, 10, 10, 30], "i"),
    (pa.null(), [None] * 6, "n"),
]

SLICES = [(0, None), (1, 3), (2, 0), (3, 3), (5, 1), (6, 0)]


def _nulls(values):
    return sum(v is None for v in values)


class TypeMatrixTest(unittest.TestCase):
    def setUp(self):
        self.baseline = _cdata.live_exports()

    def tearDown(self):
        self.assertEqual(_cdata.live_exports(), self.baseline, "exported structs leaked")

    def test_round_trip_and_export_for_every_type(self):
        for data_type, values, fmt in CASES:
            with self.subTest(type=str(data_type)):
                arr = pa.array(values, type=data_type)
                self.assertEqual(arr.type, data_type)
                self.assertEqual(len(arr), len(values))
                self.assertEqual(arr.null_count, _nulls(values))
                self.assertEqual(arr.to_pylist(), values)
                schema, exported = reader.read_exported(arr)
                self.assertEqual(schema["format"], fmt)
                self.assertEqual(schema["name"], "")
                self.assertEqual(schema["flags"] & _cdata.FLAG_NULLABLE, _cdata.FLAG_NULLABLE)
                self.assertEqual(exported, values)

    def test_slices_export_an_offset_and_share_buffers(self):
        for data_type, values, _ in CASES:
            arr = pa.array(values, type=data_type)
            for offset, length in SLICES:
                expected = values[offset:] if length is None else values[offset : offset + length]
                with self.subTest(type=str(data_type), offset=offset, length=length):
                    part = arr.slice(offset, length)
                    self.assertEqual(part.to_pylist(), expected)
                    self.assertEqual(part.null_count, _nulls(expected))
                    self.assertEqual(part.offset, offset)
                    for mine, theirs in zip(part.buffers(), arr.buffers()):
                        self.assertIs(mine, theirs)
                    schema_capsule, array_capsule = part.__arrow_c_array__()
                    c_array = reader.CArray.from_address(reader.capsule_pointer(array_capsule, "arrow_array"))
                    self.assertEqual(c_array.offset, offset)
                    self.assertEqual(c_array.length, len(expected))
                    self.assertEqual(reader.read_capsules(schema_capsule, array_capsule)[1], expected)

    def test_slice_of_slice_and_getitem(self):
        arr = pa.array(list(range(20)))
        part = arr.slice(5, 10).slice(2, 3)
        self.assertEqual(part.offset, 7)
        self.assertEqual(reader.read_exported(part)[1], [7, 8, 9])
        self.assertEqual(arr[3].as_py(), 3)
        self.assertEqual(arr[-1].as_py(), 19)
        self.assertEqual(arr[2:5].to_pylist(), [2, 3, 4])
        self.assertFalse(pa.array([None], pa.int64())[0].is_valid)
        with self.assertRaises(IndexError):
            arr[20]

    def test_empty_arrays_have_non_null_buffers(self):
        for data_type, _, _ in CASES:
            with self.subTest(type=str(data_type)):
                arr = pa.array([], type=data_type)
                self.assertEqual(reader.read_exported(arr)[1], [])  # the reader asserts non-NULL data buffers

    def test_no_nulls_means_no_validity_bitmap(self):
        arr = pa.array([1, 2, 3])
        self.assertIsNone(arr.buffers()[0])
        schema_capsule, array_capsule = arr.__arrow_c_array__()
        c_array = reader.CArray.from_address(reader.capsule_pointer(array_capsule, "arrow_array"))
        self.assertEqual(c_array.null_count, 0)
        self.assertFalse(c_array.buffers[0])

    def test_large_bitmaps(self):
        values = [None if i % 7 == 0 or i % 11 == 0 else i % 2 == 0 for i in range(1003)]
        arr = pa.array(values)
        self.assertEqual(arr.to_pylist(), values)
        self.assertEqual(reader.read_exported(arr.slice(13, 977))[1], values[13:990])
        self.assertEqual(arr.slice(13, 977).null_count, _nulls(values[13:990]))


class InferenceTest(unittest.TestCase):
    def check(self, values, expected_type):
        arr = pa.array(values)
        self.assertEqual(arr.type, expected_type)
        return arr

    def test_inferred_types(self):
        self.check([1, None, 3], pa.int64())
        self.check([1.5, 2], pa.float64())
        self.assertEqual(self.check([1, 2.5], pa.float64()).to_pylist(), [1.0, 2.5])
        self.check([2**63], pa.uint64())
        self.check([True, None], pa.bool_())
        self.check(["a", None], pa.string())
        self.check([b"a", bytearray(b"b")], pa.binary())
        self.check([D(2020, 1, 1)], pa.date32())
        self.check([DT(2020, 1, 1)], pa.timestamp("us"))
        self.check([DT(2020, 1, 1, tzinfo=UTC)], pa.timestamp("us", tz="UTC"))
        tz = datetime.timezone(TD(hours=-5, minutes=-30))
        self.check([None, DT(2020, 1, 1, tzinfo=tz)], pa.timestamp("us", tz="-05:30"))
        self.check([T(1, 2)], pa.time64("us"))
        self.check([TD(1)], pa.duration("us"))
        self.check([Dec("1.25"), Dec("-300.5")], pa.decimal128(5, 2))
        self.check([[1, 2], None, []], pa.list_(pa.int64()))
        self.check([{"a": 1}, {"b": "x"}], pa.struct([("a", pa.int64()), ("b", pa.string())]))
        self.check([None, None], pa.null())
        self.check([], pa.null())
        self.check((1, 2), pa.int64())
        self.check(range(3), pa.int64())

    def test_aware_datetimes_are_stored_as_utc(self):
        tz = datetime.timezone(TD(hours=2))
        arr = pa.array([DT(2020, 1, 1, 12, tzinfo=tz)])
        self.assertEqual(arr.type, pa.timestamp("us", tz="+02:00"))
        value = arr.to_pylist()[0]
        self.assertEqual(value, DT(2020, 1, 1, 10, tzinfo=UTC))
        self.assertEqual(value.utcoffset(), TD(hours=2))
        self.assertEqual(reader.read_exported(arr)[1], [DT(2020, 1, 1, 10, tzinfo=UTC)])

    def test_errors(self):
        with self.assertRaises(pa.ArrowInvalid):
            pa.array([1, "a"])
        with self.assertRaises(pa.ArrowInvalid):
            pa.array([2**64])
        with self.assertRaises(pa.ArrowInvalid):
            pa.array([300], type=pa.int8())
        with self.assertRaises(pa.ArrowTypeError):
            pa.array([object()])
        with self.assertRaises(pa.ArrowTypeError):
            pa.array(["a", 1], type=pa.string())
        with self.assertRaises(pa.ArrowInvalid):
            pa.array([Dec("1.234")], type=pa.decimal128(5, 2))
        with self.assertRaises(pa.ArrowInvalid):
            pa.array([Dec("1234")], type=pa.decimal128(5, 2))
        with self.assertRaises(pa.ArrowTypeError):
            pa.array("abc")

    def test_mask_and_explicit_types(self):
        arr = pa.array([1, 2, 3], mask=[False, True, False])
        self.assertEqual(arr.to_pylist(), [1, None, 3])
        self.assertEqual(pa.array([0, 86400], type=pa.timestamp("s")).to_pylist(), [DT(1970, 1, 1), DT(1970, 1, 2)])
        self.assertEqual(pa.array([1, 2], type="int32").type, pa.int32())
        self.assertEqual(pa.array([1, 2]).dictionary_encode().to_pylist(), [1, 2])

    def test_dictionary_array_from_arrays(self):
        arr = pa.DictionaryArray.from_arrays(pa.array([0, 1, None, 0], pa.int16()), pa.array(["x", "y"]))
        self.assertEqual(arr.type, pa.dictionary(pa.int16(), pa.string()))
        self.assertEqual(arr.to_pylist(), ["x", "y", None, "x"])
        self.assertEqual(arr.indices.to_pylist(), [0, 1, None, 0])
        self.assertEqual(reader.read_exported(arr)[1], ["x", "y", None, "x"])

    def test_struct_field_applies_offset(self):
        arr = pa.array([{"a": 1}, {"a": 2}, {"a": 3}]).slice(1)
        self.assertEqual(arr.field("a").to_pylist(), [2, 3])


class FromBuffersTest(unittest.TestCase):
    def test_from_buffers_with_offset(self):
        import array

        data = array.array("i", [5, 6, 7, 8])
        validity = bytes([0b1011])
        arr = pa.Array.from_buffers(pa.int32(), 3, [validity, data], offset=1)
        self.assertEqual(arr.to_pylist(), [6, None, 8])
        self.assertEqual(arr.null_count, 1)
        self.assertEqual(reader.read_exported(arr)[1], [6, None, 8])

    def test_buffer_count_is_checked(self):
        with self.assertRaises(pa.ArrowInvalid):
            pa.Array.from_buffers(pa.string(), 1, [None, b"\0\0\0\0"])


if __name__ == "__main__":
    unittest.main()
