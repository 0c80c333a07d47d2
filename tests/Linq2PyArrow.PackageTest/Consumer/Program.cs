using Linq2PyArrow;

// A project that only references the Linq2PyArrow package: the companion Python package (linq2pyarrow.jdbc,
// linq2pyarrow.arrow) must come with it. args[0]: a SQLite database with the table 'cities'.
var database = args[0];

var cities = PythonSource.Open<City>("linq2pyarrow.jdbc.datasource", "JDBCArrowDataSource",
    new Dictionary<string, string> { ["url"] = $"jdbc:sqlite:{database}", ["dbtable"] = "cities" });
foreach (var city in cities.Where(c => c.Population > 500_000).OrderBy(c => c.Name))
    Console.WriteLine($"{city.Name}: {city.Population}");
Console.WriteLine($"total: {cities.Sum(c => c.Population)}");

// A source of the application's own that builds batches with linq2pyarrow.arrow.
var sources = Directory.CreateTempSubdirectory("l2pa-consumer-");
try
{
    File.WriteAllText(Path.Combine(sources.FullName, "consumer_source.py"), """
        from linq2pyarrow import arrow as pa

        class Countdown:
            def infer_schema(self, options):
                return pa.schema([pa.field("n", pa.int64())])

            def plan_partitions(self, options):
                return [{"start": 3}]

            def read_partition(self, spec, options):
                yield pa.RecordBatch.from_pydict({"n": list(range(spec["start"], 0, -1))})
        """);
    var countdown = PythonSource.Open<Count>("consumer_source", "Countdown", null, new PythonSourceSettings { SearchPaths = [sources.FullName] });
    Console.WriteLine($"countdown: {string.Join(",", countdown.Select(c => c.N))}");
}
finally
{
    sources.Delete(recursive: true);
}

internal sealed record City(string Name, long Population);

internal sealed record Count(long N);
