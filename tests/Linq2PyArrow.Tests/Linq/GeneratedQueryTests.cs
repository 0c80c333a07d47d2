using System.Collections;
using System.Globalization;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// Hundreds of generated query shapes (<see cref="QueryGenerator"/>) over data sets with nulls, empty partitions,
/// one row and many batches: each query's result (or exception type and message) must equal LINQ to Objects over
/// the same rows, for a source that applies every pushed hint and one that ignores them all, synchronously and
/// through the async terminals.
/// </summary>
public sealed class GeneratedQueryTests(ITestOutputHelper output)
{
    private const int QueriesPerDataSet = 100;

    public static TheoryData<string, string, int, double> DataSets => new()
    {
        { "empty", "", 4, 0.2 },
        { "one row", "1", 4, 0.2 },
        { "empty partitions and nulls", "6,0,9,3", 4, 0.2 },
        { "many batches", "0,120,0,200,80", 16, 0.3 },
        { "all nullable values null", "7,7", 3, 1.0 },
    };

    [Theory]
    [MemberData(nameof(DataSets))]
    public void Results_equal_linq_to_objects(string name, string sizes, int batch, double nulls)
    {
        var rows = LinqSources.Open<Row>("Ignoring", sizes, batch, nulls: nulls).ToList().AsQueryable();
        var recording = LinqSources.Open<Row>("Recording", sizes, batch, LinqSources.NewTag(), nulls);
        var ignoring = LinqSources.Open<Row>("Ignoring", sizes, batch, nulls: nulls);
        var generator = new QueryGenerator(seed: sizes.Length * 7919 + batch);
        var failures = new List<string>();
        for (var i = 0; i < QueriesPerDataSet; i++)
        {
            var query = generator.Next();
            var expected = Outcome(() => query.Run(rows));
            foreach (var (label, source) in new[] { ("recording", recording), ("ignoring", ignoring) })
            {
                var actual = Outcome(() => query.Run(source));
                if (actual != expected) failures.Add($"{name} / {label} / {query.Description}\n  expected {expected}\n  actual   {actual}");
                if (query.RunAsync is null) continue;
                var asynchronous = Outcome(() => query.RunAsync(source).GetAwaiter().GetResult());
                if (asynchronous != expected) failures.Add($"{name} / {label} async / {query.Description}\n  expected {expected}\n  actual   {asynchronous}");
            }
        }
        foreach (var failure in failures.Take(20)) output.WriteLine(failure);
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches, first: {failures.FirstOrDefault()}");
    }

    private static string Outcome(Func<object?> run)
    {
        try
        {
            return Render(run());
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    internal static string Render(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Render)) + "]",
        _ => value.ToString() ?? "",
    };
}
