using System.Linq.Expressions;
using System.Reflection;
using Linq2PyArrow.Linq.Execution;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;
using Remotion.Linq;
using Remotion.Linq.Clauses.Expressions;
using MemberBinding = Linq2PyArrow.Materialization.MemberBinding;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// Plans ForEachBatch/AggregateBatches over <c>Where</c> and <c>Select</c>: the predicate becomes the scan's pushed
/// filters and, per batch, a selection of the rows that pass it (the columns stay zero-copy); a Select that picks
/// columns (<c>r =&gt; r.Amount</c>, <c>r =&gt; new { r.Id, Total = r.Amount }</c>, ValueTuple.Create, a constructor
/// or member initializer of columns) names the batch's columns. Anything computed is left to the callback.
/// </summary>
internal static class BatchPlanner
{
    public static BatchPlan Plan(TranslationContext context, QueryModel model, IReadOnlyList<string>? columns, string method)
    {
        var root = RootQuery.Of(context, model);
        var builder = new ResidualBuilder(context);
        var source = context.Source;
        var projection = model.SelectClause.Selector is QuerySourceReferenceExpression whole && ReferenceEquals(whole.ReferencedQuerySource, root.From)
            ? null
            : Projection(model.SelectClause.Selector, root, builder, method);

        List<string> names, sourceColumns;
        if (projection is null)
        {
            var declared = source.Source.Schema.FieldsList.Select(f => f.Name).ToList();
            names = ColumnLayout.Match(declared, columns, column => new ArgumentException(
                $"Python data source '{source.Source.Name}' has no column '{column}'. Its columns: {string.Join(", ", declared)}.", nameof(columns)));
            sourceColumns = names;
        }
        else
        {
            var available = projection.Select(p => p.Name).ToList();
            names = ColumnLayout.Match(available, columns, column => new ArgumentException(
                $"The query's Select has no column '{column}'; its columns are: {string.Join(", ", available)}.", nameof(columns)));
            sourceColumns = names.Select(n => projection.First(p => p.Name == n).Column.Column).ToList();
        }

        var (scan, _) = ScanPlanner.Build(context, root, builder, root.Predicate, [], sourceColumns, null);
        var scanColumns = scan.Columns.ToList();
        var layout = new ColumnLayout(source.Source.Name, names, sourceColumns.Select(c => scanColumns.IndexOf(c)).ToArray());
        return new BatchPlan(scan, context.Parameters, layout);
    }

    /// <summary>The batch's columns a Select picks, by name; anything but a bare column is an error naming the fix.</summary>
    private static List<(string Name, MemberBinding Column)> Projection(Expression selector, RootQuery root, ResidualBuilder builder, string method)
    {
        MemberBinding Column(Expression part, string? name) =>
            part is MemberExpression { Expression: QuerySourceReferenceExpression reference } member
            && ReferenceEquals(reference.ReferencedQuerySource, root.From)
            && builder.Context.Source.Binding.Find(member.Member) is { } binding
                ? binding
                : throw new NotSupportedException(
                    $"{method} hands over the source's columns zero-copy, so the query's Select can only pick columns (r => r.Amount, " +
                    $"r => new {{ r.Id, Total = r.Amount }}), but {(name is null ? "it computes a value" : $"its '{name}' computes a value")}. " +
                    "Select the columns it needs and compute it inside the callback.");

        (string, MemberBinding) Named(string name, Expression part) => (name, Column(part, name));

        static string Item(int index) => "Item" + (index + 1);

        switch (selector)
        {
            case MemberExpression:
                var column = Column(selector, null);
                return [(column.Column, column)];
            case NewExpression created when created.Members is { } members:
                return created.Arguments.Select((a, i) => Named(members[i].Name, a)).ToList();
            case NewExpression created when RowBinding.IsValueTuple(created.Type):
                return created.Arguments.Select((a, i) => Named(Item(i), a)).ToList();
            case NewExpression created when created.Constructor is not null:
                return created.Arguments.Select((a, i) => Named(created.Constructor.GetParameters()[i].Name!, a)).ToList();
            case MethodCallExpression { Method: { DeclaringType: var type, Name: nameof(ValueTuple.Create) } } call when type == typeof(ValueTuple):
                return call.Arguments.Select((a, i) => Named(Item(i), a)).ToList();
            case MemberInitExpression init when init.NewExpression.Arguments.Count == 0 && init.Bindings.All(b => b is MemberAssignment):
                return init.Bindings.Cast<MemberAssignment>().Select(b => Named(b.Member.Name, b.Expression)).ToList();
            default:
                Column(selector, null); // throws with the message naming the fix
                return [];
        }
    }
}
