namespace Linq2PyArrow.Linq.Operators;

/// <summary>Where: re-linq's where clauses, planned by the scan (pushed DNF, compiled filter).</summary>
[Translates(nameof(Queryable.Where))]
internal sealed class WhereOperator : IQueryOperator
{
    public bool Accepts(Overload overload) => overload.Count == 2 && overload.IsLambda(1, 2);

    public string Pushed => "filters: comparisons of a column with a value, combined with and, or, not; Contains over a list; bool columns (a DNF the source may apply)";

    public string InDotNet => "the whole predicate, compiled over the Arrow columns";
}

/// <summary>Select: the select clause, projected straight from the columns.</summary>
[Translates(nameof(Queryable.Select))]
internal sealed class SelectOperator : IQueryOperator
{
    public bool Accepts(Overload overload) => overload.Count == 2 && overload.IsLambda(1, 2);

    public string Pushed => "columns: only those the projection reads";

    public string InDotNet => "the projection, compiled over the Arrow columns";
}

/// <summary>Orderings: re-linq's order-by clauses; Order() and OrderDescending() are rewritten to them.</summary>
[Translates(nameof(Queryable.OrderBy), nameof(Queryable.OrderByDescending), nameof(Queryable.ThenBy), nameof(Queryable.ThenByDescending),
    nameof(Queryable.Order), nameof(Queryable.OrderDescending))]
internal sealed class OrderingOperator : IQueryOperator
{
    public bool Accepts(Overload overload) =>
        overload.Name is nameof(Queryable.Order) or nameof(Queryable.OrderDescending) ? overload.Count == 1 : overload.Count == 2 && overload.IsLambda(1, 2);

    public string Pushed => "the key columns (no limit is pushed past an ordering)";

    public string InDotNet => "LINQ's stable sort of the projected items (keys carried beside them)";
}

/// <summary>
/// Every other operator, and the overloads the translators above do not take (a comparer, an index, a Range…):
/// LINQ to Objects runs them over the items the pushable part of the query streams.
/// </summary>
[Translates(EverythingElse = true)]
internal sealed class DotNetOperator : IQueryOperator
{
    public bool Accepts(Overload overload) => true;

    public string Pushed => "what comes before it (columns, filters, limit); ElementAt(n) and Take(a..b) push a limit; sub-queries over sources are scanned once with their own pushdown";

    public string InDotNet => "LINQ to Objects, over the streamed items";
}
