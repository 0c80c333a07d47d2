namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// LINQ to Objects operators whose exception depends on the kind of sequence: <c>list.ElementAt(99)</c> throws the
/// List indexer's ArgumentOutOfRangeException, a lazy sequence Enumerable's own. A query's rows stand for a list of
/// rows, so the tail throws the list's (the one users compare with); results are the same either way.
/// </summary>
internal static class TailOperators
{
    public static T ElementAt<T>(IEnumerable<T> source, int index)
    {
        if (index >= 0)
        {
            var position = 0;
            foreach (var item in source)
                if (position++ == index) return item;
        }
        return new List<T>(0)[index];
    }

    public static async ValueTask<T> ElementAtAsync<T>(IAsyncEnumerable<T> source, int index, CancellationToken cancellation)
    {
        if (index >= 0)
        {
            var position = 0;
            await foreach (var item in source.WithCancellation(cancellation).ConfigureAwait(false))
                if (position++ == index) return item;
        }
        return new List<T>(0)[index];
    }
}
