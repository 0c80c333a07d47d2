using System.Linq.Expressions;
using Linq2PyArrow.Linq.Execution;
using Linq2PyArrow.Linq.Translation.ResultOperators;
using Linq2PyArrow.Materialization;
using MemberBinding = Linq2PyArrow.Materialization.MemberBinding;
using Linq2PyArrow.Materialization.Kernels;
using Linq2PyArrow.Materialization.Readers;
using Remotion.Linq.Clauses.Expressions;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// Queries answered without building rows: Count/LongCount (only the cheapest column without a predicate), Any, All and
/// Contains as "does a row pass the filter" (All(p) as no row passing "filter and not p", Contains(v) as any row
/// whose value equals v), and Sum/Min/Max/Average of a column (possibly widened or made nullable).
/// </summary>
internal static class KernelPlanner
{
    public static QueryPlan? TryPlan(TranslationContext context, RootQuery root, Type resultType)
    {
        if (root.Operators is not [var op]) return null;
        var builder = new ResidualBuilder(context);
        switch (op)
        {
            case CountResultOperator or LongCountResultOperator:
                return Plan(context, root, builder, resultType, op is CountResultOperator ? KernelKind.Count : KernelKind.LongCount, root.Predicate, null, null);
            case AnyResultOperator:
                return Plan(context, root, builder, resultType, KernelKind.Exists, root.Predicate, null, [LimitStep.Need(1)]);
            case AllResultOperator all:
                return Plan(context, root, builder, resultType, KernelKind.NotExists, And(root.Predicate, Expression.Not(all.Predicate)), null, null);
            case ContainsResultOperator contains:
                return Plan(context, root, builder, resultType, KernelKind.Exists, And(root.Predicate, Equal(root.Selector, contains.Item)), null, null);
            case SumResultOperator or MinResultOperator or MaxResultOperator or AverageResultOperator:
                if (Aggregate(context, root, op) is not { } aggregate) return null;
                return Plan(context, root, builder, resultType, KernelKind.Aggregate, root.Predicate, aggregate, null);
            default:
                return null;
        }
    }

    private static QueryPlan Plan(TranslationContext context, RootQuery root, ResidualBuilder builder, Type resultType, KernelKind kind,
        Expression? predicate, (AggregateKind Kind, MemberBinding Member, Type Value, bool Nullable, NullHandling Nulls)? aggregate,
        IReadOnlyList<LimitStep>? limit)
    {
        var columns = aggregate is { } a ? [a.Member.Column] : Array.Empty<string>();
        var (scan, _) = ScanPlanner.Build(context, root, builder, predicate, [], columns, limit);
        ColumnAggregate? column = null;
        var steps = new List<(string, Expression)>();
        if (scan.Filter is not null) steps.Add(("filter", scan.Filter.Predicate));
        if (aggregate is { } spec)
        {
            var ordinal = scan.Columns.ToList().IndexOf(spec.Member.Column);
            column = ColumnAggregate.Create(spec.Kind, spec.Value, spec.Nullable, spec.Nulls, spec.Member, ordinal, context.Source.Source.Name)!;
            steps.Add(($"{spec.Kind} kernel over column '{spec.Member.Column}' as {Parsing.CSharpPrinter.TypeName(spec.Value)}{(spec.Nullable ? "?" : "")}", root.RowLambda(builder, root.Selector)));
        }
        else
        {
            steps.Add((kind switch
            {
                KernelKind.Count => "Count kernel (counts selected rows)",
                KernelKind.LongCount => "LongCount kernel (counts selected rows)",
                KernelKind.Exists => "exists kernel (stops at the first selected row)",
                _ => "not-exists kernel (stops at the first selected row)",
            }, Expression.Constant(kind)));
        }
        return (QueryPlan)Activator.CreateInstance(typeof(KernelPlan<>).MakeGenericType(resultType),
            scan, context.Parameters, kind, column, steps)!;
    }

    private static Expression And(Expression? left, Expression right) => left is null ? right : Expression.AndAlso(left, right);

    /// <summary>EqualityComparer&lt;T&gt;.Default.Equals(selector, item): Contains' own equality (NaN equals NaN, Equals for objects).</summary>
    private static Expression Equal(Expression selector, Expression item)
    {
        var comparer = typeof(EqualityComparer<>).MakeGenericType(selector.Type);
        var instance = Expression.Property(null, comparer.GetProperty(nameof(EqualityComparer<int>.Default))!);
        var value = item.Type == selector.Type ? item : Expression.Convert(item, selector.Type);
        return Expression.Call(instance, comparer.GetMethod(nameof(EqualityComparer<int>.Equals), [selector.Type, selector.Type])!, selector, value);
    }

    /// <summary>Sum/Min/Max/Average of <c>[r].Member</c>, possibly widened or lifted to Nullable; null for anything else.</summary>
    private static (AggregateKind, MemberBinding, Type, bool, NullHandling)? Aggregate(TranslationContext context, RootQuery root, Remotion.Linq.Clauses.ResultOperatorBase op)
    {
        var selector = root.Selector;
        var result = selector.Type;
        var node = selector;
        while (node is UnaryExpression { NodeType: ExpressionType.Convert, Method: null } convert && IsWidening(convert.Operand.Type, convert.Type))
            node = convert.Operand;
        if (node is not MemberExpression { Expression: QuerySourceReferenceExpression reference } member
            || !ReferenceEquals(reference.ReferencedQuerySource, root.From)
            || context.Source.Binding.Find(member.Member) is not { } binding)
            return null;
        var nullable = Nullable.GetUnderlyingType(result) is not null;
        var value = Nullable.GetUnderlyingType(result) ?? result;
        var kind = op switch
        {
            SumResultOperator => AggregateKind.Sum,
            MinResultOperator => AggregateKind.Min,
            MaxResultOperator => AggregateKind.Max,
            _ => AggregateKind.Average,
        };
        if (!ColumnAggregate.Supports(kind, value)) return null;
        var nulls = binding.Required ? NullHandling.Reject : nullable ? NullHandling.Skip : NullHandling.Throw;
        return (kind, binding, value, nullable, nulls);
    }

    private static bool IsWidening(Type from, Type to)
    {
        var core = Nullable.GetUnderlyingType(to) ?? to;
        var fromCore = Nullable.GetUnderlyingType(from) ?? from;
        return core == fromCore || NumericWidening.IsLossless(fromCore, core);
    }
}
