namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// First/Single/Last (and OrDefault) with a predicate over an async sequence, with Enumerable's exact wording
/// ("no matching element", "more than one matching element"); System.Linq.AsyncEnumerable words them as if there
/// were no predicate, and the async terminals must fail exactly like their synchronous twins.
/// </summary>
internal static class AsyncElementOperators
{
    public static async ValueTask<T> First<T>(IAsyncEnumerable<T> source, Func<T, bool> predicate, CancellationToken cancellation)
    {
        await foreach (var item in source.WithCancellation(cancellation).ConfigureAwait(false))
            if (predicate(item)) return item;
        throw NoMatch();
    }

    public static async ValueTask<T?> FirstOrDefault<T>(IAsyncEnumerable<T> source, Func<T, bool> predicate, CancellationToken cancellation)
    {
        await foreach (var item in source.WithCancellation(cancellation).ConfigureAwait(false))
            if (predicate(item)) return item;
        return default;
    }

    public static async ValueTask<T> Last<T>(IAsyncEnumerable<T> source, Func<T, bool> predicate, CancellationToken cancellation)
    {
        var (found, last) = await LastMatch(source, predicate, cancellation).ConfigureAwait(false);
        return found ? last! : throw NoMatch();
    }

    public static async ValueTask<T?> LastOrDefault<T>(IAsyncEnumerable<T> source, Func<T, bool> predicate, CancellationToken cancellation) =>
        (await LastMatch(source, predicate, cancellation).ConfigureAwait(false)).Last;

    public static async ValueTask<T> Single<T>(IAsyncEnumerable<T> source, Func<T, bool> predicate, CancellationToken cancellation)
    {
        var (found, single) = await SingleMatch(source, predicate, cancellation).ConfigureAwait(false);
        return found ? single! : throw NoMatch();
    }

    public static async ValueTask<T?> SingleOrDefault<T>(IAsyncEnumerable<T> source, Func<T, bool> predicate, CancellationToken cancellation) =>
        (await SingleMatch(source, predicate, cancellation).ConfigureAwait(false)).Single;

    private static async ValueTask<(bool Found, T? Last)> LastMatch<T>(IAsyncEnumerable<T> source, Func<T, bool> predicate, CancellationToken cancellation)
    {
        var found = false;
        T? last = default;
        await foreach (var item in source.WithCancellation(cancellation).ConfigureAwait(false))
        {
            if (!predicate(item)) continue;
            found = true;
            last = item;
        }
        return (found, last);
    }

    private static async ValueTask<(bool Found, T? Single)> SingleMatch<T>(IAsyncEnumerable<T> source, Func<T, bool> predicate, CancellationToken cancellation)
    {
        var found = false;
        T? single = default;
        await foreach (var item in source.WithCancellation(cancellation).ConfigureAwait(false))
        {
            if (!predicate(item)) continue;
            if (found) throw new InvalidOperationException("Sequence contains more than one matching element");
            found = true;
            single = item;
        }
        return (found, single);
    }

    private static InvalidOperationException NoMatch() => new("Sequence contains no matching element");
}
