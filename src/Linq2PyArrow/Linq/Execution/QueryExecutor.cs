using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Linq.Translation;
using Linq2PyArrow.Linq.Translation.Composite;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// Runs LINQ queries over a Python source: looks the query's shape up in the plan cache (translating on a miss:
/// validate, parameterize, parse with re-linq, plan), binds this execution's parameter values, and executes the
/// plan synchronously or asynchronously.
/// </summary>
internal static class QueryExecutor
{
    public static TResult Execute<TResult>(PythonQueryProvider provider, Expression expression) =>
        ((IScalarPlan<TResult>)Prepare(provider, expression, typeof(TResult), sequence: false, out var values)).Execute(values, CancellationToken.None);

    public static IEnumerable<TElement> Enumerate<TElement>(PythonQueryProvider provider, Expression expression) =>
        ((ISequencePlan<TElement>)Prepare(provider, expression, typeof(TElement), sequence: true, out var values)).Enumerate(values, CancellationToken.None);

    public static IAsyncEnumerable<TElement> EnumerateAsync<TElement>(PythonQueryProvider provider, Expression expression, CancellationToken cancellation) =>
        ((ISequencePlan<TElement>)Prepare(provider, expression, typeof(TElement), sequence: true, out var values)).EnumerateAsync(values, cancellation);

    public static List<TElement> ToList<TElement>(PythonQueryProvider provider, Expression expression) =>
        ((ISequencePlan<TElement>)Prepare(provider, expression, typeof(TElement), sequence: true, out var values)).ToList(values, CancellationToken.None);

    public static Task<List<TElement>> ToListAsync<TElement>(PythonQueryProvider provider, Expression expression, CancellationToken cancellation) =>
        ((ISequencePlan<TElement>)Prepare(provider, expression, typeof(TElement), sequence: true, out var values)).ToListAsync(values, cancellation);

    public static Task<TResult> ExecuteAsync<TResult>(PythonQueryProvider provider, Expression expression, CancellationToken cancellation) =>
        ((IScalarPlan<TResult>)Prepare(provider, expression, typeof(TResult), sequence: false, out var values)).ExecuteAsync(values, cancellation).AsTask();

    /// <summary>The plan and this execution's values, for Explain.</summary>
    public static (QueryPlan Plan, object?[] Values) Describe(PythonQueryProvider provider, Expression expression, bool sequence)
    {
        var resultType = sequence ? EnumerableMethods.ElementType(expression.Type) : expression.Type;
        var plan = Prepare(provider, expression, resultType, sequence, out var values);
        return (plan, values);
    }

    private static QueryPlan Prepare(PythonQueryProvider provider, Expression expression, Type resultType, bool sequence, out object?[] values)
    {
        var shape = QueryShape.Of(expression, provider);
        var key = shape.Key is null ? null : (sequence ? "S" : "V") + shape.Key;
        if (key is null || !provider.Plans.TryGet(key, out var plan))
        {
            plan = Translate(provider, expression, resultType, sequence);
            if (key is not null) provider.Plans.Add(key, plan);
        }
        values = plan.Parameters.Bind(shape.Leaves);
        return plan;
    }

    /// <summary>The plan of ForEachBatch/AggregateBatches over a query with Where and Select (cached by shape and columns), and this execution's values.</summary>
    public static (BatchPlan Plan, object?[] Values) PrepareBatches(PythonQueryProvider provider, Expression expression, IReadOnlyList<string>? columns, string method)
    {
        var shape = QueryShape.Of(expression, provider);
        var key = shape.Key is null ? null : "B" + string.Join("\u0001", columns ?? []) + "\u0002" + shape.Key;
        if (key is null || !provider.Plans.TryGet(key, out var plan))
        {
            var (model, context, _) = Parse(provider, expression);
            plan = BatchPlanner.Plan(context, model, columns, method);
            if (key is not null) provider.Plans.Add(key, plan);
        }
        return ((BatchPlan)plan, plan.Parameters.Bind(shape.Leaves));
    }

    private static QueryPlan Translate(PythonQueryProvider provider, Expression expression, Type resultType, bool sequence)
    {
        expression = OrderRewriter.Rewrite(CapturedQueries.Inline(expression));
        QueryValidator.CheckOperators(expression);
        var (parameterized, binder) = QueryParameterizer.Parameterize(expression);
        return CompositePlanner.Plan(new TranslationContext(provider, expression, binder), parameterized, resultType, sequence);
    }

    /// <summary>Validate, parameterize and parse with re-linq.</summary>
    private static (Remotion.Linq.QueryModel Model, TranslationContext Context, Expression Rewritten) Parse(PythonQueryProvider provider, Expression expression)
    {
        expression = OrderRewriter.Rewrite(CapturedQueries.Inline(expression));
        QueryValidator.CheckOperators(expression);
        var (parameterized, binder) = QueryParameterizer.Parameterize(expression);
        parameterized = QueryValidator.HideUnsupportedCalls(parameterized);
        var model = RelinqParser.Parse(parameterized, expression);
        return (model, new TranslationContext(provider, expression, binder), expression);
    }
}
