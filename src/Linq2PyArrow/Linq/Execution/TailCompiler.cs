using System.Linq.Expressions;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// Compiles a plan's .NET part (a lambda over the scanned items that calls LINQ to Objects with the user's lambdas)
/// once, including the lambdas nested in it.
/// </summary>
/// <remarks>
/// Expression.Compile emits each nested lambda as its own dynamic method and creates its delegate every time the
/// outer one runs, through reflection (DynamicMethod.CreateDelegate, a few microseconds each): for a cached query
/// with an OrderBy and a Select in .NET that was a fifth of the whole execution. A nested lambda that uses no
/// variable of the lambdas around it is the same delegate every time, so it is compiled here once and the tree
/// holds the delegate as a constant. Lambdas that read an enclosing parameter (a closure) keep the default.
/// </remarks>
internal static class TailCompiler
{
    public static Delegate Compile(LambdaExpression lambda) => Hoist(lambda).Compile();

    /// <summary>The lambda with its closure-free nested lambdas replaced by compiled delegates.</summary>
    public static LambdaExpression Hoist(LambdaExpression lambda) =>
        Expression.Lambda(lambda.Type, new Hoister().Visit(lambda.Body), lambda.Name, lambda.TailCall, lambda.Parameters);

    private sealed class Hoister : ExpressionVisitor
    {
        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            var body = Visit(node.Body);
            var rewritten = node.Update(body, node.Parameters);
            return FreeVariables.Any(rewritten) ? rewritten : Expression.Constant(rewritten.Compile(), rewritten.Type);
        }

        // A quoted lambda is data (an expression tree argument), not code to compile.
        protected override Expression VisitUnary(UnaryExpression node) => node.NodeType == ExpressionType.Quote ? node : base.VisitUnary(node);
    }

    /// <summary>Whether a lambda reads a parameter or variable it does not declare itself.</summary>
    private sealed class FreeVariables : ExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> _declared = [];
        private bool _found;

        public static bool Any(LambdaExpression lambda)
        {
            var finder = new FreeVariables();
            finder.Visit(lambda);
            return finder._found;
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            _declared.UnionWith(node.Parameters);
            return base.VisitLambda(node);
        }

        protected override Expression VisitBlock(BlockExpression node)
        {
            _declared.UnionWith(node.Variables);
            return base.VisitBlock(node);
        }

        protected override CatchBlock VisitCatchBlock(CatchBlock node)
        {
            if (node.Variable is not null) _declared.Add(node.Variable);
            return base.VisitCatchBlock(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (!_declared.Contains(node)) _found = true;
            return node;
        }
    }
}
