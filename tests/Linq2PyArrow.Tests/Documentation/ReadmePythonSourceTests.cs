using System.Text.RegularExpressions;
using Linq2PyArrow.Tests.Infrastructure;

namespace Linq2PyArrow.Tests.Documentation;

/// <summary>
/// The source of README.md's "Writing a Python data source", extracted from the README and queried from .NET as a
/// newcomer would, so the example cannot rot: results equal LINQ to Objects over the rows it stands for, and the
/// scan's row counts show it honoured the pushed filters and limit (python/tests/test_readme_source.py checks the
/// same block against the protocol from Python).
/// </summary>
public sealed partial class ReadmePythonSourceTests
{
    public sealed record Event(long Id, string? Kind, DateTime At);

    private const string Days = "2024-03-01,2024-03-02";
    private const int RowsPerDay = 10_000;

    /// <summary>The README block, written once per process as the module <c>readme_events</c> in the test output.</summary>
    private static readonly Lazy<string> s_moduleDirectory = new(WriteModule);

    /// <summary>The rows README's <c>fetch()</c> stands for.</summary>
    private static readonly IReadOnlyList<Event> s_expected = Days.Split(',').SelectMany(day =>
    {
        var start = DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        string?[] kinds = ["click", "view", "buy", null];
        return Enumerable.Range(0, RowsPerDay).Select(i => new Event(i, kinds[i % 4], start.AddSeconds(i)));
    }).ToList();

    private static IQueryable<Event> Open(ProgressLog? progress = null) =>
        PythonSource.Open<Event>("readme_events", "Events", new Dictionary<string, string> { ["days"] = Days },
            new PythonSourceSettings { SearchPaths = [s_moduleDirectory.Value], Progress = progress });

    [Fact]
    public void Reads_every_row()
    {
        var progress = new ProgressLog();
        Assert.Equal(s_expected, Open(progress).ToList());
        Assert.Equal(2, progress.Reports[^1].PartitionsTotal);
    }

    [Fact]
    public void A_pushed_filter_is_applied_in_python()
    {
        var progress = new ProgressLog();
        var count = Open(progress).Count(e => e.Kind == "buy");

        Assert.Equal(s_expected.Count(e => e.Kind == "buy"), count);
        Assert.Equal(count, progress.Reports[^1].Rows); // only the matching rows crossed to .NET
    }

    [Fact]
    public void A_disjunction_on_two_columns_is_applied_in_python()
    {
        var progress = new ProgressLog();
        var ids = Open(progress).Where(e => e.Id < 3 || e.Kind == "view" && e.Id >= 9_990).Select(e => e.Id).ToList();

        Assert.Equal(s_expected.Where(e => e.Id < 3 || e.Kind == "view" && e.Id >= 9_990).Select(e => e.Id), ids);
        Assert.Equal(ids.Count, progress.Reports[^1].Rows);
    }

    [Fact]
    public void A_filter_dotnet_does_not_push_still_gives_dotnets_answer()
    {
        // != on a nullable column is not pushed (SQL-style sources would drop the nulls): .NET filters every row.
        var progress = new ProgressLog();
        Assert.Equal(s_expected.Count(e => e.Kind != "buy"), Open(progress).Count(e => e.Kind != "buy"));
        Assert.Equal(s_expected.Count, progress.Reports[^1].Rows);
    }

    [Fact]
    public void A_pushed_limit_stops_the_reading()
    {
        var progress = new ProgressLog();
        var first = Open(progress).Take(5).ToList();

        Assert.Equal(s_expected.Take(5), first);
        Assert.InRange(progress.Reports[^1].Rows, 5, 10); // at most 5 per partition, not 4096-row chunks
    }

    [Fact]
    public void A_projection_reads_only_its_columns()
    {
        // The source builds its batches from the requested columns (the Python test checks it returns no others).
        var explain = Open().Where(e => e.Kind == "click").Select(e => e.At).Explain();
        Assert.Contains("columns: kind, at\n", explain.ReplaceLineEndings("\n"));
        Assert.Contains("filters: [[('kind', '==', 'click')]]", explain);
        Assert.Equal(s_expected.Where(e => e.Kind == "click").Max(e => e.At), Open().Where(e => e.Kind == "click").Max(e => e.At));
    }

    private static string WriteModule()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme.IndexOf("\n## Writing a Python data source\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no 'Writing a Python data source' section");
        var block = PythonBlock().Match(readme, section);
        Assert.True(block.Success, "README.md has no ```python block under 'Writing a Python data source'");
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "readme-source")).FullName;
        File.WriteAllText(Path.Combine(directory, "readme_events.py"), block.Groups["code"].Value);
        return directory;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "README.md")) && File.Exists(Path.Combine(directory.FullName, "Linq2PyArrow.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"No repository root (README.md beside Linq2PyArrow.sln) above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^```python[ \t]*\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}
