using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// The text of Explain(): what the source is asked for (columns, filters in the exact DNF it receives, limit,
/// and which hints it accepts) and what runs in .NET, with this execution's parameter values filled in.
/// </summary>
internal static class QueryExplainer
{
    public static string Explain(QueryPlan plan, object?[] values)
    {
        if (plan is not SlottedPlan slotted) return ExplainScan(plan, values);
        // Sub-queries are not run to explain a query: their values show as placeholders.
        var all = slotted.Placeholders(values);
        foreach (var slot in slotted.Slots) all[slot.Index] ??= new SlotPlaceholder(slot.Index);
        var text = new StringBuilder(ExplainScan(slotted.Main, all));
        foreach (var slot in slotted.Slots.OrderBy(s => s.Index))
        {
            text.Append("Sub-query @p").Append(slot.Index).Append(slot.Kind switch
            {
                SlotKind.Streamed => ", streamed once per execution to the operator that reads it:\n",
                SlotKind.Buffered => ", scanned once per execution and kept in memory for the lambda that reads it:\n",
                _ => ", a value computed once per execution before the scan:\n",
            });
            text.Append(ExplainScan(slot.Plan, all));
        }
        return text.ToString();
    }

    /// <summary>A sub-query's value in Explain (never pushed: the filter shows without it).</summary>
    private sealed record SlotPlaceholder(int Index)
    {
        public override string ToString() => "@p" + Index;
    }

    private static string ExplainScan(QueryPlan plan, object?[] values)
    {
        var scan = plan.Scan;
        var source = scan.Source.Source;
        var request = scan.Request(values, describe: true);
        var text = new StringBuilder();
        text.Append("Python source: ").Append(source.Name).Append('\n');
        if (scan.Source.Settings.DaskScheduler is not null)
            text.Append("Partitions run on dask ").Append(new Sources.Dask.DaskExecutor(scan.Source.Settings).Describe()).Append('\n');
        text.Append("Pushed to Python:\n");
        text.Append("  columns: ").Append(request.Columns is { Count: > 0 } columns ? string.Join(", ", columns) : "(none)")
            .Append(scan.RowCountOnly ? " (the cheapest column, for the row count: the query reads none)" : "")
            .Append(Accepted(source, "columns")).Append('\n');
        text.Append("  filters: ").Append(request.Filters is null ? "(none)" : FormatDnf(request.Filters))
            .Append(request.Filters is null ? "" : Accepted(source, "filters")).Append('\n');
        if (request.Filters is not null)
            text.Append("  partition pruning: ").Append(source.PlanAcceptsFilters ? "plan_partitions receives the filters" : "no (plan_partitions does not accept filters)").Append('\n');
        text.Append("  limit: ").Append(request.Limit is { } limit ? limit.ToString(CultureInfo.InvariantCulture) + Accepted(source, "limit") : "(none)").Append('\n');
        text.Append("Runs in .NET:\n");
        var display = new ValueDisplay(values);
        foreach (var (label, code) in plan.DotNetSteps())
        {
            text.Append("  ").Append(label);
            if (code is not ConstantExpression) text.Append(": ").Append(CSharpPrinter.Print(display.Visit(code)));
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Accepted(DataSource source, string hint) =>
        source.AcceptsHint(hint) ? "" : $" (read_partition does not accept {hint}: the source ignores it)";

    /// <summary>The filters as Python prints them: [[('id', '>', 5)], …].</summary>
    public static string FormatDnf(FilterDnf filters) =>
        "[" + string.Join(", ", filters.Disjuncts.Select(c => "[" + string.Join(", ", c.Select(t =>
            $"({PythonRepr(t.Column)}, {PythonRepr(t.Op)}, {PythonRepr(t.Value)})")) + "]")) + "]";

    internal static string PythonRepr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        double d => PythonFloat(d),
        decimal m => $"Decimal('{m.ToString(CultureInfo.InvariantCulture)}')",
        DateOnly date => $"datetime.date({date.Year}, {date.Month}, {date.Day})",
        DateTime dt => $"datetime.datetime({DateFields(dt)}{(dt.Kind == DateTimeKind.Utc ? ", tzinfo=datetime.timezone.utc" : "")})",
        DateTimeOffset dto => $"datetime.datetime({DateFields(dto.DateTime)}, tzinfo={Zone(dto.Offset)})",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(PythonRepr)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string PythonFloat(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return text.Contains('.') || text.Contains('e') ? text : text + ".0";
    }

    private static string DateFields(DateTime dt)
    {
        var fields = $"{dt.Year}, {dt.Month}, {dt.Day}, {dt.Hour}, {dt.Minute}";
        var micros = dt.Ticks % TimeSpan.TicksPerSecond / 10;
        if (dt.Second != 0 || micros != 0) fields += $", {dt.Second}";
        if (micros != 0) fields += $", {micros}";
        return fields;
    }

    private static string Zone(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "datetime.timezone.utc" : $"datetime.timezone(datetime.timedelta(seconds={(long)offset.TotalSeconds}))";

    /// <summary>Shows parameter reads as this execution's values.</summary>
    private sealed class ValueDisplay(object?[] values) : ExpressionVisitor
    {
        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (node is { NodeType: ExpressionType.Convert, Operand: BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: ParameterExpression { Name: "parameters" }, Right: ConstantExpression { Value: int index } } })
                return Value(index, node.Type);
            return base.VisitUnary(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node is { Method.Name: nameof(DeferredFailure.Unwrap), Arguments: [BinaryExpression { NodeType: ExpressionType.ArrayIndex, Right: ConstantExpression { Value: int index } }] }
                && node.Method.DeclaringType == typeof(DeferredFailure))
                return Value(index, node.Type);
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitExtension(Expression node) =>
            node is QueryParameterExpression parameter ? Value(parameter.Index, parameter.Type) : base.VisitExtension(node);

        /// <summary>This execution's value; a sub-query (not run to explain) by its name.</summary>
        private Expression Value(int index, Type type) =>
            values[index] is var value && (value is null ? !type.IsValueType || Nullable.GetUnderlyingType(type) is not null : type.IsInstanceOfType(value))
                ? Expression.Constant(value, type)
                : Expression.Parameter(type, "@p" + index);
    }
}
