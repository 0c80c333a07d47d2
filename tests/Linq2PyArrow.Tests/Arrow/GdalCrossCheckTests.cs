using System.ComponentModel.DataAnnotations.Schema;

namespace Linq2PyArrow.Tests.Arrow;

/// <summary>
/// A third-party producer: GDAL writes a GeoPackage and a CSV (arrow_gdal.write), samples/gdal_source.py's OgrSource hands
/// GDAL's own Arrow stream over through capsules, and every value .NET reads must equal what GDAL's feature API reads.
/// </summary>
public sealed class GdalCrossCheckTests : IDisposable
{
    public sealed class Place
    {
        public long Fid { get; set; }
        public string? Name { get; set; }
        public long? Population { get; set; }
        public int? Rank { get; set; }
        public double? Area { get; set; }
        public DateOnly? Founded { get; set; }
        public DateTime? Updated { get; set; }
        public bool? Active { get; set; }
        public byte[]? Geom { get; set; }
    }

    public sealed class CityRow
    {
        [Column("OGC_FID")] public long Fid { get; set; }
        public string? City { get; set; }
        public long? Count { get; set; }
        public double? Ratio { get; set; }
        public bool? Capital { get; set; }
    }

    private readonly string _directory = Directory.CreateTempSubdirectory("l2pa-gdal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Every_value_read_through_gdals_arrow_stream_equals_gdals_feature_api()
    {
        if (!Equals(TestPython.Run("import arrow_gdal\nresult = arrow_gdal.available()"), true))
        {
            Console.WriteLine("SKIPPED GDAL cross-check: osgeo (python3-gdal) is not importable in this Python; CI runs it with Debian's /usr/bin/python3.");
            return;
        }
        var paths = (IReadOnlyList<object?>)TestPython.Run($"import arrow_gdal\nresult = arrow_gdal.write({Quote(_directory)})")!;
        var settings = PythonSourceSettings.Default with { SearchPaths = [SamplesDirectory()] };

        var boolsReliable = Equals(TestPython.Run("import arrow_gdal\nresult = arrow_gdal.bool_arrow_is_reliable()"), true);
        if (!boolsReliable) Console.WriteLine("GDAL < 3.8.3: the GeoPackage's bool column is not compared (OSGeo/gdal#8998, see arrow_gdal.py).");
        var places = PythonSource.Open<Place>("gdal_source", "OgrSource", Options((string)paths[0]!, batchSize: 2), settings).ToList();
        var expected = Features((string)paths[0]!);
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected.Count, places.Count);
        for (var i = 0; i < places.Count; i++)
        {
            var gdal = expected[i];
            var place = places[i];
            Assert.Equal(Convert.ToInt64(gdal["fid"]), place.Fid);
            Assert.Equal((string?)gdal["name"], place.Name);
            Assert.Equal(Long(gdal["population"]), place.Population);
            Assert.Equal((int?)Long(gdal["rank"]), place.Rank);
            Assert.Equal((double?)gdal["area"], place.Area);
            Assert.Equal(Date(gdal["founded"]), place.Founded);
            Assert.Equal(DateTimeOf(gdal["updated"]), place.Updated);
            if (boolsReliable) Assert.Equal((bool?)gdal["active"], place.Active);
            Assert.Equal((byte[]?)gdal["geometry"], place.Geom);
        }
        Assert.Contains(places, p => p.Name == "東京" && p.Population == 13960000);
        Assert.Contains(places, p => p.Name is null && p.Population is null && p.Founded is null && p.Updated is null && p.Area is null);

        var cities = PythonSource.Open<CityRow>("gdal_source", "OgrSource", Options((string)paths[1]!, batchSize: 3), settings).ToList();
        var expectedCities = Features((string)paths[1]!);
        Assert.Equal(4, expectedCities.Count);
        Assert.Equal(
            expectedCities.Select(c => (Convert.ToInt64(c["fid"]), (string?)c["city"], Long(c["count"]), (double?)c["ratio"], (bool?)c["capital"])),
            cities.Select(c => (c.Fid, c.City, c.Count, c.Ratio, c.Capital)));
        Assert.Contains(cities, c => c.Capital is null);
    }

    private static Dictionary<string, string> Options(string path, int batchSize) =>
        new() { ["path"] = path, ["batch_size"] = $"{batchSize}" };

    private static List<IReadOnlyDictionary<string, object?>> Features(string path) =>
        ((IReadOnlyList<object?>)TestPython.Run($"import arrow_gdal\nresult = arrow_gdal.features({Quote(path)})")!)
            .Cast<IReadOnlyDictionary<string, object?>>().ToList();

    private static long? Long(object? value) => value is null ? null : Convert.ToInt64(value);

    private static DateOnly? Date(object? value) =>
        value is IReadOnlyList<object?> p ? new DateOnly(Convert.ToInt32(p[0]), Convert.ToInt32(p[1]), Convert.ToInt32(p[2])) : null;

    /// <summary>[y, m, d, h, mi, seconds (float), tz flag] → DateTime at GDAL's millisecond precision.</summary>
    private static DateTime? DateTimeOf(object? value) =>
        value is IReadOnlyList<object?> p
            ? new DateTime(Convert.ToInt32(p[0]), Convert.ToInt32(p[1]), Convert.ToInt32(p[2]), Convert.ToInt32(p[3]), Convert.ToInt32(p[4]), 0)
                .AddMilliseconds(Math.Round(Convert.ToDouble(p[5]) * 1000))
            : null;

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static string SamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var samples = Path.Combine(dir.FullName, "python", "samples");
            if (File.Exists(Path.Combine(samples, "gdal_source.py"))) return samples;
        }
        throw new DirectoryNotFoundException($"python/samples (with gdal_source.py) was not found above {AppContext.BaseDirectory}.");
    }
}
