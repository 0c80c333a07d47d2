using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Benchmarks.Scan;

/// <summary>
/// Typed rows (int64, float64, nullable string, timestamp, date32, bool) from <see cref="BenchData.RowRows"/> Python
/// rows into a List&lt;Row&gt;. Baseline: the provider (query.ToList()). Targets: the JSON-lines subprocess (c) ≥ 20×
/// and value-by-value conversion through the C API (b) ≥ 10× the baseline's time; the compiled materializer ≥ 0.95×
/// the throughput of the best hand-written loop over the same Arrow arrays (HandWrittenLoop ≥ 0.95× the baseline).
/// </summary>
[MemoryDiagnoser]
public class RowBenchmarks
{
    private const int BatchRows = 65536;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private IQueryable<Row> _query = null!;
    private PyObject _source = null!, _spec = null!, _options = null!, _tuples = null!;
    private long[] _ids = null!;
    private double[] _scores = null!;
    private string?[] _names = null!;
    private DateTime[] _times = null!;
    private DateOnly[] _days = null!;
    private bool[] _flags = null!;
    private int _rows;

    [GlobalSetup]
    public void Setup()
    {
        _rows = BenchData.RowRows;
        _query = PythonSource.Open<Row>(BenchData.Module, "Repeated", BenchData.Options(_rows, BatchRows));
        _source = PythonSide.Eval("Repeated()");
        _spec = PythonSide.Eval("{'index': 0}");
        _options = PythonSide.Eval($"{{'rows': '{_rows}', 'batch': '{BatchRows}'}}");
        _tuples = PythonSide.Eval($"row_tuples({_rows})");
        _ids = [.. Enumerable.Range(0, _rows).Select(i => (long)i)];
        _scores = [.. _ids.Select(i => i * 0.5)];
        var expectedRows = _ids.Select(BenchData.Expected).ToList();
        _names = [.. expectedRows.Select(r => r.Name)];
        _times = [.. expectedRows.Select(r => r.Ts)];
        _days = [.. expectedRows.Select(r => r.Day)];
        _flags = [.. expectedRows.Select(r => r.Flag)];
        foreach (var (name, rows) in new[]
                 {
                     ("provider", Provider()), ("hand-written loop", HandWrittenLoop()), ("C API", PyObjectByValue()),
                     ("JSON subprocess", JsonSubprocess()), (".NET arrays", DotNetArrays()),
                 })
        {
            Kernels.Check(rows.Count == _rows, $"{name} row count");
            // The last row, and the last row with a null name.
            Kernels.Check(rows[^1].SameAs(BenchData.Expected(_rows - 1)), $"{name} last row");
            var lastNull = (_rows - 1) / 16 * 16 - 1;
            Kernels.Check(rows[lastNull].Name is null && rows[lastNull].SameAs(BenchData.Expected(lastNull)), $"{name} last row with a null name");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var value in new[] { _source, _spec, _options, _tuples }) PythonSide.Dispose(value);
    }

    /// <summary>The provider: compiled row materializer over imported 64K-row batches.</summary>
    [Benchmark(Baseline = true)]
    public List<Row> Provider() => _query.ToList();

    /// <summary>(a) The floor: the same batches produced and exported, released unread.</summary>
    [Benchmark]
    public int Floor() => PythonSide.ProduceAndRelease(_source, _spec, _options);

    /// <summary>
    /// The same scan, rows built by a hand-written loop over the batch's Arrow arrays through the public columnar API:
    /// spans for the fixed-width columns, the string column's validity and UTF-8 decoding, the list sized up front.
    /// </summary>
    [Benchmark]
    public List<Row> HandWrittenLoop() => _query.AggregateBatches(new List<Row>(_rows), static (list, batch) =>
    {
        var ids = batch.Values<long>(0);
        var scores = batch.Values<double>(1);
        var names = batch.Strings(2);
        var times = batch.Values<long>(3);
        var days = batch.Values<int>(4);
        var flags = batch.Booleans(5);
        for (var i = 0; i < ids.Length; i++)
        {
            list.Add(new Row
            {
                Id = ids[i], Score = scores[i], Name = names.GetString(i),
                Ts = new DateTime(DateTime.UnixEpoch.Ticks + times[i] * TimeSpan.TicksPerMicrosecond),
                Day = DateOnly.FromDayNumber(UnixEpochDay + days[i]), Flag = flags[i],
            });
        }
        return list;
    }, "id", "score", "name", "ts", "day", "flag");

    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>(b) A Python list of tuples (built once) converted value by value through the C API and PyConvert.</summary>
    [Benchmark]
    public unsafe List<Row> PyObjectByValue()
    {
        using var gil = Gil.Acquire();
        var list = _tuples.Handle;
        var count = (int)CApi.PyList_Size(list);
        var rows = new List<Row>(count);
        for (var i = 0; i < count; i++)
        {
            var tuple = CApi.PyList_GetItem(list, i);
            rows.Add(new Row
            {
                Id = (long)Value(tuple, 0)!, Score = (double)Value(tuple, 1)!, Name = (string?)Value(tuple, 2),
                Ts = (DateTime)Value(tuple, 3)!, Day = (DateOnly)Value(tuple, 4)!, Flag = (bool)Value(tuple, 5)!,
            });
        }
        return rows;
    }

    private static unsafe object? Value(nint tuple, int index)
    {
        using var item = PyObject.Borrow(CApi.PyTuple_GetItem(tuple, index));
        return PyConvert.FromPython(item);
    }

    /// <summary>(c) A python3 subprocess writes JSON lines; System.Text.Json deserializes each.</summary>
    [Benchmark]
    public List<Row> JsonSubprocess()
    {
        var start = new ProcessStartInfo(BenchData.PythonExecutable)
        {
            ArgumentList = { Path.Combine(BenchData.PythonDirectory, "l2pa_bench_jsonl.py"), $"{_rows}" },
            RedirectStandardOutput = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var rows = new List<Row>(_rows);
        while (process.StandardOutput.ReadLine() is { } line)
            rows.Add(JsonSerializer.Deserialize<Row>(line, Json)!);
        process.WaitForExit();
        Kernels.Check(process.ExitCode == 0, "JSON subprocess exit code");
        return rows;
    }

    /// <summary>(d) Rows from values already in .NET arrays.</summary>
    [Benchmark]
    public List<Row> DotNetArrays()
    {
        var rows = new List<Row>(_rows);
        for (var i = 0; i < _ids.Length; i++)
            rows.Add(new Row { Id = _ids[i], Score = _scores[i], Name = _names[i], Ts = _times[i], Day = _days[i], Flag = _flags[i] });
        return rows;
    }
}
