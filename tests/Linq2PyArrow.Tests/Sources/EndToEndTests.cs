namespace Linq2PyArrow.Tests.Sources;

public sealed class EndToEndTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public string? Name { get; set; }
        public double? Score { get; set; }
        public DateTime Ts { get; set; }
        public bool Flag { get; set; }
    }

    public sealed record PositionalRow(long Id, string Name, double Score);

    private static readonly Dictionary<string, string> TwoByTen = new() { ["partitions"] = "2", ["rows"] = "10", ["batch"] = "4" };

    [Fact]
    public void Reads_every_row_in_partition_order()
    {
        var rows = PythonSource.Open<Row>("l2pa_test_sources", "Rows", TwoByTen).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), rows.Select(r => r.Id));
        Assert.Equal("name-7", rows[7].Name);
        Assert.Equal(3.5, rows[7].Score);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 7), rows[7].Ts);
        Assert.False(rows[7].Flag);
    }

    [Fact]
    public void Binds_positional_records_through_their_constructor()
    {
        var rows = PythonSource.Open<PositionalRow>("l2pa_test_sources", "Rows", TwoByTen).ToList();
        Assert.Equal(new PositionalRow(19, "name-19", 9.5), rows[^1]);
    }

    [Fact]
    public void Nulls_arrive_as_null()
    {
        var options = new Dictionary<string, string>(TwoByTen) { ["nulls"] = "1" };
        var rows = PythonSource.Open<Row>("l2pa_test_sources", "Rows", options).ToList();
        Assert.Null(rows[0].Name);
        Assert.Null(rows[7].Score);
        Assert.Equal("name-1", rows[1].Name);
    }

    [Fact]
    public void Linq_operators_work_over_the_rows()
    {
        var query = PythonSource.Open<Row>("l2pa_test_sources", "Rows", TwoByTen);
        Assert.Equal(20, query.Count());
        Assert.Equal(95.0, query.Sum(r => r.Score));
        Assert.Equal(new[] { "name-18", "name-16" }, query.Where(r => r.Id > 15 && r.Flag).OrderByDescending(r => r.Id).Select(r => r.Name).ToArray());
    }
}
