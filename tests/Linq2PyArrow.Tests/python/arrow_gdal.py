"""Vector data for the GDAL cross-check, written with OGR, and GDAL's own reading of it (the feature API).

The .NET test reads the same files through samples/gdal_source.py's OgrSource (GDAL's Arrow stream handed over
through capsules) and compares every value with ``features()``.
"""
import os

try:
    from osgeo import ogr, osr
except ImportError:
    ogr = None

PLACES = [
    # name, population, rank, area, founded (y, m, d), updated (y, m, d, h, mi, s), active, point
    ("Zürich", 421878, 1, 87.88, (1218, 1, 1), (2024, 2, 29, 12, 34, 56.789), True, (8.54, 47.37)),
    ("東京", 13960000, 2, 2194.07, (1457, 6, 15), (1999, 12, 31, 23, 59, 59.0), False, (139.69, 35.69)),
    (None, None, None, None, None, None, None, (0.0, 0.0)),
    ('O\'Brien, "quoted"', 0, -3, -0.5, (1970, 1, 1), (1970, 1, 1, 0, 0, 0.001), True, (-1.5, -2.25)),
    ("", 2**53 + 1, 2**31 - 1, 1e-300, (9999, 12, 31), (2038, 1, 19, 3, 14, 7.0), True, (180.0, -90.0)),
]
CITIES = [
    ("Bern", 134794, 0.5, True),
    ("Genève", None, 2.25, False),
    (None, 3, None, None),
    ("Lausanne", -7, -1e10, True),
]


def bool_arrow_is_reliable():
    """GDAL before 3.8.3 writes wrong bits for bool fields of GeoPackages in its Arrow arrays (OGRArrowArrayHelper::SetBoolOn,
    OSGeo/gdal#8998); Debian 12 ships 3.6.2. This cross-check found it; on those versions the GeoPackage's bool column
    is not compared (the CSV's is: its driver takes another code path)."""
    from osgeo import gdal

    return int(gdal.VersionInfo()) >= 3080300


def available():
    return ogr is not None


def write(directory):
    """Writes places.gpkg and cities.csv (+ .csvt for the field types) into *directory*; returns their paths."""
    ogr.UseExceptions()
    gpkg = os.path.join(directory, "places.gpkg")
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    layer = dataset.CreateLayer("places", srs, ogr.wkbPoint)
    for name, kind in (
        ("name", ogr.OFTString),
        ("population", ogr.OFTInteger64),
        ("rank", ogr.OFTInteger),
        ("area", ogr.OFTReal),
        ("founded", ogr.OFTDate),
        ("updated", ogr.OFTDateTime),
    ):
        layer.CreateField(ogr.FieldDefn(name, kind))
    active = ogr.FieldDefn("active", ogr.OFTInteger)
    active.SetSubType(ogr.OFSTBoolean)
    layer.CreateField(active)
    for name, population, rank, area, founded, updated, flag, (x, y) in PLACES:
        feature = ogr.Feature(layer.GetLayerDefn())
        for field, value in (("name", name), ("population", population), ("rank", rank), ("area", area)):
            if value is not None:
                feature.SetField(field, value)
        if founded is not None:
            feature.SetField("founded", *founded, 0, 0, 0, 0)
        if updated is not None:
            feature.SetField("updated", *updated, 0)
        if flag is not None:
            feature.SetField("active", int(flag))
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
        layer.CreateFeature(feature)
    layer = None
    dataset = None  # flushes and closes

    csv = os.path.join(directory, "cities.csv")
    dataset = ogr.GetDriverByName("CSV").CreateDataSource(csv)
    layer = dataset.CreateLayer("cities", None, ogr.wkbNone, ["CREATE_CSVT=YES"])
    for name, kind in (("city", ogr.OFTString), ("count", ogr.OFTInteger64), ("ratio", ogr.OFTReal)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    capital = ogr.FieldDefn("capital", ogr.OFTInteger)
    capital.SetSubType(ogr.OFSTBoolean)
    layer.CreateField(capital)
    for city, count, ratio, flag in CITIES:
        feature = ogr.Feature(layer.GetLayerDefn())
        for field, value in (
            ("city", city),
            ("count", count),
            ("ratio", ratio),
            ("capital", None if flag is None else int(flag)),
        ):
            if value is not None:
                feature.SetField(field, value)
        layer.CreateFeature(feature)
    layer = None
    dataset = None
    return [gpkg, csv]


def features(path):
    """Every feature as GDAL's feature API reads it: {"fid": ..., field: value or None, "geometry": ISO WKB or None}.

    Dates come as [y, m, d], date-times as [y, m, d, h, mi, s (float), tz flag]."""
    ogr.UseExceptions()
    dataset = ogr.Open(path)
    layer = dataset.GetLayer(0)
    definition = layer.GetLayerDefn()
    rows = []
    for feature in layer:
        row = {"fid": feature.GetFID()}
        for i in range(definition.GetFieldCount()):
            field = definition.GetFieldDefn(i)
            name, kind = field.GetName(), field.GetType()
            if not feature.IsFieldSetAndNotNull(i):
                row[name] = None
            elif kind in (ogr.OFTDate, ogr.OFTDateTime):
                parts = feature.GetFieldAsDateTime(i)
                row[name] = parts[:3] if kind == ogr.OFTDate else parts
            elif field.GetSubType() == ogr.OFSTBoolean:
                row[name] = bool(feature.GetFieldAsInteger(i))
            else:
                row[name] = feature.GetField(i)
        geometry = feature.GetGeometryRef()
        row["geometry"] = None if geometry is None else bytes(geometry.ExportToIsoWkb())
        rows.append(row)
    layer = None
    dataset = None
    return rows
