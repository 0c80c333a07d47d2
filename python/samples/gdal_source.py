"""``OgrSource``: any GDAL/OGR vector dataset, batches straight from GDAL's Arrow stream.

Options:
  path        dataset path (GeoPackage, Shapefile, CSV, GeoJSON, ...)       [required]
  layer       layer name or index                                            [0]
  batch_size  features per batch (GDAL's MAX_FEATURES_IN_BATCH)             [65536]

Schema and batches come from ``layer.GetArrowStream()``: GDAL fills Arrow C
structs, which are *moved* into capsule-owned memory
(``linq2pyarrow.arrow.interop``) and handed over through the PyCapsule protocol: ``infer_schema`` returns an
object with ``__arrow_c_schema__`` and each batch has ``__arrow_c_array__``
(a struct array = one record batch), so no value is copied in Python.  The
FID comes first (GDAL's name: fid / OGC_FID), geometries are WKB binary
columns (GDAL marks them with ARROW:extension:name = ogc.wkb).

One partition per layer (GDAL streams a layer sequentially).  Pushdown:
``columns`` -> ``SetIgnoredFields`` (and INCLUDE_FID=NO when the FID is not
needed); ``filters`` -> ``SetAttributeFilter`` for int/float/str comparisons
and in-lists on attribute fields, rendered by ``linq2pyarrow.filters.
render_where`` (nulls kept for != / not in, as the filter contract says;
other terms are left to the .NET side); ``limit`` -> stops after the batch
that reaches it.

GDAL 3.6's stream is the generic one whose arrays own their buffers; batches
also keep the dataset alive while Python holds them.
"""
import math

from linq2pyarrow.arrow.interop import (
    CapsuleRecordBatch,
    array_capsule_from_address,
    schema_capsule_from_address,
    schema_field_names,
)
from linq2pyarrow.filters import Unpushable, normalize_filters, render_where

_DEFAULT_BATCH = 65536


def _ogr():
    try:
        from osgeo import gdal, ogr
    except ImportError:
        raise ImportError("OgrSource needs GDAL's Python bindings (Debian: apt-get install python3-gdal)") from None
    return gdal, ogr


def _open(options):
    gdal, ogr = _ogr()
    path = options.get("path")
    if not path:
        raise ValueError("option 'path' is required: a GDAL vector dataset")
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    if dataset is None:
        raise FileNotFoundError(
            f"option 'path': GDAL cannot open '{path}' as a vector dataset: "
            f"{gdal.GetLastErrorMsg() or 'unknown error'}"
        )
    wanted = options.get("layer") or "0"
    layer = dataset.GetLayerByIndex(int(wanted)) if wanted.isdigit() else dataset.GetLayerByName(wanted)
    if layer is None:
        names = [dataset.GetLayerByIndex(i).GetName() for i in range(dataset.GetLayerCount())]
        raise ValueError(f"option 'layer': no layer '{wanted}' in '{path}'; layers: {', '.join(names)}")
    return dataset, layer


def _stream_options(options, include_fid=True):
    return [
        f"MAX_FEATURES_IN_BATCH={int(options.get('batch_size') or _DEFAULT_BATCH)}",
        f"INCLUDE_FID={'YES' if include_fid else 'NO'}",
    ]


def _move_schema(stream):
    # Hold the SWIG wrapper while moving: dropping it first would release the struct.
    schema = stream.GetSchema()
    return schema_capsule_from_address(schema._getPtr())


class OgrSchema:
    """A layer's Arrow schema; each ``__arrow_c_schema__`` call moves a fresh one out of GDAL."""

    def __init__(self, options):
        self._options = dict(options)
        self.names = schema_field_names(self.__arrow_c_schema__())

    def __arrow_c_schema__(self):
        dataset, layer = _open(self._options)
        stream = layer.GetArrowStream(_stream_options(self._options))
        try:
            return _move_schema(stream)
        finally:
            stream = None  # GDAL requires the stream to go before its layer and dataset


def _literal(value):
    """OGR SQL literal for int/float/str (C strings: no NUL); anything else is left to .NET."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Unpushable
    if isinstance(value, float) and not math.isfinite(value):
        raise Unpushable  # OGR SQL has no literal for infinities
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _quote(field):
    return f'"{field}"'  # attribute_filter leaves out fields holding a quote


def attribute_filter(filters, field_names):
    """OGR SQL WHERE for the terms of *filters* on attribute fields, or None (keep every feature)."""
    attributes = [
        [t for t in conjunction if t[0] in field_names and '"' not in t[0]]
        for conjunction in normalize_filters(filters)
    ]
    return render_where(
        attributes, quote=_quote, adapt=_literal, emit=str, storable=lambda v: not (isinstance(v, str) and "\x00" in v)
    )


class OgrSource:
    """GDAL/OGR vector layers."""

    def infer_schema(self, options):
        return OgrSchema(options)

    def plan_partitions(self, options, *, filters=None):
        dataset, layer = _open(options)
        return [{"index": 0, "layer": layer.GetName()}]

    def read_partition(self, partition_spec, options, *, columns=None, filters=None, limit=None):
        options = dict(options, layer=partition_spec.get("layer") or options.get("layer") or "0")
        dataset, layer = _open(options)
        definition = layer.GetLayerDefn()
        fields = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        include_fid = True
        if columns is not None:
            wanted = set(columns)
            ignored = [f for f in fields if f not in wanted]
            geometry_names = [
                definition.GetGeomFieldDefn(i).GetName() or "wkb_geometry"
                for i in range(definition.GetGeomFieldCount())
            ]
            ignored += [
                "OGR_GEOMETRY" if name == "wkb_geometry" else name for name in geometry_names if name not in wanted
            ]
            fid_name = layer.GetFIDColumn() or "OGC_FID"
            # Keep the FID when nothing else is left, so batches still count rows.
            include_fid = fid_name in wanted or len(ignored) == len(fields) + len(geometry_names)
            if layer.SetIgnoredFields(ignored) != 0:
                raise ValueError(f"GDAL refused to ignore fields {ignored}")
        where = attribute_filter(filters, set(fields))
        if where and layer.SetAttributeFilter(where) != 0:
            raise ValueError(f"GDAL rejected the attribute filter {where!r}")
        stream = layer.GetArrowStream(_stream_options(options, include_fid))
        try:
            produced = 0
            while limit is None or produced < limit:
                array = stream.GetNextRecordBatch()
                if array is None:
                    break
                batch = CapsuleRecordBatch(
                    _move_schema(stream), array_capsule_from_address(array._getPtr()), keepalive=dataset
                )
                produced += batch.num_rows
                yield batch
        finally:
            stream = None  # GDAL requires the stream to go before its layer and dataset
