using System.Linq.Expressions;
using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Parsing.Structure;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// Guards re-linq against what it would mis-parse. The query's own chain must consist of LINQ operators
/// (Queryable's; a method of another class cannot run anywhere but in its own provider). Inside lambdas, a call
/// re-linq would take for an operator it does not really support (MinBy over a list member, Contains with a
/// comparer…) is hidden from it in an <see cref="OpaqueCallExpression"/> and runs as written.
/// </summary>
internal static class QueryValidator
{
    private static readonly INodeTypeProvider NodeTypes = ExpressionTreeParser.CreateDefaultNodeTypeProvider();

    /// <summary>Throws for a method on the query's own chain that is not a Queryable operator (checked on the user's expression).</summary>
    public static void CheckOperators(Expression expression)
    {
        for (var current = expression; current is MethodCallExpression call; current = call.Arguments.Count > 0 ? call.Arguments[0] : null)
        {
            if (call.Method.DeclaringType != typeof(Queryable))
                throw new QueryTranslationException(ExpressionDisplay.Print(call),
                    $"{call.Method.DeclaringType?.Name}.{call.Method.Name} is not a LINQ operator, so it can only run in its own provider. " +
                    "Call it on the results instead (after AsEnumerable() or ToList()).");
        }
    }

    /// <summary>Wraps calls inside lambdas that re-linq would parse as operators but cannot handle.</summary>
    public static Expression HideUnsupportedCalls(Expression expression) => new Hider().Visit(expression);

    private sealed class Hider : ExpressionVisitor
    {
        private int _lambdaDepth;

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            _lambdaDepth++;
            try
            {
                return base.VisitLambda(node);
            }
            finally
            {
                _lambdaDepth--;
            }
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var visited = (MethodCallExpression)base.VisitMethodCall(node);
            if (_lambdaDepth == 0 || !NodeTypes.IsRegistered(visited.Method) || IsParsable(visited.Method)) return visited;
            return new OpaqueCallExpression(visited);
        }

        /// <summary>
        /// Operators re-linq parses correctly. First/Single/Last with a predicate stay as written too: re-linq would
        /// turn the predicate into a where clause, and LINQ's "no matching element" message with it.
        /// </summary>
        private static bool IsParsable(System.Reflection.MethodInfo method) =>
            (OperatorRegistry.IsPushable(method) && !OperatorRegistry.IsElementWithPredicate(method))
            || (!method.IsStatic && method.Name == nameof(List<int>.Contains) && method.GetParameters().Length == 1);
    }
}
