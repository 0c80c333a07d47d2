using System.Linq.Expressions;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.Expressions;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// A LINQ-to-Objects sequence being built, and how its items relate to re-linq's query sources. re-linq writes
/// every expression in terms of query sources (a result operator's predicate after a Select reads
/// <c>[r].Score &gt; 1</c>, not <c>x &gt; 1</c>); <see cref="Item"/> is the current item in those terms, so such
/// expressions can be turned back into lambdas over the items (<see cref="ReverseResolver"/>).
/// </summary>
/// <param name="Sequence">An IEnumerable&lt;ItemType&gt; expression.</param>
/// <param name="ItemType">The element type.</param>
/// <param name="Item">The current item in query-source terms; null when unknown (nothing may refer to it).</param>
/// <param name="Scope">Query sources of enclosing queries (for sub-queries over groupings and collections).</param>
internal sealed record SequenceState(Expression Sequence, Type ItemType, Expression? Item, Scope Scope)
{
    /// <summary>The state whose items are those of a query source (before the query's select).</summary>
    public static SequenceState Over(Expression sequence, IQuerySource source, Scope scope) =>
        new(sequence, source.ItemType, new QuerySourceReferenceExpression(source), scope);

    public SequenceState With(Expression sequence) => this with { Sequence = sequence };
}
