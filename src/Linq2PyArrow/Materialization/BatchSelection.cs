using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Materialization;

/// <summary>
/// The rows of each batch a columnar query (ForEachBatch, AggregateBatches) selected: all of them without a filter,
/// else the positions the compiled filter kept, ascending. One per scan, reused batch after batch; without a filter
/// the positions 0, 1, 2… are written only when asked for, and only once per length.
/// </summary>
internal sealed class BatchSelection(BatchFilter? filter, object?[]? parameters)
{
    private int[] _rows = [];
    private int _identity;   // leading entries of _rows known to hold 0, 1, 2… (no filter only)

    /// <summary>Rows selected in the current batch.</summary>
    public int Count { get; private set; }

    /// <summary>Rows in the current batch's columns.</summary>
    public int Length { get; private set; }

    /// <summary>Runs the filter over the batch (the whole predicate; pushed filters are hints).</summary>
    public void Apply(ScanBatch batch)
    {
        Length = batch.Length;
        if (filter is null)
        {
            Count = Length;
            return;
        }
        if (_rows.Length < Length) _rows = new int[Length];
        Count = filter.Select(batch, _rows, parameters);
    }

    /// <summary>The selected rows' positions in the columns, ascending.</summary>
    public ReadOnlySpan<int> Rows
    {
        get
        {
            if (filter is null && _identity < Count)
            {
                if (_rows.Length < Count) _rows = new int[Count];
                for (var i = 0; i < Count; i++) _rows[i] = i;
                _identity = Count;
            }
            return _rows.AsSpan(0, Count);
        }
    }
}
