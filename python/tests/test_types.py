"""Types, fields and schemas: pyarrow-compatible names, equality and C formats."""
import datetime
import unittest

from linq2pyarrow import arrow as pa

from . import cabi_reader as reader

NAMES_AND_FORMATS = [
    (pa.null(), "null", "n"),
    (pa.bool_(), "bool", "b"),
    (pa.int8(), "int8", "c"),
    (pa.int16(), "int16", "s"),
    (pa.int32(), "int32", "i"),
    (pa.int64(), "int64", "l"),
    (pa.uint8(), "uint8", "C"),
    (pa.uint16(), "uint16", "S"),
    (pa.uint32(), "uint32", "I"),
    (pa.uint64(), "uint64", "L"),
    (pa.float16(), "halffloat", "e"),
    (pa.float32(), "float", "f"),
    (pa.float64(), "double", "g"),
    (pa.string(), "string", "u"),
    (pa.utf8(), "string", "u"),
    (pa.large_string(), "large_string", "U"),
    (pa.large_utf8(), "large_string", "U"),
    (pa.binary(), "binary", "z"),
    (pa.large_binary(), "large_binary", "Z"),
    (pa.date32(), "date32[day]", "tdD"),
    (pa.date64(), "date64[ms]", "tdm"),
    (pa.time32("s"), "time32[s]", "tts"),
    (pa.time32("ms"), "time32[ms]", "ttm"),
    (pa.time64("us"), "time64[us]", "ttu"),
    (pa.time64("ns"), "time64[ns]", "ttn"),
    (pa.timestamp("s"), "timestamp[s]", "tss:"),
    (pa.timestamp("ms"), "timestamp[ms]", "tsm:"),
    (pa.timestamp("us"), "timestamp[us]", "tsu:"),
    (pa.timestamp("ns"), "timestamp[ns]", "tsn:"),
    (pa.timestamp("us", tz="UTC"), "timestamp[us, tz=UTC]", "tsu:UTC"),
    (pa.timestamp("ms", tz="Europe/Paris"), "timestamp[ms, tz=Europe/Paris]", "tsm:Europe/Paris"),
    (pa.duration("s"), "duration[s]", "tDs"),
    (pa.duration("ns"), "duration[ns]", "tDn"),
    (pa.decimal128(10, 2), "decimal128(10, 2)", "d:10,2"),
    (pa.list_(pa.int64()), "list<item: int64>", "+l"),
    (pa.large_list(pa.string()), "large_list<item: string>", "+L"),
    (pa.struct([("a", pa.int64()), ("b", pa.string())]), "struct<a: int64, b: string>", "+s"),
    (pa.dictionary(pa.int32(), pa.string()), "dictionary<values=string, indices=int32, ordered=0>", "i"),
]


class TypesTest(unittest.TestCase):
    def test_names_and_formats(self):
        for data_type, name, fmt in NAMES_AND_FORMATS:
            with self.subTest(name=name):
                self.assertEqual(str(data_type), name)
                schema = reader.read_schema(reader.capsule_pointer(data_type.__arrow_c_schema__(), "arrow_schema"))
                self.assertEqual(schema["format"], fmt)
                self.assertEqual(schema["name"], "")

    def test_equality_and_hashing(self):
        self.assertEqual(pa.string(), pa.utf8())
        self.assertEqual(pa.timestamp("us", tz="UTC"), pa.timestamp("us", "UTC"))
        self.assertNotEqual(pa.timestamp("us"), pa.timestamp("us", tz="UTC"))
        self.assertNotEqual(pa.time32("s"), pa.duration("s"))
        self.assertEqual(pa.list_(pa.int64()), pa.list_(pa.int64()))
        self.assertNotEqual(pa.list_(pa.int64()), pa.large_list(pa.int64()))
        self.assertEqual(len({pa.int64(), pa.int64(), pa.decimal128(5, 1), pa.decimal128(5, 1)}), 2)
        self.assertEqual(pa.int64(), "int64")
        self.assertEqual(pa.type_for_alias("timestamp[ms]"), pa.timestamp("ms"))
        self.assertEqual(pa.timestamp("us", tz=datetime.timezone.utc).tz, "UTC")
        self.assertEqual(pa.int32().bit_width, 32)
        self.assertEqual(pa.decimal128(5, 1).byte_width, 16)

    def test_invalid_parameters(self):
        with self.assertRaises(pa.ArrowInvalid):
            pa.time32("us")
        with self.assertRaises(pa.ArrowInvalid):
            pa.timestamp("h")
        with self.assertRaises(pa.ArrowInvalid):
            pa.decimal128(39, 0)
        with self.assertRaises(pa.ArrowInvalid):
            pa.dictionary(pa.string(), pa.string())

    def test_nested_schema_export(self):
        data_type = pa.struct([("xs", pa.list_(pa.int32())), ("d", pa.dictionary(pa.int8(), pa.string()))])
        schema = reader.read_schema(reader.capsule_pointer(data_type.__arrow_c_schema__(), "arrow_schema"))
        xs, d = schema["children"]
        self.assertEqual(
            (xs["name"], xs["format"], xs["children"][0]["name"], xs["children"][0]["format"]),
            ("xs", "+l", "item", "i"),
        )
        self.assertEqual((d["format"], d["dictionary"]["format"]), ("c", "u"))

    def test_field_and_schema_api(self):
        f = pa.field("a", pa.int64(), nullable=False)
        self.assertEqual(str(f), "a: int64 not null")
        self.assertEqual(f.with_nullable(True), pa.field("a", "int64"))
        schema = pa.schema([f, ("b", pa.string())])
        self.assertEqual(schema.names, ["a", "b"])
        self.assertEqual(schema.types, [pa.int64(), pa.string()])
        self.assertEqual(schema.field("b").type, pa.string())
        self.assertEqual(schema.field(0), f)
        self.assertEqual(schema.get_field_index("b"), 1)
        self.assertEqual(schema.get_field_index("zz"), -1)
        self.assertEqual(len(schema), 2)
        self.assertEqual([x.name for x in schema], ["a", "b"])
        self.assertEqual(schema, pa.schema([f, pa.field("b", pa.string())]))
        self.assertNotEqual(schema, pa.schema([("a", pa.int64()), ("b", pa.string())]))
        self.assertTrue(schema.equals(schema.with_metadata({"k": "v"})))
        self.assertFalse(schema.equals(schema.with_metadata({"k": "v"}), check_metadata=True))
        c_field = reader.read_schema(reader.capsule_pointer(f.__arrow_c_schema__(), "arrow_schema"))
        self.assertEqual((c_field["name"], c_field["flags"]), ("a", 0))


if __name__ == "__main__":
    unittest.main()
