using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Linq.Translation.Pushdown;

/// <summary>
/// Pushdown is never wrong: seeded random predicates (<see cref="PredicateGenerator{T}"/>) in random shapes
/// (Where, Count, Take, Skip, First, Any, Take before Where), each run twice with its captured variables re-bound in
/// between, must give exactly LINQ to Objects' answer over the rows the same source returns unfiltered — against a
/// source applying the pushed filters exactly as the contract says (Python lists and numpy), one applying them like
/// SQL engines and pyarrow (nulls dropped), and the jdbc source over SQLite and PostgreSQL.
/// Reproduce a failure with the seed it prints: LINQ2PYARROW_PUSHDOWN_SEED=&lt;seed&gt;.
/// </summary>
public sealed class PushdownDifferentialTests(ITestOutputHelper output)
{
    private const int Rows = 90;
    private const int Queries = 300;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("LINQ2PYARROW_PUSHDOWN_SEED"), out var seed) ? seed : 20260513;

    private static Dictionary<string, string> InProcess(string numpy) => new()
    {
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture), ["rows"] = Rows.ToString(CultureInfo.InvariantCulture),
        ["partitions"] = "3", ["batch"] = "7", ["numpy"] = numpy,
    };

    [Fact]
    public void Exact_source_on_python_lists() =>
        Run("exact (lists)", PythonSource.Open<FullRow>("pushdown_sources", "Exact", InProcess("0")));

    [PythonModulesFact("numpy", "Debian's /usr/bin/python3 has it (python3-numpy).")]
    public void Exact_source_on_numpy_arrays() =>
        Run("exact (numpy)", PythonSource.Open<FullRow>("pushdown_sources", "Exact", InProcess("1")));

    [Fact]
    public void Source_dropping_nulls_like_sql_and_pyarrow() =>
        Run("null-dropping", PythonSource.Open<FullRow>("pushdown_sources", "NullDropping", InProcess("0")));

    [Fact]
    public void Jdbc_source_on_sqlite()
    {
        var directory = Directory.CreateTempSubdirectory("l2pa-pushdown-");
        try
        {
            var path = Path.Combine(directory.FullName, "rows.sqlite");
            PythonScript.Run("import pushdown_sources\npushdown_sources.create_sqlite(path, seed, rows)",
                new Dictionary<string, object?> { ["path"] = path, ["seed"] = Seed, ["rows"] = Rows });
            Run("sqlite", PythonSource.Open<SqliteRow>("linq2pyarrow.jdbc.datasource", "JDBCArrowDataSource", Partitioned($"jdbc:sqlite:{path}", "rows")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [PostgresFact]
    public void Jdbc_source_on_postgres()
    {
        using var database = new PostgresDatabase();
        var table = $"{database.Schema}.rows";
        PythonScript.Run("import pushdown_sources\npushdown_sources.create_postgres(url, table, seed, rows)",
            new Dictionary<string, object?> { ["url"] = database.Url, ["table"] = table, ["seed"] = Seed, ["rows"] = Rows });
        Run("postgres", PythonSource.Open<FullRow>("linq2pyarrow.jdbc.datasource", "JDBCArrowDataSource", Partitioned(database.Url, table)));
    }

    private static Dictionary<string, string> Partitioned(string url, string table) => new()
    {
        ["url"] = url, ["dbtable"] = table, ["partitionColumn"] = "id", ["lowerBound"] = "0",
        ["upperBound"] = Rows.ToString(CultureInfo.InvariantCulture), ["numPartitions"] = "3", ["fetchsize"] = "13",
    };

    private void Run<T>(string backend, IQueryable<T> source)
    {
        var rows = source.ToList(); // what the backend holds, as .NET reads it (SQLite, for one, stores NaN as NULL)
        Assert.Equal(Rows, rows.Count);
        var reference = rows.AsQueryable();
        var generator = new PredicateGenerator<T>(Seed);
        var id = Id<T>();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var (ran, pushed) = (0, 0);
        for (; ran < Queries && clock.Elapsed < Budget; ran++)
        {
            var predicate = generator.Next();
            var second = generator.Next();
            var (shape, run) = Shape(generator.Random, predicate.Lambda, second.Lambda, id);
            if (Explain(source, predicate.Lambda).StartsWith("filters: [[", StringComparison.Ordinal)) pushed++;
            foreach (var round in new[] { "first run", "re-bound" })
            {
                var expected = Outcome(() => run(reference));
                var actual = Outcome(() => run(source));
                if (expected != actual)
                    failures.Add($"[{backend}, seed {Seed}, query {ran}, {round}] {shape}\n  p  = {predicate.Describe()}\n  p2 = {second.Describe()}\n" +
                                 $"  expected {expected}\n  actual   {actual}\n  {Explain(source, predicate.Lambda)}");
                foreach (var slot in predicate.Slots.Concat(second.Slots)) slot.Rebind(generator.Random);
            }
        }
        output.WriteLine($"{backend}: seed {Seed}, {ran} queries (each run twice, {pushed} pushing filters) in {clock.Elapsed.TotalSeconds:F1} s, " +
                         $"{failures.Count} mismatches");
        foreach (var failure in failures.Take(15)) output.WriteLine(failure);
        Assert.True(ran >= 50, $"only {ran} queries ran within {Budget}");
        Assert.True(pushed >= ran / 4, $"only {pushed} of {ran} queries pushed a filter: the generator no longer exercises pushdown");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches (seed {Seed}); first:\n{failures.FirstOrDefault()}");
    }

    private static Expression<Func<T, long>> Id<T>()
    {
        var row = Expression.Parameter(typeof(T), "x");
        return Expression.Lambda<Func<T, long>>(Expression.Property(row, "Id"), row);
    }

    private static (string, Func<IQueryable<T>, object?>) Shape<T>(Random random, Expression<Func<T, bool>> p, Expression<Func<T, bool>> p2,
        Expression<Func<T, long>> id)
    {
        var n = random.Next(0, 12);
        return random.Next(9) switch
        {
            0 => ("Count(p)", q => q.Count(p)),
            1 => ($"Where(p).Take({n})", q => q.Where(p).Select(id).Take(n).ToList()),
            2 => ($"Where(p).Skip({n})", q => q.Where(p).Select(id).Skip(n).ToList()),
            3 => ("Where(p).First()", q => q.Where(p).Select(id).First()),
            4 => ("FirstOrDefault(p)", q => q.Where(p).Select(id).FirstOrDefault()),
            5 => ($"Take({n * 5}).Where(p)", q => q.Take(n * 5).Where(p).Select(id).ToList()),
            6 => ("Where(p).Where(p2).Count()", q => q.Where(p).Where(p2).Count()),
            7 => ("Any(p)", q => q.Any(p)),
            _ => ("Where(p)", q => q.Where(p).Select(id).ToList()),
        };
    }

    private static string Explain<T>(IQueryable<T> source, Expression<Func<T, bool>> p)
    {
        try
        {
            var text = source.Where(p).Explain();
            return text.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("filters:", StringComparison.Ordinal))?.Trim() ?? text;
        }
        catch (Exception ex)
        {
            return $"(Explain failed: {ex.Message})";
        }
    }

    private static string Outcome(Func<object?> run)
    {
        try
        {
            return PredicateGenerator<object>.Show(run());
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
