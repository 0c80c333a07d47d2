namespace Linq2PyArrow.Tests.Integration;

/// <summary>
/// The GDAL/OGR sample (gdal_source.OgrSource) over a GeoPackage written with OGR: batches come from GDAL's own
/// Arrow stream. Needs GDAL's Python bindings (Debian's python3-gdal, the Python ./build.sh test uses).
/// </summary>
public sealed class GdalSourceTests : IDisposable
{
    private const string Source = "gdal_source.OgrSource";
    private const string Where = "GDAL's bindings come with Debian's python3-gdal: run with LINQ2PYARROW_PYTHON=/usr/bin/python3 (./build.sh test does).";
    private static readonly string?[] Names = ["Zürich", "東京", null, "O'Brien", "Oslo"];

    public sealed record Place(long Fid, string? Name, long Population, double Area, byte[] Geom);

    public sealed record PlaceName(string? Name, long Population);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("l2pa-gdal-");
    private readonly string _path;

    public GdalSourceTests()
    {
        _path = Path.Combine(_directory.FullName, "places.gpkg");
        if (!PythonModules.IsImportable("osgeo")) return;
        PythonScript.Run("""
            from osgeo import ogr, osr
            dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
            srs = osr.SpatialReference()
            srs.ImportFromEPSG(4326)
            layer = dataset.CreateLayer("places", srs, ogr.wkbPoint)
            layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
            layer.CreateField(ogr.FieldDefn("population", ogr.OFTInteger64))
            layer.CreateField(ogr.FieldDefn("area", ogr.OFTReal))
            for i, name in enumerate(names):
                feature = ogr.Feature(layer.GetLayerDefn())
                if name is not None:
                    feature.SetField("name", name)
                feature.SetField("population", (i + 1) * 1000)
                feature.SetField("area", i + 0.5)
                feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({i} {i * 2})"))
                layer.CreateFeature(feature)
            dataset = None  # flushes the file
            """, new Dictionary<string, object?> { ["path"] = _path, ["names"] = Names });
    }

    private IQueryable<T> Open<T>(PythonSourceSettings? settings = null, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string> { ["path"] = _path };
        foreach (var (key, value) in extra) options[key] = value;
        return PythonSource.Open<T>("gdal_source", "OgrSource", options, settings ?? Samples.Settings);
    }

    [PythonModulesFact("osgeo", Where)]
    public void Reads_features_with_wkb_geometries_from_gdals_arrow_stream()
    {
        var progress = new ProgressLog();
        var places = Open<Place>(Samples.Settings with { Progress = progress }, ("batch_size", "2")).ToList();

        Assert.Equal([1L, 2, 3, 4, 5], places.Select(p => p.Fid));
        Assert.Equal(Names, places.Select(p => p.Name));
        Assert.Equal([1000L, 2000, 3000, 4000, 5000], places.Select(p => p.Population));
        Assert.Equal([0.5, 1.5, 2.5, 3.5, 4.5], places.Select(p => p.Area));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => ((double)i, (double)i * 2)), places.Select(p => Point(p.Geom)));
        Assert.Equal(3, progress.Reports.Max(p => p.Batches)); // MAX_FEATURES_IN_BATCH=2
    }

    [PythonModulesFact("osgeo", Where)]
    public void Linq_over_a_layer_with_only_some_columns()
    {
        var places = Open<PlaceName>();
        Assert.Equal(15_000, places.Sum(p => p.Population));
        Assert.Equal(["O'Brien", "Oslo"], places.Where(p => p.Population >= 4000).Select(p => p.Name!).ToArray());
    }

    [PythonModulesFact("osgeo", Where)]
    public void A_missing_layer_fails_at_open_listing_the_layers()
    {
        Failures.Assert(() => Open<PlaceName>(null, ("layer", "roads")), Source, "infer_schema", "ValueError",
            $"option 'layer': no layer 'roads' in '{_path}'; layers: places");
    }

    /// <summary>X and Y of a little-endian ISO WKB point.</summary>
    private static (double X, double Y) Point(byte[] wkb)
    {
        Assert.Equal(21, wkb.Length);
        Assert.Equal(1, wkb[0]); // little endian
        Assert.Equal(1u, BitConverter.ToUInt32(wkb, 1)); // Point
        return (BitConverter.ToDouble(wkb, 5), BitConverter.ToDouble(wkb, 13));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
