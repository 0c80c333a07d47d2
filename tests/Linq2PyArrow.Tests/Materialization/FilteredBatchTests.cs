namespace Linq2PyArrow.Tests.Materialization;

/// <summary>
/// ForEachBatch / AggregateBatches (and async) after Where and Select: filters are pushed to the source, each batch
/// carries the Selection of the rows that pass the whole predicate (spans stay zero-copy), and a Select of columns
/// names the batch's columns. Sums and counts are compared with LINQ to Objects over the same rows, on a source that
/// applies the pushed filters (Recording) and on one that ignores them (Ignoring).
/// </summary>
public sealed class FilteredBatchTests
{
    private const string Sizes = "6,0,9,3";
    private static readonly List<Row> Rows = LinqSources.Open<Row>("Ignoring", Sizes).ToList();

    public static TheoryData<string> Sources => new() { "Recording", "Ignoring" };

    private static IQueryable<Row> Open(string cls, string? tag = null) => LinqSources.Open<Row>(cls, Sizes, tag: tag);

    /// <summary>Σ of an int column over the selected, non-null rows.</summary>
    private static long SumSelected(ColumnBatch batch, string column)
    {
        var values = batch.Values<int>(column);
        var validity = batch.Validity(column);
        long sum = 0;
        foreach (var row in batch.Selection)
            if (validity.IsValid(row)) sum += values[row];
        return sum;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Where_selects_the_rows_that_pass_and_sums_match_linq(string cls)
    {
        var source = Open(cls);
        Assert.Equal(Rows.Where(r => r.I32 > 0).Sum(r => (long)r.I32),
            source.Where(r => r.I32 > 0).AggregateBatches(0L, (sum, batch) => sum + SumSelected(batch, "i32"), "i32"));
        Assert.Equal(Rows.Count(r => r.Name == "ann" || r.Score > 5),
            source.Where(r => r.Name == "ann" || r.Score > 5).AggregateBatches(0, (count, batch) => count + batch.RowCount));
        // Not pushable (a method call on the column): the selection alone does the filtering.
        Assert.Equal(Rows.Where(r => r.Name != null && r.Name.Length > 2).Sum(r => (long)r.I32),
            source.Where(r => r.Name != null && r.Name.Length > 2).AggregateBatches(0L, (sum, batch) => sum + SumSelected(batch, "I32"), "i32"));
        foreach (var minimum in new[] { -10, 0, 25 }) // captured values re-bound on a cached plan
        {
            Assert.Equal(Rows.Where(r => r.I32 >= minimum && r.Flag).Sum(r => (long)r.I32),
                source.Where(r => r.I32 >= minimum).Where(r => r.Flag).AggregateBatches(0L, (sum, batch) => sum + SumSelected(batch, "i32"), "i32"));
        }
    }

    [Fact]
    public void The_selection_is_ascending_positions_into_whole_columns()
    {
        var selections = new List<(int RowCount, int ColumnLength, bool All, int[] Rows, long[] Ids)>();
        Open("Ignoring").Where(r => r.Id % 3 != 1).ForEachBatch(batch =>
        {
            var ids = batch.Values<long>("id");
            var rows = batch.Selection.ToArray();
            var selected = new long[rows.Length];
            for (var i = 0; i < rows.Length; i++) selected[i] = ids[rows[i]];
            selections.Add((batch.RowCount, batch.ColumnLength, batch.AllRowsSelected, rows, selected));
        }, "id");
        Assert.Equal(Rows.Where(r => r.Id % 3 != 1).Select(r => r.Id), selections.SelectMany(s => s.Ids));
        Assert.All(selections, s =>
        {
            Assert.Equal(s.RowCount, s.Rows.Length);
            Assert.Equal(s.Rows.Order(), s.Rows);
            Assert.All(s.Rows, r => Assert.InRange(r, 0, s.ColumnLength - 1));
            Assert.Equal(s.RowCount == s.ColumnLength, s.All);
        });
        Assert.Contains(selections, s => !s.All);

        Open("Ignoring").ForEachBatch(batch =>
        {
            Assert.True(batch.AllRowsSelected);
            Assert.Equal(batch.ColumnLength, batch.RowCount);
            Assert.Equal(Enumerable.Range(0, batch.ColumnLength), batch.Selection.ToArray());
        }, "id");
    }

    [Fact]
    public void Pushed_filters_and_the_needed_columns_reach_the_source()
    {
        var tag = LinqSources.NewTag();
        var names = new List<string?>();
        Open("Recording", tag).Where(r => r.Cat == "a").ForEachBatch(batch =>
        {
            var column = batch.Strings("name");
            foreach (var row in batch.Selection) names.Add(column.GetString(row));
        }, "name");
        Assert.Equal(Rows.Where(r => r.Cat == "a").Select(r => r.Name), names);
        Assert.All(LinqSources.Reads(tag), read => Assert.EndsWith("columns=['name', 'cat'] filters=[[('cat', '==', 'a')]] limit=None", read));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void A_select_of_columns_names_the_batch_columns(string cls)
    {
        var source = Open(cls);
        var expected = Rows.Where(r => r.Flag).Select(r => (r.Id, r.I32)).ToList();
        List<(long, int)> Collect(ColumnBatch batch, string id, string value)
        {
            var ids = batch.Values<long>(id);
            var values = batch.Values<int>(value);
            var pairs = new List<(long, int)>();
            foreach (var row in batch.Selection) pairs.Add((ids[row], values[row]));
            return pairs;
        }

        Assert.Equal(expected, source.Where(r => r.Flag).Select(r => new { r.Id, Value = r.I32 })
            .AggregateBatches(new List<(long, int)>(), (list, batch) =>
            {
                Assert.Equal(["Id", "Value"], batch.ColumnNames);
                list.AddRange(Collect(batch, "Id", "Value"));
                return list;
            }));
        Assert.Equal(expected, source.Select(r => new { r.Id, r.I32, r.Flag }).Where(a => a.Flag)
            .AggregateBatches(new List<(long, int)>(), (list, batch) =>
            {
                list.AddRange(Collect(batch, "id", "i32")); // names match ignoring case
                return list;
            }, "Id", "I32"));
        Assert.Equal(expected, source.Where(r => r.Flag).Select(r => ValueTuple.Create(r.Id, r.I32))
            .AggregateBatches(new List<(long, int)>(), (list, batch) =>
            {
                list.AddRange(Collect(batch, "Item1", "Item2"));
                return list;
            }));
        Assert.Equal(Rows.Where(r => r.Flag).Sum(r => r.Id), source.Where(r => r.Flag).Select(r => r.Id).AggregateBatches(0L, (sum, batch) =>
        {
            Assert.Equal(["id"], batch.ColumnNames);
            var ids = batch.Values<long>("id");
            foreach (var row in batch.Selection) sum += ids[row];
            return sum;
        }));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Async_forms_match_linq(string cls)
    {
        var source = Open(cls);
        Assert.Equal(Rows.Where(r => r.I32 < 0 && r.Cat != "b").Sum(r => (long)r.I32),
            await source.Where(r => r.I32 < 0 && r.Cat != "b").AggregateBatchesAsync(0L, (sum, batch) => sum + SumSelected(batch, "i32"), ["i32"]));
        var count = 0;
        await source.Where(r => r.Score == null).Select(r => new { r.Id }).ForEachBatchAsync(batch => count += batch.RowCount);
        Assert.Equal(Rows.Count(r => r.Score == null), count);
    }

    [Fact]
    public void Other_operators_and_computed_selects_are_rejected_with_the_method_called()
    {
        var source = Open("Ignoring");
        var ex = Assert.Throws<NotSupportedException>(() => source.Where(r => r.Id > 3).Take(2).ForEachBatch(_ => { }));
        Assert.Equal(
            "ForEachBatch hands over the source's batches as they arrive: it applies Where (pushed to the source, then as each batch's Selection) " +
            "and a Select of columns, but not Take (the query: Where, Take). Do that inside the callback, or use the LINQ operators (ToList, Sum…) instead.",
            ex.Message);
        Assert.StartsWith("AggregateBatches hands over the source's batches as they arrive: it applies Where (pushed to the source, then as each batch's " +
            "Selection) and a Select of columns, but not OrderBy (the query: OrderBy, Select).",
            Assert.Throws<NotSupportedException>(() => source.OrderBy(r => r.Id).Select(r => r.Id).AggregateBatches(0, (s, _) => s)).Message);
        Assert.Contains("but not Where (the query: Where)",
            Assert.Throws<NotSupportedException>(() => source.Where((r, i) => i > 2).ForEachBatch(_ => { })).Message);

        ex = Assert.Throws<NotSupportedException>(() => source.Select(r => new { r.Id, Twice = r.I32 * 2 }).ForEachBatch(_ => { }));
        Assert.Equal(
            "ForEachBatch hands over the source's columns zero-copy, so the query's Select can only pick columns (r => r.Amount, " +
            "r => new { r.Id, Total = r.Amount }), but its 'Twice' computes a value. Select the columns it needs and compute it inside the callback.", ex.Message);
        Assert.Contains("but it computes a value.", Assert.Throws<NotSupportedException>(() => source.Select(r => r.Id + 1).ForEachBatch(_ => { })).Message);
        var unknown = Assert.Throws<ArgumentException>(() => source.Select(r => new { r.Id }).ForEachBatch(_ => { }, "i32"));
        Assert.Equal("The query's Select has no column 'i32'; its columns are: Id. (Parameter 'columns')", unknown.Message);
        Assert.StartsWith("ForEachBatchAsync needs a query from PythonSource.Open; this one is a EnumerableQuery`1.",
            Assert.Throws<ArgumentException>(() => { _ = new[] { 1 }.AsQueryable().ForEachBatchAsync(_ => { }); }).Message);
    }
}
