using System.Linq.Expressions;
using System.Reflection;
using Linq2PyArrow.Linq.Execution;
using Linq2PyArrow.Linq.Translation;

namespace Linq2PyArrow.Linq;

/// <summary>
/// The query provider of one opened source. Queries are translated into a pushed scan plus the part evaluated in
/// .NET (<see cref="QueryExecutor"/>); translated plans are cached here by query shape.
/// </summary>
internal sealed class PythonQueryProvider(SourceContext context) : IQueryProvider
{
    private static readonly MethodInfo ExecuteMethod = typeof(PythonQueryProvider).GetMethod(nameof(Execute), 1, [typeof(Expression)])!;

    private static int s_lastId;

    public SourceContext Context { get; } = context;

    /// <summary>Tells providers apart in cache keys of queries that read several sources.</summary>
    public int Id { get; } = Interlocked.Increment(ref s_lastId);

    /// <summary>The provider of a Python source's root query (a constant holding the queryable itself), or null.</summary>
    public static PythonQueryProvider? RootOf(Expression node) =>
        node is ConstantExpression { Value: IQueryable query } && query.Provider is PythonQueryProvider provider
        && query.Expression is ConstantExpression self && ReferenceEquals(self.Value, query)
            ? provider
            : null;
    internal PlanCache Plans { get; } = new();

    public IQueryable CreateQuery(Expression expression)
    {
        var elementType = EnumerableMethods.ElementType(expression.Type);
        return (IQueryable)Activator.CreateInstance(typeof(PythonQueryable<>).MakeGenericType(elementType), this, expression)!;
    }

    public IQueryable<TElement> CreateQuery<TElement>(Expression expression) => new PythonQueryable<TElement>(this, expression);

    public object? Execute(Expression expression) => ExecuteMethod.MakeGenericMethod(expression.Type).Invoke(this, [expression]);

    /// <summary>A single value, or (IEnumerable&lt;T&gt;, as re-linq's QueryableBase enumerates) a sequence.</summary>
    public TResult Execute<TResult>(Expression expression)
    {
        if (typeof(TResult).IsGenericType && typeof(TResult).GetGenericTypeDefinition() == typeof(IEnumerable<>)
            && typeof(IQueryable).IsAssignableFrom(expression.Type))
            return (TResult)EnumerateUntyped(typeof(TResult).GetGenericArguments()[0], expression);
        return QueryExecutor.Execute<TResult>(this, expression);
    }

    public IEnumerable<TElement> Enumerate<TElement>(Expression expression) => QueryExecutor.Enumerate<TElement>(this, expression);

    public IAsyncEnumerable<TElement> EnumerateAsync<TElement>(Expression expression, CancellationToken cancellation) =>
        QueryExecutor.EnumerateAsync<TElement>(this, expression, cancellation);

    public Task<TResult> ExecuteAsync<TResult>(Expression expression, CancellationToken cancellation) =>
        QueryExecutor.ExecuteAsync<TResult>(this, expression, cancellation);

    private object EnumerateUntyped(Type element, Expression expression) =>
        typeof(PythonQueryProvider).GetMethod(nameof(Enumerate))!.MakeGenericMethod(element).Invoke(this, [expression])!;
}
