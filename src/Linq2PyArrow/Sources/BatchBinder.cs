using Apache.Arrow;
using Linq2PyArrow.Arrow;

namespace Linq2PyArrow.Sources;

/// <summary>
/// Checks each batch against the declared schema by column name (order may differ, extra columns are ignored)
/// and locates the needed columns. Columns the query needs must be present; declared columns that are present
/// must have a compatible type.
/// </summary>
internal sealed class BatchBinder
{
    private readonly DataSource _source;
    private readonly Field[] _needed;
    private readonly DeferredReleases? _releases;
    private Bound? _last;   // shared by the scan's workers: replaced as a whole, never mutated

    public BatchBinder(DataSource source, IReadOnlyList<string> neededColumns, DeferredReleases? releases = null)
    {
        _source = source;
        _releases = releases;
        _needed = neededColumns.Select(c => source.Schema.GetFieldByName(c)
            ?? throw new InvalidOperationException($"Column '{c}' is not in the schema of {source.Name}.")).ToArray();
    }

    public IReadOnlyList<Field> Needed => _needed;

    /// <summary>Binds the batch, which it owns from here on: when the schema check fails, the batch is released.</summary>
    public ScanBatch Bind(ImportedBatch imported, Partition partition, long firstRow)
    {
        try
        {
            return new(imported, partition.Index, BoundFor(imported.Batch.Schema, partition).Ordinals, firstRow, _releases);
        }
        catch
        {
            imported.Dispose();
            throw;
        }
    }

    /// <summary>Which columns of a batch with this schema to import (null: all); checks the schema first.</summary>
    public bool[]? ColumnsToImport(Schema schema, Partition partition) => BoundFor(schema, partition).Selected;

    private Bound BoundFor(Schema schema, Partition partition)
    {
        // Streams share one Schema object across their batches, and the import caches equal schemas, so the
        // check runs once per distinct schema in the common case.
        var last = Volatile.Read(ref _last);
        if (last is null || !ReferenceEquals(last.Schema, schema))
        {
            var ordinals = Check(schema, partition);
            var selected = new bool[schema.FieldsList.Count];
            foreach (var ordinal in ordinals) selected[ordinal] = true;
            last = new Bound(schema, ordinals, System.Array.TrueForAll(selected, s => s) ? null : selected);
            Volatile.Write(ref _last, last);
        }
        return last;
    }

    private sealed record Bound(Schema Schema, int[] Ordinals, bool[]? Selected);

    private int[] Check(Schema actual, Partition partition)
    {
        var positions = new Dictionary<string, int>(actual.FieldsList.Count, StringComparer.Ordinal);
        for (var i = 0; i < actual.FieldsList.Count; i++) positions.TryAdd(actual.FieldsList[i].Name, i);

        foreach (var declared in _source.Schema.FieldsList)
        {
            if (positions.TryGetValue(declared.Name, out var index) && !TypeCompatibility.IsCompatible(declared.DataType, actual.FieldsList[index].DataType))
                throw Mismatch(partition, declared, ArrowTypeNames.Describe(actual.FieldsList[index].DataType));
        }
        var ordinals = new int[_needed.Length];
        for (var i = 0; i < _needed.Length; i++)
        {
            if (!positions.TryGetValue(_needed[i].Name, out ordinals[i]))
                throw Mismatch(partition, _needed[i], null,
                    $" The batch has: {string.Join(", ", actual.FieldsList.Select(f => $"{f.Name} ({ArrowTypeNames.Describe(f.DataType)})"))}.");
        }
        return ordinals;
    }

    private SchemaMismatchException Mismatch(Partition partition, Field declared, string? actualType, string extra = "")
    {
        var expected = ArrowTypeNames.Describe(declared.DataType);
        var problem = actualType is null
            ? $"column '{declared.Name}' ({expected}) is missing.{extra}"
            : $"column '{declared.Name}' is {actualType} but infer_schema declared {expected}.";
        return new SchemaMismatchException(
            $"Python data source '{_source.Name}' yielded a batch that does not match its schema in read_partition " +
            $"(partition {partition.Index}, spec {partition.DisplaySpec}): {problem} " +
            "Fix read_partition to yield batches with the declared columns and types, or change infer_schema.",
            _source.Name, declared.Name, expected, actualType, partition.Index);
    }
}
