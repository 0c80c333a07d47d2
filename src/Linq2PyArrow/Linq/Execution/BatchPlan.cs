using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// ForEachBatch/AggregateBatches over a query with Where and Select: the scan with its pushed filters, the compiled
/// predicate that selects each batch's rows, and the batch's columns by name.
/// </summary>
internal sealed class BatchPlan(ScanTemplate scan, QueryParameterizer.ParameterBinder parameters, ColumnLayout layout) : QueryPlan(scan, parameters)
{
    public TState Run<TState>(object?[] values, TState seed, ColumnBatchAggregator<TState> aggregator, CancellationToken cancellation) =>
        BatchLoop.Run(Scan.Source.Source, Scan.Source.Settings, Scan.Request(values), layout, new BatchSelection(Scan.Filter, values), seed,
            aggregator, cancellation);

    public Task<TState> RunAsync<TState>(object?[] values, TState seed, ColumnBatchAggregator<TState> aggregator, CancellationToken cancellation) =>
        BatchLoop.RunAsync(Scan.Source.Source, Scan.Source.Settings, Scan.Request(values), layout, new BatchSelection(Scan.Filter, values), seed,
            aggregator, cancellation);

    public override IEnumerable<(string Label, Expression Code)> DotNetSteps()
    {
        if (Scan.Filter is not null) yield return ("selection", Scan.Filter.Predicate);
        yield return ($"batches of columns {string.Join(", ", layout.Names)} to the callback", Expression.Constant(layout.Names.Count));
    }
}
