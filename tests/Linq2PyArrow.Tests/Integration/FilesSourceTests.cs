using Linq2PyArrow.Arrow;

namespace Linq2PyArrow.Tests.Integration;

/// <summary>The files sample (files_source.FilesSource) over CSV and JSON-lines directories the test writes.</summary>
public sealed class FilesSourceTests : IDisposable
{
    private const string Source = "files_source.FilesSource";

    public sealed record Sale(long Id, string? City, double? Amount, DateOnly? Day, bool? Paid, DateTime? At);

    public sealed record SaleCity(long Id, string? City);

    public sealed record Event(long Id, string Kind, double? Value, string? Payload);

    public sealed record Checked(long Id, long? Checksum);

    public sealed record SaleCityId(long Id);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("l2pa-files-");

    public FilesSourceTests()
    {
        var sales = _root.CreateSubdirectory("sales").FullName;
        File.WriteAllText(Path.Combine(sales, "2024-01.csv"),
            "id,city,amount,day,paid,at\n1,Zürich,10.5,2024-01-05,true,2024-01-05 08:00:00\n2,東京,,2024-01-06,false,\n");
        File.WriteAllText(Path.Combine(sales, "2024-02.csv"), "id,city,amount,day,paid,at\n3,Oslo,7,2024-02-01,true,2024-02-01T09:30:00.5\n");
        File.WriteAllText(Path.Combine(sales, "2024-03.csv"),
            "id,city,amount,day,paid,at\n" + string.Concat(Enumerable.Range(4, 97).Select(i => $"{i},City {i},{i}.25,2024-03-01,false,\n")));
        File.WriteAllText(Path.Combine(sales, "notes.txt"), "not data: ignored by the csv format");

        var events = _root.CreateSubdirectory("events").FullName;
        File.WriteAllText(Path.Combine(events, "a.jsonl"),
            "{\"id\": 1, \"kind\": \"click\", \"value\": 1, \"payload\": {\"x\": [1, 2]}}\n\n{\"id\": 2, \"kind\": \"view ✓\", \"value\": 2.5}\n");
        File.WriteAllText(Path.Combine(events, "b.jsonl"), "{\"id\": 3, \"kind\": \"click\", \"value\": null, \"payload\": \"text\"}\n");

        var checks = _root.CreateSubdirectory("checks").FullName;
        File.WriteAllText(Path.Combine(checks, "c.csv"), "id,checksum\n1,42\n2,oops\n");
    }

    private static IQueryable<T> Open<T>(string path, PythonSourceSettings? settings = null, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string> { ["path"] = path };
        foreach (var (key, value) in extra) options[key] = value;
        return PythonSource.Open<T>("files_source", "FilesSource", options, settings ?? Samples.Settings);
    }

    private string Dir(string name) => Path.Combine(_root.FullName, name);

    [Fact]
    public void Infers_the_csv_schema_from_the_first_file()
    {
        var schema = PythonSource.GetSchema("files_source", "FilesSource", new Dictionary<string, string> { ["path"] = Dir("sales") }, Samples.Settings);
        Assert.Equal(["id: int64", "city: string", "amount: double", "day: date32[day]", "paid: bool", "at: timestamp[us]"],
            schema.FieldsList.Select(f => $"{f.Name}: {ArrowTypeNames.Describe(f.DataType)}"));
    }

    [Fact]
    public void Reads_a_csv_directory_with_one_partition_per_file()
    {
        var progress = new ProgressLog();
        var sales = Open<Sale>(Dir("sales"), Samples.Settings with { Progress = progress }, ("batch_size", "10")).ToList();

        Assert.Equal(100, sales.Count);
        Assert.Equal(new Sale(1, "Zürich", 10.5, new DateOnly(2024, 1, 5), true, new DateTime(2024, 1, 5, 8, 0, 0)), sales[0]);
        Assert.Equal(new Sale(2, "東京", null, new DateOnly(2024, 1, 6), false, null), sales[1]);
        Assert.Equal(new Sale(3, "Oslo", 7, new DateOnly(2024, 2, 1), true, new DateTime(2024, 2, 1, 9, 30, 0, 500)), sales[2]);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), sales.Select(s => s.Id));
        Assert.All(progress.Reports, p => Assert.Equal(3, p.PartitionsTotal)); // notes.txt is not a partition
        Assert.Equal(12, progress.Reports.Max(p => p.Batches)); // 1 + 1 + ceil(97 / 10)
    }

    [Fact]
    public void Linq_aggregates_over_the_files()
    {
        var sales = Open<Sale>(Dir("sales"));
        Assert.Equal(10.5 + 7 + Enumerable.Range(4, 97).Sum(i => i + 0.25), sales.Sum(s => s.Amount ?? 0), precision: 9);
        Assert.Equal(
            [("2024-01", 2), ("2024-02", 1), ("2024-03", 97)],
            sales.GroupBy(s => s.Day!.Value.ToString("yyyy-MM")).Select(g => ValueTuple.Create(g.Key, g.Count())).OrderBy(g => g.Item1).ToArray());
        Assert.Equal(["Zürich"], sales.Where(s => s.Paid == true && s.Amount > 10).Select(s => s.City!).ToArray());
    }

    [Fact]
    public void Reads_json_lines_keeping_json_types()
    {
        var events = Open<Event>(Dir("events")).ToList();
        Assert.Equal(
            [new Event(1, "click", 1.0, "{\"x\": [1, 2]}"), new Event(2, "view ✓", 2.5, null), new Event(3, "click", null, "text")],
            events);
    }

    [Fact]
    public void Only_the_bound_columns_are_converted()
    {
        // 'checksum' holds "oops" on line 3: a row type without it proves the column was never parsed.
        var options = ("schema", "id:int64,checksum:int64");
        Assert.Equal([1L, 2L], Open<SaleCityId>(Dir("checks"), null, options).Select(c => c.Id).ToArray());

        var ex = Assert.Throws<PythonDataSourceException>(() => Open<Checked>(Dir("checks"), null, options).ToList());
        Failures.Check(ex, Source, "read_partition", "ValueError",
            $"{Path.Combine(Dir("checks"), "c.csv")}: record 3: invalid literal for int() with base 10: 'oops'", partition: 0);
    }

    [Fact]
    public void A_missing_path_fails_at_open()
    {
        var missing = Dir("nowhere");
        Failures.Assert(() => Open<SaleCity>(missing), Source, "infer_schema", "FileNotFoundError", $"option 'path': '{missing}' does not exist");
    }

    public void Dispose() => _root.Delete(recursive: true);
}
