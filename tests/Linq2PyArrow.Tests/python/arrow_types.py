"""The type matrix of the README's mapping table, produced by linq2pyarrow.arrow for the .NET type tests.

Every case has ten values with nulls at rows 1 and 5. Options of ``TypeMatrix``:
  type   a key of CASES
  slice  "1": every column is a slice at offset 3 of a longer array (non-zero C offsets, bitmaps not
         byte-aligned), padded with values that differ from the real ones, so a reader that ignores the
         offset reads wrong values
  nulls  "0": drop the null rows (for non-nullable .NET members)
Batches: rows 0-5 and rows 6-9, with an ``i`` column holding the row number.
"""
import datetime as dt
from array import array
from decimal import Decimal

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow.buffer import Buffer, allocate_aligned, pack_bits
from linq2pyarrow.arrow.types import DataType

STRINGS = ["a", None, "", "é😀", "twelve bytes", None, "longer than twelve bytes", "x", "Zürich", "東京"]
BINARIES = [b"\x00\x01", None, b"", b"\xff" * 13, b"abc", None, bytes(range(20)), b"x", b"\x00", b"end"]
DATES = [
    dt.date(2024, 2, 29),
    None,
    dt.date(1969, 12, 31),
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    None,
    dt.date(1970, 1, 1),
    dt.date(2000, 1, 1),
    dt.date(1900, 3, 1),
    dt.date(2038, 1, 19),
]
STAMPS = [
    dt.datetime(2024, 2, 29, 12, 34, 56),
    None,
    dt.datetime(1969, 12, 31, 23, 59, 59),
    dt.datetime(1, 1, 1),
    dt.datetime(9999, 12, 31, 23, 59, 59),
    None,
    dt.datetime(1970, 1, 1),
    dt.datetime(2000, 1, 1, 0, 0, 1),
    dt.datetime(1900, 3, 1, 6, 0),
    dt.datetime(2038, 1, 19, 3, 14, 7),
]
# Raw storage integers where units are finer than Python's datetime (ns) or to reach edge values.
NANOS = [1709210096789123456, None, -1, 0, 1, None, -1709210096789123456, 999, -999, 86_400_000_000_000]
MILLIS = [1709210096789, None, -1, 0, 1, None, -86_400_001, 999, -999, 253_402_300_799_999]
TIMES_S = [0, None, 86399, 45296, 1, None, 43200, 3600, 60, 59]
TIMES_MS = [0, None, 86_399_999, 45_296_789, 1, None, 43_200_000, 3_600_000, 60_000, 999]
TIMES_US = [
    dt.time(0, 0),
    None,
    dt.time(23, 59, 59, 999999),
    dt.time(12, 34, 56, 789123),
    dt.time(0, 0, 0, 1),
    None,
    dt.time(12),
    dt.time(1),
    dt.time(0, 1),
    dt.time(0, 0, 59),
]
TIMES_NS = [0, None, 86_399_999_999_999, 45_296_789_123_456, 1, None, 43_200_000_000_000, 99, 100, 12_345]
DURATIONS = [1, None, -1, 86400, 0, None, -86400, 2**36, -(2**36), 7]
DECIMALS = [
    Decimal("12345678.91"),
    None,
    Decimal("-0.01"),
    Decimal("99999999.99"),
    Decimal("0"),
    None,
    Decimal("-99999999.99"),
    Decimal("1.5"),
    Decimal("0.10"),
    Decimal("-42"),
]
WIDE_DECIMALS = [
    Decimal("1234567890123456789.0123456789"),
    None,
    Decimal("-0.0000000001"),
    Decimal("0"),
    Decimal("-1234567890123456789.0123456789"),
    None,
    Decimal("1"),
    Decimal("2.5"),
    Decimal("-3"),
    Decimal("0.5"),
]
LONG_LISTS = [[1, 2], None, [], [None, 3], [4], None, [5, 6, 7], [], [8], [9, None]]
STRING_LISTS = [["a", "b"], None, [], [None, "c"], ["dé"], None, ["x", "y", "z"], [], [""], ["東京", None]]
STRUCT_TYPE = pa.struct([pa.field("x", pa.int64()), pa.field("y", pa.string())])
POINTS = [
    {"x": 1, "y": "a"},
    None,
    {"x": None, "y": "b"},
    {"x": 3, "y": None},
    {"x": -4, "y": "dé"},
    None,
    {"x": 6, "y": "f"},
    {"x": 7, "y": ""},
    {"x": 8, "y": "h"},
    {"x": 2**62, "y": "東京"},
]
COLORS = ["red", None, "green", "red", "blue", None, "green", "red", "red", "blue"]


def string_view():
    return DataType("string_view", "vu", "view")


def binary_view():
    return DataType("binary_view", "vz", "view")


# name: (type, values, pad). Pads fill the slack around sliced arrays and differ from every real value.
CASES = {
    "int8": (pa.int8(), [1, None, -128, 127, 0, None, 5, -1, 42, 7], 99),
    "int16": (pa.int16(), [1, None, -32768, 32767, 0, None, 5, -1, 42, 7], 99),
    "int32": (pa.int32(), [1, None, -(2**31), 2**31 - 1, 0, None, 5, -1, 42, 7], 99),
    "int64": (pa.int64(), [1, None, -(2**63), 2**63 - 1, 0, None, 5, -1, 42, 7], 99),
    "uint8": (pa.uint8(), [1, None, 0, 255, 128, None, 5, 254, 42, 7], 99),
    "uint16": (pa.uint16(), [1, None, 0, 65535, 32768, None, 5, 65534, 42, 7], 99),
    "uint32": (pa.uint32(), [1, None, 0, 2**32 - 1, 2**31, None, 5, 2**32 - 2, 42, 7], 99),
    "uint64": (pa.uint64(), [1, None, 0, 2**64 - 1, 2**63, None, 5, 2**64 - 2, 42, 7], 99),
    "float16": (pa.float16(), [1.5, None, -2.25, 65504.0, 0.0, None, 0.125, -1.0, 42.0, 7.0], 99.0),
    "float32": (
        pa.float32(),
        [1.5, None, -2.25, 3.4028234663852886e38, 0.0, None, 0.125, -1.0, 2.0**-100, 7.0],
        99.0,
    ),
    "float64": (pa.float64(), [1.5, None, -2.25, 1.7976931348623157e308, 0.0, None, 0.1, -1.0, 5e-324, 7.0], 99.0),
    "bool": (pa.bool_(), [True, None, False, True, True, None, False, False, True, False], True),
    "string": (pa.string(), STRINGS, "PAD"),
    "large_string": (pa.large_string(), STRINGS, "PAD"),
    "string_view": (string_view(), STRINGS, "PAD value longer than twelve"),
    "binary": (pa.binary(), BINARIES, b"PAD"),
    "large_binary": (pa.large_binary(), BINARIES, b"PAD"),
    "binary_view": (binary_view(), BINARIES, b"PAD value longer than twelve"),
    "date32": (pa.date32(), DATES, dt.date(2222, 2, 2)),
    "date64": (pa.date64(), DATES, dt.date(2222, 2, 2)),
    "time32[s]": (pa.time32("s"), TIMES_S, 7777),
    "time32[ms]": (pa.time32("ms"), TIMES_MS, 7777),
    "time64[us]": (pa.time64("us"), TIMES_US, 7777),
    "time64[ns]": (pa.time64("ns"), TIMES_NS, 7777),
    "timestamp[s]": (pa.timestamp("s"), STAMPS, 7777),
    "timestamp[ms]": (pa.timestamp("ms"), MILLIS, 7777),
    "timestamp[us]": (pa.timestamp("us"), STAMPS, 7777),
    "timestamp[ns]": (pa.timestamp("ns"), NANOS, 7777),
    "timestamp[s, tz=UTC]": (
        pa.timestamp("s", "UTC"),
        [None if v is None else v.replace(tzinfo=dt.timezone.utc) for v in STAMPS],
        7777,
    ),
    "timestamp[ms, tz=Europe/Zurich]": (pa.timestamp("ms", "Europe/Zurich"), MILLIS, 7777),
    "timestamp[us, tz=+01:00]": (
        pa.timestamp("us", "+01:00"),
        [None if v is None else v.replace(tzinfo=dt.timezone.utc) for v in STAMPS],
        7777,
    ),
    "timestamp[ns, tz=UTC]": (pa.timestamp("ns", "UTC"), NANOS, 7777),
    "duration[s]": (pa.duration("s"), DURATIONS, 7777),
    "duration[ms]": (pa.duration("ms"), DURATIONS, 7777),
    "duration[us]": (pa.duration("us"), DURATIONS, 7777),
    "duration[ns]": (pa.duration("ns"), DURATIONS, 7777),
    "decimal128(10, 2)": (pa.decimal128(10, 2), DECIMALS, Decimal("77.77")),
    "decimal128(38, 10)": (pa.decimal128(38, 10), WIDE_DECIMALS, Decimal("77.77")),
    "list<int64>": (pa.list_(pa.int64()), LONG_LISTS, [99, 98]),
    "large_list<string>": (pa.large_list(pa.string()), STRING_LISTS, ["PAD", None]),
    "struct": (STRUCT_TYPE, POINTS, {"x": 99, "y": "PAD"}),
    "dictionary<int32, string>": (pa.dictionary(pa.int32(), pa.string()), COLORS, "PAD"),
    "dictionary<int8, string>": (pa.dictionary(pa.int8(), pa.string()), COLORS, "PAD"),
    # Not in the mapping table, or values outside what .NET types hold.
    "null": (pa.null(), [None] * 10, None),
    "timestamp[s] beyond year 9999": (pa.timestamp("s"), [0, None, 253_402_300_800, 0, 0, None, 0, 0, 0, 0], 0),
    "date32 beyond year 9999": (pa.date32(), [0, None, 0, 0, 0, None, 0, 2_932_897, 0, 0], 0),
    "time64[us] beyond a day": (pa.time64("us"), [0, None, 0, 86_400_000_000, 0, None, 0, 0, 0, 0], 0),
    "duration[s] beyond TimeSpan": (pa.duration("s"), [0, None, 0, 0, 0, None, 2**40, 0, 0, 0], 0),
    "decimal128(38, 0) beyond decimal": (
        pa.decimal128(38, 0),
        [Decimal(0), None, Decimal(10) ** 37, 0, 0, None, 0, 0, 0, 0],
        0,
    ),
    "string_view with a bad view": (string_view(), STRINGS, ""),
}


class ViewArray:
    """A string_view/binary_view array built by hand (linq2pyarrow.arrow has no view types).

    Views are 16 bytes: int32 length, then the value itself when it fits in 12 bytes, else a 4-byte prefix,
    the data buffer index (always 0 here) and the offset into that buffer.
    """

    def __init__(self, data_type, values):
        self.type = data_type
        self._length = len(values)
        self._offset = 0
        flags = bytes(v is not None for v in values)
        self._null_count = flags.count(0)
        validity = Buffer(pack_bits(flags)) if self._null_count else None
        views, data = bytearray(16 * len(values)), bytearray()
        for i, value in enumerate(values):
            raw = b"" if value is None else value.encode("utf-8") if isinstance(value, str) else bytes(value)
            view = memoryview(views)[16 * i : 16 * i + 16]
            view[0:4] = len(raw).to_bytes(4, "little")
            if len(raw) <= 12:
                view[4 : 4 + len(raw)] = raw
            else:
                view[4:8] = raw[:4]
                view[8:12] = (0).to_bytes(4, "little")
                view[12:16] = len(data).to_bytes(4, "little")
                data += raw
        self._buffers = [
            validity,
            allocate_aligned(bytes(views)),
            allocate_aligned(bytes(data) or b"\0"),
            Buffer(array("q", [len(data)])),
        ]

    def slice(self, offset=0, length=None):
        sliced = object.__new__(ViewArray)
        sliced.__dict__.update(self.__dict__)
        sliced._offset = self._offset + offset
        sliced._length = self._length - offset if length is None else length
        sliced._null_count = -1
        return sliced

    def __len__(self):
        return self._length

    def _c_array_parts(self):
        return self._length, self._null_count, self._offset, self._buffers, [], None


def column(data_type, values):
    return ViewArray(data_type, values) if data_type._kind == "view" else pa.array(values, data_type)


def build_batches(name, sliced=False, nulls=True):
    data_type, values, pad = CASES[name]
    if not nulls:
        values = [v for v in values if v is not None]
    schema = pa.schema([pa.field("i", pa.int64()), pa.field("v", data_type)])
    batches = []
    for start, stop in ((0, 6), (6, len(values))):
        part, ids = values[start:stop], list(range(start, stop))
        if sliced:
            # Leading slack [pad, None, pad] puts a null bit before the slice; trailing slack after it.
            v = column(data_type, [pad, None, pad] + part + [pad, pad]).slice(3, len(part))
            i = pa.array([-3, -2, -1] + ids + [-4, -5], pa.int64()).slice(3, len(ids))
        else:
            v, i = column(data_type, part), pa.array(ids, pa.int64())
        batches.append(pa.RecordBatch(schema, [i, v], len(part)))
    return schema, batches


class TypeMatrix:
    """One column ``v`` of the chosen type plus the row number ``i``; see the module docstring."""

    def infer_schema(self, options):
        return pa.schema([pa.field("i", pa.int64()), pa.field("v", CASES[options["type"]][0])])

    def plan_partitions(self, options):
        return [{"type": options["type"]}]

    def read_partition(self, partition_spec, options):
        if options["type"] == "string_view with a bad view":
            yield from bad_view_batches()
            return
        _, batches = build_batches(options["type"], options.get("slice") == "1", options.get("nulls", "1") == "1")
        yield from batches


def bad_view_batches():
    """string_view batches whose row 6 (a 24-byte value stored out of line) points 1000 bytes into a shorter buffer."""
    _, batches = build_batches("string_view")
    views = batches[1].column(1)._buffers[1].view
    views[12:16] = (1000).to_bytes(4, "little")
    return batches
