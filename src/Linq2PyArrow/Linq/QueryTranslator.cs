using System.Linq.Expressions;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq;

/// <summary>
/// Turns a query expression into a pushed scan plus the part that runs in .NET. The root alone is a plain
/// scan of the bound columns; anything else runs over the scanned rows with LINQ to Objects.
/// </summary>
internal static class QueryTranslator
{
    public static TResult Execute<TResult>(PythonQueryProvider provider, Expression expression, CancellationToken cancellation)
    {
        if (typeof(TResult).IsGenericType && typeof(TResult).GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = typeof(TResult).GetGenericArguments()[0];
            var enumerate = typeof(QueryTranslator).GetMethod(nameof(Enumerate))!.MakeGenericMethod(element);
            return (TResult)enumerate.Invoke(null, [provider, expression, cancellation])!;
        }
        var (root, rewritten) = OverRows(provider, expression, cancellation);
        return root.Provider.Execute<TResult>(rewritten);
    }

    public static IEnumerable<TElement> Enumerate<TElement>(PythonQueryProvider provider, Expression expression, CancellationToken cancellation)
    {
        if (IsRoot(provider, expression)) return (IEnumerable<TElement>)ScanRows(provider.Context, cancellation);
        var (root, rewritten) = OverRows(provider, expression, cancellation);
        return root.Provider.CreateQuery<TElement>(rewritten);
    }

    public static IAsyncEnumerable<TElement> EnumerateAsync<TElement>(PythonQueryProvider provider, Expression expression, CancellationToken cancellation)
    {
        if (IsRoot(provider, expression))
        {
            var method = typeof(QueryTranslator).GetMethod(nameof(ScanRowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(provider.Context.Binding.RowType);
            return (IAsyncEnumerable<TElement>)method.Invoke(null, [provider.Context, cancellation])!;
        }
        return Enumerate<TElement>(provider, expression, cancellation).ToAsyncEnumerable();
    }

    private static bool IsRoot(PythonQueryProvider provider, Expression expression) =>
        expression is ConstantExpression { Value: IQueryable queryable } && queryable.Provider == provider;

    private static System.Collections.IEnumerable ScanRows(SourceContext context, CancellationToken cancellation)
    {
        var method = typeof(QueryTranslator).GetMethod(nameof(ScanRowsTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(context.Binding.RowType);
        return (System.Collections.IEnumerable)method.Invoke(null, [context, cancellation])!;
    }

    private static IEnumerable<T> ScanRowsTyped<T>(SourceContext context, CancellationToken cancellation)
    {
        var columns = context.OrderedColumns(null);
        var compiler = new RowCompiler(context.Binding, context.Source.Name, columns);
        return ScanRunner.Rows(context, new ScanRequest(columns, null, null), null, compiler.Projector<T>(compiler.Identity()), cancellation);
    }

    private static IAsyncEnumerable<T> ScanRowsAsync<T>(SourceContext context, CancellationToken cancellation)
    {
        var columns = context.OrderedColumns(null);
        var compiler = new RowCompiler(context.Binding, context.Source.Name, columns);
        return ScanRunner.RowsAsync(context, new ScanRequest(columns, null, null), null, compiler.Projector<T>(compiler.Identity()), cancellation);
    }

    /// <summary>The query with its root replaced by the scanned rows as a LINQ-to-Objects queryable.</summary>
    private static (IQueryable Root, Expression Rewritten) OverRows(PythonQueryProvider provider, Expression expression, CancellationToken cancellation)
    {
        var rows = ScanRows(provider.Context, cancellation);
        var root = Queryable.AsQueryable(rows);
        var rewritten = new RootReplacer(provider, root).Visit(expression);
        return (root, rewritten);
    }

    private sealed class RootReplacer(PythonQueryProvider provider, IQueryable root) : ExpressionVisitor
    {
        protected override Expression VisitConstant(ConstantExpression node) =>
            node.Value is IQueryable queryable && queryable.Provider == provider ? Expression.Constant(root) : node;
    }
}
