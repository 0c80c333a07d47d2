using System.Linq.Expressions;
using Linq2PyArrow.Linq.Execution;
using Linq2PyArrow.Linq.Translation.ResultOperators;
using Remotion.Linq;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// Plans queries that need items: the scan projects, straight from the columns, exactly what the rest of the
/// query reads (the selector, or a GroupBy's key and element, plus ordering keys as extra tuple fields so sorting
/// never needs the row), and the tail runs the remaining operators with LINQ to Objects, through any enclosing
/// query models.
/// </summary>
internal static class PipelinePlanner
{
    /// <summary>Sorting keys travel in a ValueTuple with the item: 7 fields at most.</summary>
    private const int MaxTupleFields = 7;

    public static QueryPlan Plan(TranslationContext context, RootQuery root, IReadOnlyList<QueryModel> outer, Type resultType, bool sequence)
    {
        if (root.Operators.FirstOrDefault() is GroupResultOperator group
            && SlimGroupElements.For(group, root, outer, context.Source.Binding) is { } slim)
        {
            try
            {
                return Plan(context, root, outer, resultType, sequence, slim);
            }
            catch (Exception ex) when (ex is SlimGroupElements.Violation or ArgumentException or InvalidOperationException)
            {
                // The group elements are used as rows somewhere: plan again with whole rows.
            }
        }
        return Plan(context, root, outer, resultType, sequence, null);
    }

    private static QueryPlan Plan(TranslationContext context, RootQuery root, IReadOnlyList<QueryModel> outer, Type resultType, bool sequence,
        SlimGroupElements? slim)
    {
        var builder = new ResidualBuilder(context, slim);
        var operators = root.Operators.ToList();
        var group = operators.FirstOrDefault() as GroupResultOperator;
        // A count or Any after paging never looks at the items: project nothing but the rows' existence.
        var itemless = !sequence && outer.Count == 0 && operators is [.. var paging, CountResultOperator or LongCountResultOperator or AnyResultOperator]
                       && paging.All(op => op is TakeResultOperator or SkipResultOperator);

        var parts = new List<Expression>();
        if (group is not null) parts.AddRange([group.KeySelector, group.ElementSelector]);
        else parts.Add(itemless ? Expression.Constant(false) : root.Selector);
        var firstKey = parts.Count;
        parts.AddRange(root.Orderings.SelectMany(o => o.Orderings).Select(o => o.Expression));
        if (parts.Count > MaxTupleFields)
            throw context.Fail($"a query may sort by at most {MaxTupleFields - firstKey} keys.");

        var converted = parts.Select(p => builder.Convert(p, root.Scope)).ToList();
        if (slim is not null) converted[1] = slim.Project(root.Row);
        var projection = converted.Count == 1 ? converted[0] : Tuple(converted);
        var projector = EnumerableMethods.Lambda(root.Row, projection);
        var itemType = projection.Type;

        var rows = Expression.Parameter(typeof(IEnumerable<>).MakeGenericType(itemType), "rows");
        Expression sequenceSoFar = rows;
        var key = firstKey;
        foreach (var clause in root.Orderings)
        {
            for (var i = 0; i < clause.Orderings.Count; i++, key++)
            {
                var field = Field(itemType, key);
                sequenceSoFar = EnumerableMethods.Call(ResidualBuilder.OrderingMethod(i == 0, clause.Orderings[i].OrderingDirection),
                    [itemType, field.ReturnType], sequenceSoFar, field);
            }
        }

        SequenceState state;
        if (group is not null)
        {
            var groupKey = Field(itemType, 0);
            var element = Field(itemType, 1);
            sequenceSoFar = EnumerableMethods.Call(nameof(Enumerable.GroupBy), [itemType, groupKey.ReturnType, element.ReturnType], sequenceSoFar, groupKey, element);
            state = GroupByTranslator.Grouped(sequenceSoFar, group, Scope.Empty);
            operators.RemoveAt(0);
        }
        else
        {
            if (converted.Count > 1)
            {
                var item = Field(itemType, 0);
                sequenceSoFar = EnumerableMethods.Call(nameof(Enumerable.Select), [itemType, item.ReturnType], sequenceSoFar, item);
            }
            state = new SequenceState(sequenceSoFar, converted[0].Type, itemless ? null : root.Selector, Scope.Empty);
        }

        var result = builder.ApplyResultOperators(state, operators);
        foreach (var model in outer)
        {
            if (!typeof(System.Collections.IEnumerable).IsAssignableFrom(result.Type))
                throw context.Fail("a single value cannot be queried further.");
            var from = model.MainFromClause;
            var element = EnumerableMethods.ElementType(result.Type);
            var outerState = from.ItemType.IsAssignableFrom(element)
                ? SequenceState.Over(EnumerableMethods.AsSequenceOf(result, from.ItemType), from, Scope.Empty)
                : new SequenceState(result, slim is not null ? element : throw new InvalidOperationException($"{element} items for {from}."),
                    new Remotion.Linq.Clauses.Expressions.QuerySourceReferenceExpression(from), Scope.Empty);
            outerState = builder.ApplyBodyClauses(outerState, model.BodyClauses);
            outerState = builder.ApplySelect(outerState, model.SelectClause.Selector);
            result = builder.ApplyResultOperators(outerState, model.ResultOperators);
        }

        // Whole rows that the rest of the query only reads members of: build them with just those members.
        var final = sequence ? typeof(IEnumerable<>).MakeGenericType(resultType) : resultType;
        if (group is null && !itemless && converted[0] == root.Row
            && Composite.RowPruning.Projection(root.Row, result, final, context.Source.Binding) is { } partial)
        {
            converted[0] = partial;
            projector = EnumerableMethods.Lambda(root.Row, converted.Count == 1 ? partial : Tuple(converted));
        }

        var limit = ScanPlanner.LimitSteps(root, root.Operators, context);
        var (scan, compiler) = ScanPlanner.Build(context, root, builder, root.Predicate, [projector], [], limit);
        var expected = sequence ? typeof(IEnumerable<>).MakeGenericType(resultType) : resultType;
        if (slim is not null && !expected.IsAssignableFrom(result.Type)) throw new SlimGroupElements.Violation(); // the groupings themselves are the result
        return sequence
            ? SequencePlan(context, scan, compiler, projector, rows, result, resultType)
            : ScalarPlan(context, scan, compiler, projector, rows, result, resultType);
    }

    private static QueryPlan SequencePlan(TranslationContext context, ScanTemplate scan, Materialization.RowCompiler compiler,
        LambdaExpression projector, ParameterExpression rows, Expression result, Type elementType)
    {
        var sequenceType = typeof(IEnumerable<>).MakeGenericType(elementType);
        if (!sequenceType.IsAssignableFrom(result.Type)) result = Expression.Convert(result, sequenceType);
        LambdaExpression? tail = result == rows && rows.Type == sequenceType
            ? null
            : Expression.Lambda(typeof(Func<,,>).MakeGenericType(rows.Type, typeof(object[]), sequenceType), result, rows, context.Values);
        var itemType = projector.ReturnType;
        return (QueryPlan)Activator.CreateInstance(typeof(SequencePipelinePlan<,>).MakeGenericType(itemType, elementType),
            scan, context.Parameters, compiler, projector, tail, context.Values)!;
    }

    private static QueryPlan ScalarPlan(TranslationContext context, ScanTemplate scan, Materialization.RowCompiler compiler,
        LambdaExpression projector, ParameterExpression rows, Expression result, Type resultType)
    {
        if (result.Type != resultType) result = Expression.Convert(result, resultType);
        var tail = Expression.Lambda(typeof(Func<,,>).MakeGenericType(rows.Type, typeof(object[]), resultType), result, rows, context.Values);
        return (QueryPlan)Activator.CreateInstance(typeof(ScalarPipelinePlan<,>).MakeGenericType(projector.ReturnType, resultType),
            scan, context.Parameters, compiler, projector, tail, context.Values)!;
    }

    private static NewExpression Tuple(IReadOnlyList<Expression> parts)
    {
        var type = System.Type.GetType($"System.ValueTuple`{parts.Count}")!.MakeGenericType(parts.Select(p => p.Type).ToArray());
        return Expression.New(type.GetConstructor(parts.Select(p => p.Type).ToArray())!, parts);
    }

    /// <summary>t =&gt; t.Item{index + 1}.</summary>
    private static LambdaExpression Field(Type tuple, int index)
    {
        var t = Expression.Parameter(tuple, "t");
        return EnumerableMethods.Lambda(t, Expression.Field(t, "Item" + (index + 1)));
    }
}
