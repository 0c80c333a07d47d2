using System.Linq.Expressions;
using Remotion.Linq;
using Remotion.Linq.Clauses;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// The query model that reads the source itself (the innermost one when operators were applied in an order
/// that made re-linq nest models): its where clauses (all of them run at the scan, in .NET and as pushed hints),
/// orderings, selector and result operators, in terms of the row parameter.
/// </summary>
internal sealed class RootQuery
{
    private RootQuery(TranslationContext context, QueryModel model)
    {
        From = model.MainFromClause;
        Row = Expression.Parameter(context.Source.Binding.RowType, ResidualBuilder.ParameterName(new Remotion.Linq.Clauses.Expressions.QuerySourceReferenceExpression(From)));
        Scope = Scope.Empty.With(From, Row);
        foreach (var clause in model.BodyClauses)
        {
            switch (clause)
            {
                case WhereClause where:
                    Predicate = Predicate is null ? where.Predicate : Expression.AndAlso(Predicate, where.Predicate);
                    break;
                case OrderByClause orderBy:
                    Orderings.Add(orderBy);
                    break;
                default:
                    throw context.Fail("SelectMany, Join and GroupJoin (several from clauses) are not supported.");
            }
        }
        Selector = model.SelectClause.Selector;
        Operators = model.ResultOperators;
    }

    public static RootQuery Of(TranslationContext context, QueryModel model) => new(context, model);

    public MainFromClause From { get; }

    /// <summary>The row parameter of every lambda the scan compiles.</summary>
    public ParameterExpression Row { get; }

    public Scope Scope { get; }

    /// <summary>All where clauses joined with AndAlso (re-linq terms), or null.</summary>
    public Expression? Predicate { get; }

    public List<OrderByClause> Orderings { get; } = [];
    public Expression Selector { get; }
    public IList<ResultOperatorBase> Operators { get; }

    /// <summary>row =&gt; body, for an expression in re-linq terms.</summary>
    public LambdaExpression RowLambda(ResidualBuilder builder, Expression body) =>
        EnumerableMethods.Lambda(Row, builder.Convert(body, Scope));
}
