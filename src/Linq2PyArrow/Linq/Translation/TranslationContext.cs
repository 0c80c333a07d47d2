using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>What every part of one translation shares: the source, the parameters, and the query for messages.</summary>
internal sealed class TranslationContext(PythonQueryProvider provider, Expression original, QueryParameterizer.ParameterBinder parameters,
    SlotTable? slots = null)
{
    public PythonQueryProvider Provider { get; } = provider;

    /// <summary>Sub-queries over sources, shared by every context of one translation.</summary>
    public SlotTable Slots { get; } = slots ?? new SlotTable(parameters.Count);

    /// <summary>The context for a sub-query over another source of the same query (same parameters and slots).</summary>
    public TranslationContext For(PythonQueryProvider other) => new(other, original, Parameters, Slots);
    public SourceContext Source => Provider.Context;
    public QueryParameterizer.ParameterBinder Parameters { get; } = parameters;

    /// <summary>The object[] every compiled piece of the plan reads parameter values from.</summary>
    public ParameterExpression Values { get; } = Expression.Parameter(typeof(object[]), "parameters");

    /// <summary>
    /// The query's final operator when it is First/Single/Last(OrDefault) with a predicate: re-linq moved the predicate
    /// into a where clause, but LINQ's messages still say "no matching element", so it runs in its predicate form.
    /// </summary>
    public Remotion.Linq.Clauses.ResultOperatorBase? ElementWithPredicate { get; set; }

    /// <summary>True for the constant that is this provider's root query.</summary>
    public bool IsRoot(Expression expression) =>
        expression is ConstantExpression { Value: IQueryable query } && ReferenceEquals(query.Provider, Provider);

    /// <summary>A translation error quoting the user's query.</summary>
    public QueryTranslationException Fail(string reason) => new(ExpressionDisplay.Print(original), reason);
}

/// <summary>
/// The sub-queries of one translation, in the order their values are bound (a sub-query's own sub-queries come
/// first), and the parameter indices they occupy after the query's own parameters.
/// </summary>
internal sealed class SlotTable(int first)
{
    private int _next = first;

    public List<Execution.QuerySlot> Slots { get; } = [];

    /// <summary>The length of an execution's parameter values with every slot.</summary>
    public int Count => _next;

    public int Allocate() => _next++;
}
