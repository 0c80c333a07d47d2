using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;

namespace Linq2PyArrow.Benchmarks.Scan;

/// <summary>
/// What the newer row types cost against the ones they replace, over <see cref="BenchData.RowRows"/> rows of
/// (id int64, status string of four names, level int32) in 64K-row batches. Baseline: rows with the status as a
/// string. An enum read by name needs no string per row, so it should cost no more than the string; an enum from an
/// integer column no more than the int; a ValueTuple row no more than a class row. And a filtered columnar sum
/// (AggregateBatches over Where, through the Selection) against the same Where + Sum as a LINQ kernel.
/// </summary>
[MemoryDiagnoser]
public class RowTypeBenchmarks
{
    private const int BatchRows = 65536;
    private Dictionary<string, string> _options = null!;

    public enum Status { Active, Inactive, Closed, Pending }

    public enum Level { Low, Mid, High, Top }

    public sealed class StringRow
    {
        public long Id { get; set; }
        public string Status { get; set; } = "";
        public int Level { get; set; }
    }

    public sealed class EnumRow
    {
        public long Id { get; set; }
        public Status Status { get; set; }
        public Level Level { get; set; }
    }

    [GlobalSetup]
    public void Setup()
    {
        _options = BenchData.Options(BenchData.RowRows, BatchRows);
        var strings = StatusAsString();
        var enums = StatusAsEnum();
        Kernels.Check(strings.Count == BenchData.RowRows && strings[5].Status == "Inactive", "string rows");
        Kernels.Check(enums.Count == BenchData.RowRows && enums[6].Status == Status.Closed && enums[7].Level == Level.Top, "enum rows");
        Kernels.Check(ValueTupleRows()[5] == (5L, "Inactive", 1), "tuple rows");
        Kernels.Check(FilteredColumnarSum() == LinqFilteredSum(), "filtered sums agree");
    }

    private IQueryable<T> Open<T>() => PythonSource.Open<T>(BenchData.Module, "Labels", _options);

    [Benchmark(Baseline = true)]
    public List<StringRow> StatusAsString() => Open<StringRow>().ToList();

    [Benchmark]
    public List<EnumRow> StatusAsEnum() => Open<EnumRow>().ToList();

    [Benchmark]
    public List<(long, string, int)> ValueTupleRows() => Open<(long, string, int)>().ToList();

    [Benchmark]
    public long LinqFilteredSum() => Open<StringRow>().Where(r => r.Level >= 2).Sum(r => r.Id);

    [Benchmark]
    public long FilteredColumnarSum() => Open<StringRow>().Where(r => r.Level >= 2).AggregateBatches(0L, static (sum, batch) =>
    {
        var ids = batch.Values<long>("id");
        foreach (var row in batch.Selection) sum += ids[row];
        return sum;
    }, "id");
}
