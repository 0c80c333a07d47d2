using System.Linq.Expressions;
using Linq2PyArrow.Linq;
using Linq2PyArrow.Linq.Execution;

namespace Linq2PyArrow;

// Asynchronous terminal operators. Each builds the same expression as its synchronous Queryable counterpart, so it
// is translated (and pushed down) the same way, and runs it over the asynchronous scan: no thread blocks on Python.
public static partial class PythonQueryableExtensions
{
    /// <summary>
    /// Runs the query and returns its results as a list, reading the source asynchronously. Over a Python source the
    /// rows are built batch by batch into a list of exactly their count, as <see cref="ToList{TSource}(IQueryable{TSource})"/> does.
    /// </summary>
    public static async Task<List<TSource>> ToListAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Provider is PythonQueryProvider provider
            ? await QueryExecutor.ToListAsync<TSource>(provider, source.Expression, cancellationToken).ConfigureAwait(false)
            : await AsyncLists.Of(source.AsAsyncEnumerable(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the query and returns its results as an array, reading the source asynchronously.</summary>
    public static async Task<TSource[]> ToArrayAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        [.. await source.ToListAsync(cancellationToken).ConfigureAwait(false)];

    /// <summary>Asynchronous <see cref="Queryable.Count{TSource}(IQueryable{TSource})"/>: the number of rows (a columnar count; no column is read without a predicate).</summary>
    public static Task<int> CountAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, int>(Queryable.Count, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Count{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: the number of rows (a columnar count; no column is read without a predicate).</summary>
    public static Task<int> CountAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, int>(Queryable.Count, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.LongCount{TSource}(IQueryable{TSource})"/>: the number of rows as a long.</summary>
    public static Task<long> LongCountAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, long>(Queryable.LongCount, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.LongCount{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: the number of rows as a long.</summary>
    public static Task<long> LongCountAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, long>(Queryable.LongCount, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.First{TSource}(IQueryable{TSource})"/>: the first row; InvalidOperationException when there is none.</summary>
    public static Task<TSource> FirstAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, TSource>(Queryable.First, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.First{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: the first row; InvalidOperationException when there is none.</summary>
    public static Task<TSource> FirstAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, TSource>(Queryable.First, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.FirstOrDefault{TSource}(IQueryable{TSource})"/>: the first row, or default when there is none.</summary>
    public static Task<TSource?> FirstOrDefaultAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, TSource?>(Queryable.FirstOrDefault, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.FirstOrDefault{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: the first row, or default when there is none.</summary>
    public static Task<TSource?> FirstOrDefaultAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, TSource?>(Queryable.FirstOrDefault, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Single{TSource}(IQueryable{TSource})"/>: the only row; InvalidOperationException when there is none or more than one.</summary>
    public static Task<TSource> SingleAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, TSource>(Queryable.Single, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Single{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: the only row; InvalidOperationException when there is none or more than one.</summary>
    public static Task<TSource> SingleAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, TSource>(Queryable.Single, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.SingleOrDefault{TSource}(IQueryable{TSource})"/>: the only row, or default when there is none; InvalidOperationException for more than one.</summary>
    public static Task<TSource?> SingleOrDefaultAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, TSource?>(Queryable.SingleOrDefault, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.SingleOrDefault{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: the only row, or default when there is none; InvalidOperationException for more than one.</summary>
    public static Task<TSource?> SingleOrDefaultAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, TSource?>(Queryable.SingleOrDefault, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Last{TSource}(IQueryable{TSource})"/>: the last row; InvalidOperationException when there is none.</summary>
    public static Task<TSource> LastAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, TSource>(Queryable.Last, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Last{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: the last row; InvalidOperationException when there is none.</summary>
    public static Task<TSource> LastAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, TSource>(Queryable.Last, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.LastOrDefault{TSource}(IQueryable{TSource})"/>: the last row, or default when there is none.</summary>
    public static Task<TSource?> LastOrDefaultAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, TSource?>(Queryable.LastOrDefault, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.LastOrDefault{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: the last row, or default when there is none.</summary>
    public static Task<TSource?> LastOrDefaultAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, TSource?>(Queryable.LastOrDefault, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Any{TSource}(IQueryable{TSource})"/>: whether any row exists (the scan stops at the first).</summary>
    public static Task<bool> AnyAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, bool>(Queryable.Any, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Any{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: whether any row exists (the scan stops at the first).</summary>
    public static Task<bool> AnyAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, bool>(Queryable.Any, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.All{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>: whether every row satisfies the predicate (the scan stops at the first that does not).</summary>
    public static Task<bool> AllAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, bool>, bool>(Queryable.All, source, predicate, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Contains{TSource}(IQueryable{TSource}, TSource)"/>: whether an item equals <paramref name="item"/>.</summary>
    public static Task<bool> ContainsAsync<TSource>(this IQueryable<TSource> source, TSource item, CancellationToken cancellationToken = default)
    {
        var provider = ProviderOf(source, nameof(ContainsAsync));
        var call = Expression.Call(null, new Func<IQueryable<TSource>, TSource, bool>(Queryable.Contains).Method, source.Expression,
            Expression.Constant(item, typeof(TSource)));
        return provider.ExecuteAsync<bool>(call, cancellationToken);
    }

    /// <summary>Asynchronous <see cref="Queryable.Min{TSource}(IQueryable{TSource})"/>: the smallest item.</summary>
    public static Task<TSource?> MinAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, TSource?>(Queryable.Min, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Min{TSource, TResult}(IQueryable{TSource}, Expression{Func{TSource, TResult}})"/>: the smallest selected value.</summary>
    public static Task<TResult?> MinAsync<TSource, TResult>(this IQueryable<TSource> source, Expression<Func<TSource, TResult>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, TResult>, TResult?>(Queryable.Min, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Max{TSource}(IQueryable{TSource})"/>: the largest item.</summary>
    public static Task<TSource?> MaxAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) =>
        Run<TSource, TSource?>(Queryable.Max, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Max{TSource, TResult}(IQueryable{TSource}, Expression{Func{TSource, TResult}})"/>: the largest selected value.</summary>
    public static Task<TResult?> MaxAsync<TSource, TResult>(this IQueryable<TSource> source, Expression<Func<TSource, TResult>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, TResult>, TResult?>(Queryable.Max, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{int})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<int> SumAsync(this IQueryable<int> source, CancellationToken cancellationToken = default) =>
        Run<int, int>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, int}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<int> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, int>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, int>, int>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{Nullable{int}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<int?> SumAsync(this IQueryable<int?> source, CancellationToken cancellationToken = default) =>
        Run<int?, int?>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{int}}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<int?> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, int?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, int?>, int?>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{long})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<long> SumAsync(this IQueryable<long> source, CancellationToken cancellationToken = default) =>
        Run<long, long>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, long}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<long> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, long>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, long>, long>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{Nullable{long}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<long?> SumAsync(this IQueryable<long?> source, CancellationToken cancellationToken = default) =>
        Run<long?, long?>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{long}}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<long?> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, long?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, long?>, long?>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{float})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<float> SumAsync(this IQueryable<float> source, CancellationToken cancellationToken = default) =>
        Run<float, float>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, float}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<float> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, float>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, float>, float>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{Nullable{float}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<float?> SumAsync(this IQueryable<float?> source, CancellationToken cancellationToken = default) =>
        Run<float?, float?>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{float}}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<float?> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, float?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, float?>, float?>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{double})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<double> SumAsync(this IQueryable<double> source, CancellationToken cancellationToken = default) =>
        Run<double, double>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, double}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<double> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, double>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, double>, double>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{Nullable{double}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<double?> SumAsync(this IQueryable<double?> source, CancellationToken cancellationToken = default) =>
        Run<double?, double?>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{double}}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<double?> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, double?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, double?>, double?>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{decimal})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<decimal> SumAsync(this IQueryable<decimal> source, CancellationToken cancellationToken = default) =>
        Run<decimal, decimal>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, decimal}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<decimal> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, decimal>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, decimal>, decimal>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum(IQueryable{Nullable{decimal}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<decimal?> SumAsync(this IQueryable<decimal?> source, CancellationToken cancellationToken = default) =>
        Run<decimal?, decimal?>(Queryable.Sum, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Sum{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{decimal}}})"/>: the sum (a columnar kernel over a column).</summary>
    public static Task<decimal?> SumAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, decimal?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, decimal?>, decimal?>(Queryable.Sum, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{int})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double> AverageAsync(this IQueryable<int> source, CancellationToken cancellationToken = default) =>
        Run<int, double>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, int}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, int>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, int>, double>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{Nullable{int}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double?> AverageAsync(this IQueryable<int?> source, CancellationToken cancellationToken = default) =>
        Run<int?, double?>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{int}}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double?> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, int?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, int?>, double?>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{long})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double> AverageAsync(this IQueryable<long> source, CancellationToken cancellationToken = default) =>
        Run<long, double>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, long}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, long>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, long>, double>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{Nullable{long}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double?> AverageAsync(this IQueryable<long?> source, CancellationToken cancellationToken = default) =>
        Run<long?, double?>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{long}}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double?> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, long?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, long?>, double?>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{float})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<float> AverageAsync(this IQueryable<float> source, CancellationToken cancellationToken = default) =>
        Run<float, float>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, float}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<float> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, float>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, float>, float>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{Nullable{float}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<float?> AverageAsync(this IQueryable<float?> source, CancellationToken cancellationToken = default) =>
        Run<float?, float?>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{float}}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<float?> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, float?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, float?>, float?>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{double})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double> AverageAsync(this IQueryable<double> source, CancellationToken cancellationToken = default) =>
        Run<double, double>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, double}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, double>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, double>, double>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{Nullable{double}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double?> AverageAsync(this IQueryable<double?> source, CancellationToken cancellationToken = default) =>
        Run<double?, double?>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{double}}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<double?> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, double?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, double?>, double?>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{decimal})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<decimal> AverageAsync(this IQueryable<decimal> source, CancellationToken cancellationToken = default) =>
        Run<decimal, decimal>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, decimal}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<decimal> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, decimal>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, decimal>, decimal>(Queryable.Average, source, selector, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average(IQueryable{Nullable{decimal}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<decimal?> AverageAsync(this IQueryable<decimal?> source, CancellationToken cancellationToken = default) =>
        Run<decimal?, decimal?>(Queryable.Average, source, cancellationToken);

    /// <summary>Asynchronous <see cref="Queryable.Average{TSource}(IQueryable{TSource}, Expression{Func{TSource, Nullable{decimal}}})"/>: the average (a columnar kernel over a column).</summary>
    public static Task<decimal?> AverageAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, decimal?>> selector,
        CancellationToken cancellationToken = default) =>
        Run<TSource, Func<TSource, decimal?>, decimal?>(Queryable.Average, source, selector, cancellationToken);

    private static Task<TResult> Run<TSource, TResult>(Func<IQueryable<TSource>, TResult> operation, IQueryable<TSource> source,
        CancellationToken cancellationToken)
    {
        var provider = ProviderOf(source, operation.Method.Name + "Async");
        return provider.ExecuteAsync<TResult>(Expression.Call(null, operation.Method, source.Expression), cancellationToken);
    }

    private static Task<TResult> Run<TSource, TLambda, TResult>(Func<IQueryable<TSource>, Expression<TLambda>, TResult> operation,
        IQueryable<TSource> source, Expression<TLambda> lambda, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        var provider = ProviderOf(source, operation.Method.Name + "Async");
        return provider.ExecuteAsync<TResult>(Expression.Call(null, operation.Method, source.Expression, Expression.Quote(lambda)), cancellationToken);
    }
}
