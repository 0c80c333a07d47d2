using System.Linq.Expressions;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq;

/// <summary>
/// The query provider of one opened source. Queries it can run are translated into a pushed scan plus the
/// part evaluated in .NET (<see cref="QueryTranslator"/>).
/// </summary>
internal sealed class PythonQueryProvider(SourceContext context) : IQueryProvider
{
    public SourceContext Context { get; } = context;

    public IQueryable CreateQuery(Expression expression)
    {
        var elementType = TypeSystem.ElementType(expression.Type);
        return (IQueryable)Activator.CreateInstance(typeof(PythonQueryable<>).MakeGenericType(elementType), this, expression)!;
    }

    public IQueryable<TElement> CreateQuery<TElement>(Expression expression) => new PythonQueryable<TElement>(this, expression);

    public object? Execute(Expression expression) =>
        typeof(PythonQueryProvider).GetMethod(nameof(ExecuteTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(expression.Type).Invoke(this, [expression]);

    private object? ExecuteTyped<TResult>(Expression expression) => Execute<TResult>(expression);

    public TResult Execute<TResult>(Expression expression) => QueryTranslator.Execute<TResult>(this, expression, CancellationToken.None);

    /// <summary>Runs a sequence query.</summary>
    public IEnumerable<TElement> Enumerate<TElement>(Expression expression) =>
        QueryTranslator.Enumerate<TElement>(this, expression, CancellationToken.None);

    public IAsyncEnumerable<TElement> EnumerateAsync<TElement>(Expression expression, CancellationToken cancellation) =>
        QueryTranslator.EnumerateAsync<TElement>(this, expression, cancellation);
}

internal static class TypeSystem
{
    public static Type ElementType(Type sequenceType) =>
        sequenceType.GetInterfaces().Append(sequenceType)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
        ?? sequenceType;
}
