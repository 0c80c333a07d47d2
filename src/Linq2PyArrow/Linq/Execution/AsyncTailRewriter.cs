using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// Turns the compiled tail of a plan, <c>(IEnumerable&lt;TItem&gt; rows, object[] parameters) =&gt; rows.Op1(…).Op2(…)</c>,
/// into its asynchronous twin over the asynchronous scan, with the in-box System.Linq.AsyncEnumerable operators
/// (Where, OrderBy, Take, GroupBy…, and FirstAsync, CountAsync, SumAsync… for a final value), so async queries
/// never block a thread on the scan. Only the chain of operators applied to the rows changes; lambdas and
/// sub-queries inside them (over groupings and collections) stay LINQ to Objects.
/// </summary>
internal static class AsyncTailRewriter
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodInfo> s_counterparts = new();
    private static readonly MethodInfo ConvertResultMethod = typeof(AsyncTailRewriter).GetMethod(nameof(ConvertResult), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>(IAsyncEnumerable&lt;TItem&gt; rows, object[] parameters, CancellationToken) =&gt; IAsyncEnumerable&lt;TElement&gt; or ValueTask&lt;TResult&gt;.</summary>
    public static LambdaExpression Rewrite(LambdaExpression tail)
    {
        var rows = tail.Parameters[0];
        var item = EnumerableItem(rows.Type);
        var asyncRows = Expression.Parameter(typeof(IAsyncEnumerable<>).MakeGenericType(item), rows.Name);
        var cancellation = Expression.Parameter(typeof(CancellationToken), "cancellation");
        var body = new Rewriter(rows, asyncRows, cancellation).Spine(tail.Body) ?? throw new InvalidOperationException($"The tail {tail} does not start from the rows.");
        if (!IsSequence(tail.Body.Type) && body.Type != typeof(ValueTask<>).MakeGenericType(tail.Body.Type))
            throw new InvalidOperationException($"The async tail returns {body.Type}, not a ValueTask of {tail.Body.Type}.");
        return Expression.Lambda(body, asyncRows, tail.Parameters[1], cancellation);
    }

    /// <summary>A sequence argument (a sub-query's scan, a collection) as the async sequence the counterpart takes.</summary>
    private static Expression AsAsync(Expression argument, Type parameter)
    {
        if (!parameter.IsGenericType || parameter.GetGenericTypeDefinition() != typeof(IAsyncEnumerable<>))
            throw new InvalidOperationException($"Cannot pass {argument.Type} as {parameter}.");
        var item = parameter.GetGenericArguments()[0];
        return (Expression)typeof(ScanSequence<>).MakeGenericType(item).GetMethod(nameof(ScanSequence<int>.AsAsyncCall))!.Invoke(null, [argument])!;
    }

    private static async ValueTask<TTo> ConvertResult<TFrom, TTo>(ValueTask<TFrom> value) where TFrom : TTo => await value.ConfigureAwait(false);

    private static bool IsSequence(Type type) => type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static Type EnumerableItem(Type type) => Translation.EnumerableMethods.ElementType(type);

    private static Type AsyncItem(Type type) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>) ? type
            : type.GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))).GetGenericArguments()[0];

    private sealed class Rewriter(ParameterExpression rows, ParameterExpression asyncRows, ParameterExpression cancellation)
    {
        /// <summary>The async form of node if it is on the chain from the rows, else null.</summary>
        public Expression? Spine(Expression node)
        {
            switch (node)
            {
                case ParameterExpression parameter when parameter == rows:
                    return asyncRows;
                case UnaryExpression { NodeType: ExpressionType.Convert } convert when Spine(convert.Operand) is { } operand:
                    return Convert(operand, convert.Type);
                case MethodCallExpression call when (call.Method.DeclaringType == typeof(Enumerable) || call.Method.DeclaringType == typeof(TailOperators))
                                                    && call.Arguments.Count > 0
                                                    && Spine(call.Arguments[0]) is { } source:
                    return Call(call, source);
                default:
                    return null;
            }
        }

        /// <summary>A conversion on the chain: to a sequence interface (Reverse, Cast) or of the final value.</summary>
        private static Expression Convert(Expression operand, Type type)
        {
            if (operand.Type.IsGenericType && operand.Type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            {
                var from = operand.Type.GetGenericArguments()[0];
                return Expression.Call(ConvertResultMethod.MakeGenericMethod(from, type), operand);
            }
            if (type == typeof(System.Collections.IEnumerable))
            {
                // Cast/OfType read IAsyncEnumerable<object>: covariance covers references, values are boxed.
                var item = AsyncItem(operand.Type);
                if (!item.IsValueType) return Expression.Convert(operand, typeof(IAsyncEnumerable<object>));
                var x = Expression.Parameter(item, "x");
                var box = Expression.Lambda(Expression.Convert(x, typeof(object)), x);
                return Expression.Call(Counterpart(typeof(Enumerable).GetMethods().First(m => m.Name == nameof(Enumerable.Select)
                    && m.GetParameters()[1].ParameterType.GetGenericTypeDefinition() == typeof(Func<,>)).MakeGenericMethod(item, typeof(object))), operand, box);
            }
            return Expression.Convert(operand, typeof(IAsyncEnumerable<>).MakeGenericType(EnumerableItem(type)));
        }

        private Expression Call(MethodCallExpression call, Expression source)
        {
            var counterpart = Counterpart(call.Method);
            var parameters = counterpart.GetParameters();
            var arguments = new List<Expression> { source };
            for (var i = 1; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                if (i < call.Arguments.Count)
                {
                    var argument = call.Arguments[i];
                    arguments.Add(parameter.ParameterType.IsAssignableFrom(argument.Type) ? argument : AsAsync(argument, parameter.ParameterType));
                }
                else if (parameter.ParameterType == typeof(CancellationToken))
                {
                    arguments.Add(cancellation);
                }
                else
                {
                    arguments.Add(Expression.Constant(null, parameter.ParameterType));
                }
            }
            return Expression.Call(counterpart, arguments);
        }
    }

    /// <summary>AsyncEnumerable's operator for an Enumerable one: same name (or name + "Async"), same type arguments, same non-sequence parameters, then optional ones.</summary>
    private static MethodInfo Counterpart(MethodInfo method) => s_counterparts.GetOrAdd(method, static method =>
    {
        var parameters = method.GetParameters();
        if (method.DeclaringType == typeof(TailOperators))
            return typeof(TailOperators).GetMethod(method.Name + "Async")!.MakeGenericMethod(method.GetGenericArguments());
        if (Translation.EnumerableMethods.IsElementWithPredicate(method))
            return typeof(AsyncElementOperators).GetMethod(method.Name)!.MakeGenericMethod(method.GetGenericArguments());
        var element = parameters[0].ParameterType.IsGenericType ? EnumerableItem(parameters[0].ParameterType) : typeof(object);
        var typeArguments = method.IsGenericMethod ? method.GetGenericArguments() : [element];
        foreach (var candidate in typeof(AsyncEnumerable).GetMethods(BindingFlags.Public | BindingFlags.Static)
                     .Where(m => m.Name == method.Name || m.Name == method.Name + "Async"))
        {
            MethodInfo closed;
            if (candidate.IsGenericMethodDefinition)
            {
                var arguments = candidate.GetGenericArguments().Length == typeArguments.Length ? typeArguments : null;
                if (arguments is null) continue;
                try
                {
                    closed = candidate.MakeGenericMethod(arguments);
                }
                catch (ArgumentException)
                {
                    continue;
                }
            }
            else
            {
                closed = candidate;
            }
            if (Matches(closed.GetParameters(), parameters)) return closed;
        }
        throw new InvalidOperationException($"System.Linq.AsyncEnumerable has no counterpart of {method}.");
    });

    private static bool Matches(ParameterInfo[] candidate, ParameterInfo[] original)
    {
        if (candidate.Length < original.Length) return false;
        if (!IsAsyncOf(candidate[0].ParameterType, original[0].ParameterType)) return false;
        for (var i = 1; i < original.Length; i++)
        {
            var wanted = original[i].ParameterType;
            var offered = candidate[i].ParameterType;
            if (offered != wanted && !IsAsyncOf(offered, wanted)) return false;
        }
        return candidate.Skip(original.Length).All(p => p.IsOptional || p.ParameterType == typeof(CancellationToken));
    }

    /// <summary>IAsyncEnumerable&lt;T&gt; for IEnumerable&lt;T&gt;, IOrderedAsyncEnumerable&lt;T&gt; for IOrderedEnumerable&lt;T&gt;.</summary>
    private static bool IsAsyncOf(Type asyncType, Type syncType)
    {
        if (syncType == typeof(System.Collections.IEnumerable)) return asyncType == typeof(IAsyncEnumerable<object>);
        if (!asyncType.IsGenericType || !syncType.IsGenericType) return false;
        var asyncDefinition = asyncType.GetGenericTypeDefinition();
        var syncDefinition = syncType.GetGenericTypeDefinition();
        var sameItem = asyncType.GetGenericArguments()[0] == syncType.GetGenericArguments()[0];
        return sameItem && ((asyncDefinition == typeof(IAsyncEnumerable<>) && syncDefinition == typeof(IEnumerable<>))
                            || (asyncDefinition == typeof(IOrderedAsyncEnumerable<>) && syncDefinition == typeof(IOrderedEnumerable<>)));
    }
}
