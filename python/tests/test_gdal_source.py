"""OgrSource over a GeoPackage and a CSV written with OGR in the test."""
import gc
import os
import tempfile
import unittest

try:
    from osgeo import ogr, osr
except ImportError:
    ogr = None

from gdal_source import OgrSource, attribute_filter

from . import cabi_reader

NAMES = ["Zürich", "東京", None, "O'Brien", "Oslo"]


def decode_batch(batch):
    """{column: [values]} of a batch, read through its one __arrow_c_array__ export (GDAL aligns to 8 only mostly)."""
    schema, rows = cabi_reader.read_exported(batch, check_alignment=False)
    names = [child["name"] for child in schema["children"]]
    return {name: [row[name] for row in rows] for name in names}


@unittest.skipUnless(ogr, "osgeo (GDAL Python bindings) not importable: run with Debian's /usr/bin/python3")
class OgrSourceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.gpkg = os.path.join(cls.tmp.name, "places.gpkg")
        driver = ogr.GetDriverByName("GPKG")
        dataset = driver.CreateDataSource(cls.gpkg)
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        layer = dataset.CreateLayer("places", srs, ogr.wkbPoint)
        layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
        layer.CreateField(ogr.FieldDefn("population", ogr.OFTInteger64))
        layer.CreateField(ogr.FieldDefn("area", ogr.OFTReal))
        for i, name in enumerate(NAMES):
            feature = ogr.Feature(layer.GetLayerDefn())
            if name is not None:
                feature.SetField("name", name)
            feature.SetField("population", (i + 1) * 1000)
            feature.SetField("area", i + 0.5)
            feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({i} {i * 2})"))
            layer.CreateFeature(feature)
        dataset = None  # flush
        cls.csv = os.path.join(cls.tmp.name, "cities.csv")
        dataset = ogr.GetDriverByName("CSV").CreateDataSource(cls.csv)
        layer = dataset.CreateLayer("cities", None, ogr.wkbNone)
        layer.CreateField(ogr.FieldDefn("city", ogr.OFTString))
        for city in ("Bern", "Genève"):
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("city", city)
            layer.CreateFeature(feature)
        dataset = None

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def read(self, options, **hints):
        source = OgrSource()
        (spec,) = source.plan_partitions(options)
        return [decode_batch(b) for b in source.read_partition(spec, options, **hints)]

    def test_schema_through_capsule(self):
        schema = OgrSource().infer_schema({"path": self.gpkg})
        self.assertEqual(schema.names, ["fid", "name", "population", "area", "geom"])
        capsule = schema.__arrow_c_schema__()
        struct = cabi_reader.read_schema(cabi_reader.capsule_pointer(capsule, "arrow_schema"))
        self.assertEqual(struct["format"], "+s")
        self.assertEqual([child["format"] for child in struct["children"]], ["l", "u", "l", "g", "z"])
        del capsule
        gc.collect()  # capsule destructor releases GDAL's schema exactly once

    def test_values_and_wkb_geometry(self):
        batches = self.read({"path": self.gpkg, "batch_size": "2"})
        self.assertEqual([len(b["fid"]) for b in batches], [2, 2, 1])
        merged = {k: [v for b in batches for v in b[k]] for k in batches[0]}
        self.assertEqual(merged["fid"], [1, 2, 3, 4, 5])
        self.assertEqual(merged["name"], NAMES)
        self.assertEqual(merged["population"], [1000, 2000, 3000, 4000, 5000])
        self.assertEqual(merged["area"], [0.5, 1.5, 2.5, 3.5, 4.5])
        points = [ogr.CreateGeometryFromWkb(wkb) for wkb in merged["geom"]]
        self.assertEqual([(p.GetX(), p.GetY()) for p in points], [(i, i * 2) for i in range(5)])

    def test_projection_and_filter_pushdown(self):
        batches = self.read(
            {"path": self.gpkg, "layer": "places"},
            columns=["name"],
            filters=[[("population", ">", 1500), ("name", "!=", "Oslo")]],
        )
        self.assertEqual(list(batches[0]), ["name"])  # no fid, no geometry, no other field
        # '!=' keeps the NULL name; the .NET side re-applies it.
        self.assertEqual([v for b in batches for v in b["name"]], ["東京", None, "O'Brien"])
        only_quote = self.read({"path": self.gpkg}, columns=["fid"], filters=[("name", "in", ["O'Brien", "x"])])
        self.assertEqual(only_quote, [{"fid": [4]}])

    def test_empty_projection_keeps_row_count_and_limit(self):
        batches = self.read({"path": self.gpkg, "batch_size": "2"}, columns=[], limit=3)
        self.assertEqual([list(b) for b in batches], [["fid"], ["fid"]])
        self.assertEqual(sum(len(b["fid"]) for b in batches), 4)  # stops after the batch reaching the limit

    def test_csv_through_ogr(self):
        batches = self.read({"path": self.csv}, columns=["city"])
        self.assertEqual(batches, [{"city": ["Bern", "Genève"]}])

    def test_unpushable_filters_are_left_out(self):
        filters = [[("name", "==", "a"), ("geom", "==", b"x")], [("area", "<", 1.5)]]
        self.assertEqual(attribute_filter(filters, {"name", "area"}), '("name" = \'a\') OR ("area" < 1.5)')
        self.assertIsNone(attribute_filter([("geom", "==", b"x")], {"name"}))
        self.assertIsNone(attribute_filter([("area", "<", float("inf"))], {"area"}))

    def test_filter_contract_nan_nul_and_nulls(self):
        def fids(filters):
            return [v for b in self.read({"path": self.gpkg}, columns=["fid"], filters=filters) for v in b["fid"]]

        self.assertEqual(fids([("area", "!=", float("nan"))]), [1, 2, 3, 4, 5])
        self.assertEqual(fids([("area", "==", float("nan"))]), [])
        self.assertEqual(fids([("name", "==", "a\x00b")]), [])
        self.assertEqual(fids([("name", "not in", ["a\x00b", "Oslo"])]), [1, 2, 3, 4])  # the NULL name (3) is kept

    def test_errors(self):
        with self.assertRaises(FileNotFoundError):
            OgrSource().plan_partitions({"path": os.path.join(self.tmp.name, "missing.gpkg")})
        with self.assertRaises(ValueError) as ctx:
            OgrSource().plan_partitions({"path": self.gpkg, "layer": "nope"})
        self.assertIn("layers: places", str(ctx.exception))

    def test_unconsumed_batches_release_cleanly(self):
        batches = list(OgrSource().read_partition({"layer": "places"}, {"path": self.gpkg, "batch_size": "1"}))
        self.assertEqual([b.num_rows for b in batches], [1] * 5)
        self.assertEqual(batches[0].column_names, ["fid", "name", "population", "area", "geom"])
        del batches
        gc.collect()


if __name__ == "__main__":
    unittest.main()
