using System.Globalization;

namespace Linq2PyArrow.BenchReport;

/// <summary>A ratio from one run, with the target when there is one (Met null = reported only).</summary>
internal sealed record Comparison(string Name, string Definition, double? Value, string Unit, string Target, bool? Met, string ChartLabel = "");

/// <summary>The comparisons issue 7 (and 3, 4, 5) set targets for, computed from one run's means.</summary>
internal static class Targets
{
    private const string Sum = "SumBenchmarks", Rows = "RowBenchmarks", Import = "ImportBenchmarks",
        Parallel = "ParallelBenchmarks", Translation = "TranslationBenchmarks", Database = "PostgresBenchmarks",
        Filter = "FilterBenchmarks", CpuBound = "CpuBoundBenchmarks", Transport = "TransportBenchmarks", Ipc = "IpcImportBenchmarks",
        PythonNet = "PythonNetHostBenchmarks";

    public static List<Comparison> Compute(Results r)
    {
        var list = new List<Comparison>();
        var sum64 = "BatchRows=65536";
        var sum1M = "BatchRows=1048576";

        list.Add(AtMost("End-to-end Sum vs floor (a), 64K batches", "LinqSum / Floor",
            Ratio(r.Mean(Sum, "LinqSum", sum64), r.Mean(Sum, "Floor", sum64)), 1.15));
        list.Add(Reported("Columnar Sum vs floor (a), 64K batches", "ColumnarSum / Floor",
            Ratio(r.Mean(Sum, "ColumnarSum", sum64), r.Mean(Sum, "Floor", sum64)), "×"));
        list.Add(AtLeast("Columnar Sum throughput vs long[] (d), 1M batches (16M rows)", "DotNetArray / ColumnarSum",
            Ratio(r.Mean(Sum, "DotNetArray", sum1M), r.Mean(Sum, "ColumnarSum", sum1M)), 0.8, "sum: columnar vs long[] (d)"));
        list.Add(AtLeast("LINQ Sum throughput vs long[] (d), 1M batches (16M rows)", "DotNetArray / LinqSum",
            Ratio(r.Mean(Sum, "DotNetArray", sum1M), r.Mean(Sum, "LinqSum", sum1M)), 0.8, "sum: LINQ vs long[] (d)"));
        list.Add(AtLeast("Typed rows: JSON-lines subprocess (c) vs provider", "JsonSubprocess / Provider",
            Ratio(r.Mean(Rows, "JsonSubprocess"), r.Mean(Rows, "Provider")), 20, "rows: JSON subprocess (c)"));
        list.Add(AtLeast("Typed rows: C API value by value (b) vs provider", "PyObjectByValue / Provider",
            Ratio(r.Mean(Rows, "PyObjectByValue"), r.Mean(Rows, "Provider")), 10, "rows: C API by value (b)"));
        list.Add(AtLeast("Compiled materializer vs hand-written loop", "HandWrittenLoop / Provider",
            Ratio(r.Mean(Rows, "HandWrittenLoop"), r.Mean(Rows, "Provider")), 0.8, "rows: hand-written loop"));
        list.Add(Reported("Typed rows vs floor (a)", "Provider / Floor",
            Ratio(r.Mean(Rows, "Provider"), r.Mean(Rows, "Floor")), "×"));
        list.Add(Reported("Typed rows vs .NET arrays (d)", "Provider / DotNetArrays",
            Ratio(r.Mean(Rows, "Provider"), r.Mean(Rows, "DotNetArrays")), "×"));

        var imports = r.All.Where(m => m.Class.EndsWith(Import, StringComparison.Ordinal) && m.Method == "ExportImportRelease").ToList();
        list.Add(AtMost("Import cost per batch, 1K → 1M rows", "max / min of ExportImportRelease",
            imports.Count >= 2 ? imports.Max(m => m.MeanNs) / imports.Min(m => m.MeanNs) : null, 2));
        list.Add(Reported("Parallel partitions (sleeping source), speedup", "OnePartitionAtATime / EightAtATime",
            Ratio(r.Mean(Parallel, "OnePartitionAtATime"), r.Mean(Parallel, "EightAtATime")), "× (ideal 8)"));
        list.Add(Reported("Parallel partitions, unordered, speedup", "OnePartitionAtATime / EightAtATimeUnordered",
            Ratio(r.Mean(Parallel, "OnePartitionAtATime"), r.Mean(Parallel, "EightAtATimeUnordered")), "× (ideal 8)"));
        var cached = r.Mean(Translation, "Cached");
        list.Add(new Comparison("Query execution, cached shape (zero partitions)", "Cached mean",
            cached / 1000, "µs", "< 50 µs", cached is null ? null : cached < 50_000));
        var emptyScan = r.Mean(Translation, "EmptyScan");
        list.Add(new Comparison("Translation of a cached shape (Cached − EmptyScan)", "Cached − EmptyScan",
            cached - emptyScan is { } t ? t / 1000 : null, "µs", "< 50 µs", cached - emptyScan is { } u ? u < 50_000 : null));
        list.Add(Reported("Query execution, cold vs cached", "Cold / Cached",
            Ratio(r.Mean(Translation, "Cold"), cached), "×"));
        list.Add(AtMost("PostgreSQL 1M rows with NULLs, ToList: jdbc (binary COPY) vs Npgsql", "Jdbc / Npgsql",
            Ratio(r.Mean(Database, "Jdbc"), r.Mean(Database, "Npgsql")), 1.5));
        list.Add(AtMost("PostgreSQL 1M rows, columnar AggregateBatches vs Npgsql → List", "JdbcBatches / Npgsql",
            Ratio(r.Mean(Database, "JdbcBatches"), r.Mean(Database, "Npgsql")), 1.2));
        list.Add(Reported("PostgreSQL 1M rows, columnar vs Npgsql's reader computing the same", "JdbcBatches / NpgsqlAggregate",
            Ratio(r.Mean(Database, "JdbcBatches"), r.Mean(Database, "NpgsqlAggregate")), "×"));
        list.Add(Reported("PostgreSQL 1M rows, ToList through the cursor path (no numpy) vs Npgsql", "JdbcCursor / Npgsql",
            Ratio(r.Mean(Database, "JdbcCursor"), r.Mean(Database, "Npgsql")), "×"));
        list.Add(AtMost("Pure-Python source (200k rows): Count with the filters applied by the source vs left to .NET",
            "FiltersAppliedBySource / FiltersLeftToDotNet", Ratio(r.Mean(Filter, "FiltersAppliedBySource"), r.Mean(Filter, "FiltersLeftToDotNet")), 1));
        list.Add(Reported("The same with the source's numeric columns in numpy arrays", "FiltersAppliedBySourceNumpy / FiltersLeftToDotNet",
            Ratio(r.Mean(Filter, "FiltersAppliedBySourceNumpy"), r.Mean(Filter, "FiltersLeftToDotNet")), "×"));
        list.Add(Reported("The same applying the filters row by row (filter_rows)", "FiltersAppliedRowByRow / FiltersLeftToDotNet",
            Ratio(r.Mean(Filter, "FiltersAppliedRowByRow"), r.Mean(Filter, "FiltersLeftToDotNet")), "×"));
        list.Add(AtLeast("Scale-out: CPU-bound pure-Python source, 8 partitions, local:2 Dask cluster vs in-process (2 cores)",
            "InProcess / LocalCluster", Ratio(r.Mean(CpuBound, "InProcess"), r.Mean(CpuBound, "LocalCluster")), 1.7, "dask local:2, CPU-bound"));
        list.Add(AtMost("Dask transport, cheap source, 1M rows ToList: loopback Dask vs in-process zero-copy", "DaskToList / InProcessToList",
            Ratio(r.Mean(Transport, "DaskToList"), r.Mean(Transport, "InProcessToList")), 3));
        list.Add(Reported("Dask transport, cheap source, 1M rows, every column read columnar", "DaskChecksum / InProcessChecksum",
            Ratio(r.Mean(Transport, "DaskChecksum"), r.Mean(Transport, "InProcessChecksum")), "×"));
        foreach (var rows in new[] { 65536, 1048576 })
            list.Add(Reported($"IPC import vs C-data import, one {rows / 1024}K-row batch (rows/s ratio)", "CDataImport / IpcImport",
                Ratio(r.Mean(Ipc, "CDataImport", $"Rows={rows}"), r.Mean(Ipc, "IpcImport", $"Rows={rows}")), "×"));
        list.Add(AtMost("Query in a Python.NET host: thread with Python.NET's thread state vs standalone", "PythonNetThread / Standalone",
            Ratio(r.Mean(PythonNet, "PythonNetThread"), r.Mean(PythonNet, "Standalone")), 1.05));
        list.Add(AtMost("Query in a Python.NET host: inside Py.GIL() vs standalone", "InsidePyGil / Standalone",
            Ratio(r.Mean(PythonNet, "InsidePyGil"), r.Mean(PythonNet, "Standalone")), 1.05));
        return list;
    }

    private static double? Ratio(double? a, double? b) => a is null || b is null || b == 0 ? null : a / b;

    private static Comparison AtMost(string name, string definition, double? value, double target) =>
        new(name, definition, value, "×", $"≤ {target.ToString(CultureInfo.InvariantCulture)}×", value is null ? null : value <= target);

    private static Comparison AtLeast(string name, string definition, double? value, double target, string chart = "") =>
        new(name, definition, value, "×", $"≥ {target.ToString(CultureInfo.InvariantCulture)}×", value is null ? null : value >= target, chart);

    private static Comparison Reported(string name, string definition, double? value, string unit) =>
        new(name, definition, value, unit, "reported", null);
}
