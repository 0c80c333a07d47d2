using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// A translated query, cached by shape: the pushed scan plus the compiled .NET part. Immutable and shared by
/// concurrent executions; everything per execution (parameter values, scan, running state) lives on the stack
/// of Execute/Enumerate.
/// </summary>
internal abstract class QueryPlan(ScanTemplate scan, QueryParameterizer.ParameterBinder parameters)
{
    public ScanTemplate Scan { get; } = scan;
    public QueryParameterizer.ParameterBinder Parameters { get; } = parameters;

    /// <summary>What runs in .NET, in order, for Explain: a label and the code (parameters read from the values).</summary>
    public abstract IEnumerable<(string Label, Expression Code)> DotNetSteps();
}

/// <summary>A query with a single result (Count, Sum, First, Any…).</summary>
internal interface IScalarPlan<TResult>
{
    TResult Execute(object?[] values, CancellationToken cancellation);

    ValueTask<TResult> ExecuteAsync(object?[] values, CancellationToken cancellation);
}

/// <summary>A query returning a sequence.</summary>
internal interface ISequencePlan<TElement>
{
    IEnumerable<TElement> Enumerate(object?[] values, CancellationToken cancellation);

    IAsyncEnumerable<TElement> EnumerateAsync(object?[] values, CancellationToken cancellation);

    /// <summary>ToList: the results in a list (plans that build rows from batches do it without an enumerator, sized exactly).</summary>
    List<TElement> ToList(object?[] values, CancellationToken cancellation) => Enumerable.ToList(Enumerate(values, cancellation));

    Task<List<TElement>> ToListAsync(object?[] values, CancellationToken cancellation) => AsyncLists.Of(EnumerateAsync(values, cancellation), cancellation);
}

internal static class AsyncLists
{
    /// <summary>A list of what an asynchronous sequence yields.</summary>
    public static async Task<List<T>> Of<T>(IAsyncEnumerable<T> elements, CancellationToken cancellation)
    {
        var results = new List<T>();
        await foreach (var element in elements.WithCancellation(cancellation).ConfigureAwait(false)) results.Add(element);
        return results;
    }
}
