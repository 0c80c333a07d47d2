using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Linq.Translation.ResultOperators;
using Remotion.Linq;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.Expressions;
using Remotion.Linq.Parsing;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// Generates the LINQ-to-Objects code for everything that runs in .NET after the scan: body clauses, select
/// clauses and result operators of re-linq query models, sub-queries over groupings and collections inside
/// lambdas. The output uses the real Enumerable operators with the user's lambdas, so it has LINQ to Objects'
/// semantics by construction; it is compiled once per plan.
/// </summary>
internal sealed class ResidualBuilder(TranslationContext context, SlimGroupElements? slim = null)
{
    public TranslationContext Context => context;

    /// <summary>Group elements projected as tuples instead of rows, if this translation uses them.</summary>
    public SlimGroupElements? Slim => slim;

    /// <summary>Executable code for a re-linq expression: query sources from the scope, sub-queries as LINQ calls.</summary>
    public Expression Convert(Expression expression, Scope scope) => new Converter(this, scope).Visit(expression);

    /// <summary>A lambda over the items of <paramref name="state"/> for an expression in query-source terms.</summary>
    public LambdaExpression ItemLambda(SequenceState state, Expression body)
    {
        var parameter = Expression.Parameter(state.ItemType, ParameterName(state.Item));
        var resolved = state.Item is null ? null : ReverseResolver.Resolve(body, state.Item, parameter, slim);
        if (resolved is null)
            throw context.Fail($"the expression '{FormatRelinq(body)}' refers to values that the items at that point of the query no longer carry.");
        return EnumerableMethods.Lambda(parameter, Convert(resolved, state.Scope));
    }

    /// <summary>An in-memory sub-query (over a grouping, a collection member or a captured collection).</summary>
    public Expression SubQuery(QueryModel model, Scope scope)
    {
        var from = model.MainFromClause;
        var source = from.FromExpression is QuerySourceReferenceExpression reference && scope.Find(reference.ReferencedQuerySource) is { } found
            ? found
            : Convert(from.FromExpression, scope);
        var element = source.Type.IsGenericType ? EnumerableMethods.ElementType(source.Type) : null;
        var state = element is not null && slim is not null && slim.IsSlim(element)
            ? new SequenceState(source, element, new QuerySourceReferenceExpression(from), scope)
            : SequenceState.Over(EnumerableMethods.AsSequenceOf(source, from.ItemType), from, scope);
        state = ApplyBodyClauses(state, model.BodyClauses);
        state = ApplySelect(state, model.SelectClause.Selector);
        return ApplyResultOperators(state, model.ResultOperators);
    }

    public SequenceState ApplyBodyClauses(SequenceState state, IEnumerable<IBodyClause> clauses)
    {
        foreach (var clause in clauses)
        {
            switch (clause)
            {
                case WhereClause where:
                    state = state.With(EnumerableMethods.Call(nameof(Enumerable.Where), [state.ItemType], state.Sequence, ItemLambda(state, where.Predicate)));
                    break;
                case OrderByClause orderBy:
                    for (var i = 0; i < orderBy.Orderings.Count; i++)
                    {
                        var ordering = orderBy.Orderings[i];
                        var key = ItemLambda(state, ordering.Expression);
                        state = state.With(EnumerableMethods.Call(OrderingMethod(i == 0, ordering.OrderingDirection), [state.ItemType, key.ReturnType], state.Sequence, key));
                    }
                    break;
                default:
                    throw context.Fail("SelectMany, Join and GroupJoin (several from clauses) are not supported.");
            }
        }
        return state;
    }

    public static string OrderingMethod(bool first, OrderingDirection direction) => (first, direction) switch
    {
        (true, OrderingDirection.Asc) => nameof(Enumerable.OrderBy),
        (true, _) => nameof(Enumerable.OrderByDescending),
        (false, OrderingDirection.Asc) => nameof(Enumerable.ThenBy),
        _ => nameof(Enumerable.ThenByDescending),
    };

    public SequenceState ApplySelect(SequenceState state, Expression selector)
    {
        if (state.Item is not null && StructuralEquality.Equal(selector, state.Item)) return state;
        var lambda = ItemLambda(state, selector);
        var sequence = EnumerableMethods.Call(nameof(Enumerable.Select), [state.ItemType, lambda.ReturnType], state.Sequence, lambda);
        return new SequenceState(sequence, lambda.ReturnType, selector, state.Scope);
    }

    /// <summary>Applies result operators in order; the result is a sequence or, after a value operator, that value.</summary>
    public Expression ApplyResultOperators(SequenceState state, IEnumerable<ResultOperatorBase> operators)
    {
        Expression? value = null;
        foreach (var op in operators)
        {
            if (value is not null) throw context.Fail($"{op} cannot follow an operator that returns a single value.");
            var outcome = Operators.OperatorRegistry.Translator(op, context).Apply(op, state, this);
            if (outcome.Sequence is not null) state = outcome.Sequence;
            else value = outcome.Value;
        }
        return value ?? state.Sequence;
    }

    public static string ParameterName(Expression? item) =>
        item is QuerySourceReferenceExpression { ReferencedQuerySource.ItemName: var name } && !name.StartsWith('<') ? name : "x";

    internal static string FormatRelinq(Expression expression) => CSharpPrinter.Print(expression);

    private sealed class Converter(ResidualBuilder builder, Scope scope) : RelinqExpressionVisitor
    {
        protected override Expression VisitQuerySourceReference(QuerySourceReferenceExpression expression)
        {
            var value = scope.Find(expression.ReferencedQuerySource)
                ?? throw builder.Context.Fail($"the range variable '{expression.ReferencedQuerySource.ItemName}' is used where it is not available.");
            // A slim group element (or grouping of them) used as a whole, where the query needs the row.
            if (!expression.Type.IsAssignableFrom(value.Type)) throw new SlimGroupElements.Violation();
            return value;
        }

        protected override Expression VisitSubQuery(SubQueryExpression expression)
        {
            var result = builder.SubQuery(expression.QueryModel, scope);
            if (result.Type == expression.Type) return result;
            if (expression.Type.IsAssignableFrom(result.Type)) return Expression.Convert(result, expression.Type);
            // Only slim group elements change types; the parent (a member read) may still map them to fields.
            return builder.Slim is not null ? result : throw new InvalidOperationException($"Sub-query {expression} translated to {result.Type}.");
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (builder.Slim is { } slim && node.Expression is QuerySourceReferenceExpression reference && scope.Find(reference.ReferencedQuerySource) is { } target
                && !node.Expression.Type.IsAssignableFrom(target.Type))
                return slim.Access(target, node.Member) ?? throw new SlimGroupElements.Violation();
            if (builder.Slim is { } slimmed && node.Expression is not null and not QuerySourceReferenceExpression)
            {
                var inner = Visit(node.Expression);
                if (!node.Expression.Type.IsAssignableFrom(inner.Type)) return slimmed.Access(inner, node.Member) ?? throw new SlimGroupElements.Violation();
                return node.Update(inner);
            }
            return base.VisitMember(node);
        }

        protected override Expression VisitExtension(Expression node) => node switch
        {
            QueryParameterExpression parameter => parameter.Read(builder.Context.Values),
            OpaqueCallExpression opaque => ((OpaqueCallExpression)base.VisitExtension(opaque)).Method,
            _ => base.VisitExtension(node),
        };
    }
}
