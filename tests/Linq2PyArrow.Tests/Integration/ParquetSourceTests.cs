namespace Linq2PyArrow.Tests.Integration;

/// <summary>
/// The pyarrow-based sample (parquet_source.ParquetSource). No Python here has pyarrow, so the reading test is
/// skipped with that reason; what the sample says without pyarrow is tested wherever pyarrow is missing.
/// </summary>
public sealed class ParquetSourceTests : IDisposable
{
    private const string Where = "pyarrow is not installed in any Python on this machine; install it (pip install pyarrow) to run this test.";

    public sealed record Measurement(long Id, string? Sensor, double Value);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("l2pa-parquet-");

    private Dictionary<string, string> Options => new() { ["path"] = _directory.FullName };

    [PythonModulesFact("pyarrow", Where)]
    public void Reads_a_parquet_directory_with_one_partition_per_file()
    {
        PythonScript.Run("""
            import os
            import pyarrow as pa, pyarrow.parquet as pq
            for n in range(3):
                ids = list(range(n * 100, n * 100 + 100))
                table = pa.table({"id": ids, "sensor": [f"s{i % 7}" if i % 10 else None for i in ids], "value": [i * 0.5 for i in ids]})
                pq.write_table(table, os.path.join(folder, f"part-{n}.parquet"), row_group_size=25)
            """, new Dictionary<string, object?> { ["folder"] = _directory.FullName });
        var progress = new ProgressLog();
        var rows = PythonSource.Open<Measurement>("parquet_source", "ParquetSource", Options, Samples.Settings with { Progress = progress });

        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), rows.Select(r => r.Id).ToList());
        Assert.Equal(Enumerable.Range(0, 300).Sum(i => i * 0.5), rows.Sum(r => r.Value));
        Assert.Equal(30, rows.Count(r => r.Sensor == null));
        Assert.All(progress.Reports, p => Assert.Equal(3, p.PartitionsTotal));
    }

    [PythonModulesFact("", "", absent: "pyarrow")]
    public void Without_pyarrow_the_source_says_how_to_fix_it()
    {
        Failures.Assert(() => PythonSource.Open<Measurement>("parquet_source", "ParquetSource", Options, Samples.Settings),
            "parquet_source.ParquetSource", "infer_schema", "ImportError",
            "ParquetSource needs pyarrow (pip install pyarrow); without it use FilesSource with CSV or JSON lines");
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
