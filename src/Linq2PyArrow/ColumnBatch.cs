using Apache.Arrow;
using Apache.Arrow.Types;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow;

/// <summary>Called once per batch by <see cref="PythonQueryableExtensions.ForEachBatch{T}"/>.</summary>
/// <param name="batch">The batch; valid only until the callback returns.</param>
public delegate void ColumnBatchAction(ColumnBatch batch);

/// <summary>
/// Folds batches into a state (<see cref="PythonQueryableExtensions.AggregateBatches{T, TState}"/>). The state type
/// cannot be a ref struct, so no span over a batch can be carried from one call to the next.
/// </summary>
/// <param name="state">The state returned for the previous batch (the seed for the first one).</param>
/// <param name="batch">The batch; valid only until the callback returns.</param>
/// <returns>The new state.</returns>
public delegate TState ColumnBatchAggregator<TState>(TState state, ColumnBatch batch);

/// <summary>
/// One batch of a source's columns, zero-copy over the producer's Arrow memory, for vectorized work without rows.
/// </summary>
/// <remarks>
/// <para>
/// The memory belongs to the Python producer and is released as soon as the callback that received the batch
/// returns. Reading it afterwards is impossible by construction: <see cref="ColumnBatch"/> and everything it hands
/// out (<see cref="ReadOnlySpan{T}"/>, <see cref="ColumnValidity"/>, <see cref="BooleanColumn"/>,
/// <see cref="StringColumn"/>) are ref structs, which the compiler keeps on the stack of the callback: they cannot
/// be stored in fields, captured by lambdas, boxed, returned from the callback or kept across <c>await</c>.
/// Copy what you need (<c>span.ToArray()</c>, <c>GetString</c>) to keep it.
/// </para>
/// <para>
/// A query with <c>Where</c> pushes its filters to the source and hands over whole batches with a
/// <see cref="Selection"/>: the positions of the rows that pass the predicate. The columns stay zero-copy, so index
/// them through the selection (a loop over <c>0..RowCount</c> on a filtered batch would read rows the query dropped).
/// A <c>Select</c> of columns (<c>r =&gt; new { r.Id, Total = r.Amount }</c>) names the batch's columns.
/// </para>
/// <code>
/// long total = 0;
/// query.Where(o =&gt; o.Country == "NO").ForEachBatch(batch =&gt;
/// {
///     var ids = batch.Values&lt;long&gt;("id");          // the column, in place
///     var valid = batch.Validity("id");
///     foreach (var row in batch.Selection)
///         if (valid.IsValid(row)) total += ids[row];
/// }, "id");
///
/// ReadOnlySpan&lt;long&gt; kept = default;
/// query.ForEachBatch(batch =&gt; kept = batch.Values&lt;long&gt;("id"));
/// // error CS8175: Cannot use ref local 'kept' inside an anonymous method, lambda expression, or query expression
/// </code>
/// <para>
/// Values of null slots are unspecified (Arrow leaves them undefined): check <see cref="Validity(string)"/>.
/// </para>
/// </remarks>
public readonly ref struct ColumnBatch
{
    private readonly ScanBatch? _batch;
    private readonly ColumnLayout? _layout;
    private readonly BatchSelection? _selection;

    internal ColumnBatch(ScanBatch batch, ColumnLayout layout, BatchSelection selection)
    {
        _batch = batch;
        _layout = layout;
        _selection = selection;
    }

    /// <summary>
    /// Rows of this batch the query selected: all of them for a query without <c>Where</c>; those that pass its
    /// predicate otherwise (<see cref="Selection"/> says which).
    /// </summary>
    public int RowCount => Selected.Count;

    /// <summary>
    /// The positions of the selected rows in the columns (<see cref="Values{T}(string)"/>, <see cref="Validity(string)"/>,
    /// <see cref="Strings(string)"/>…), ascending: <c>foreach (var row in batch.Selection) sum += amounts[row];</c>.
    /// Without a <c>Where</c> it is 0, 1, 2… up to <see cref="ColumnLength"/>.
    /// </summary>
    public ReadOnlySpan<int> Selection => Selected.Rows;

    /// <summary>Rows in the batch's columns, selected or not: the length of every span and validity the batch hands out.</summary>
    public int ColumnLength => Batch.Length;

    /// <summary>True when every row of the columns is selected, so whole spans can be processed without <see cref="Selection"/>.</summary>
    public bool AllRowsSelected => Selected.Count == Batch.Length;

    /// <summary>The partition (position in the plan) the batch came from.</summary>
    public int PartitionIndex => Batch.PartitionIndex;

    /// <summary>The columns of this batch, in the order they were requested (schema order when none were).</summary>
    public IReadOnlyList<string> ColumnNames => Layout.Names;

    /// <summary>The position of a column in <see cref="ColumnNames"/>.</summary>
    /// <exception cref="ArgumentException">The column was not requested.</exception>
    public int ColumnIndex(string column) => Layout.IndexOf(column);

    /// <summary>The Arrow type this batch carries for the column (a physical variant of the declared type).</summary>
    public IArrowType ColumnType(string column) => Array(ColumnIndex(column)).Data.DataType;

    /// <summary>The values of a fixed-width column, in place.</summary>
    /// <typeparam name="T">The column's storage type: sbyte…ulong, Half, float, double for numbers; int for date32 (days) and
    /// time32; long for date64 (ms), time64, timestamp and duration (in the type's unit); Int128 for decimal128 (unscaled).</typeparam>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the column's storage type.</exception>
    public ReadOnlySpan<T> Values<T>(string column) where T : unmanaged => Values<T>(ColumnIndex(column));

    /// <inheritdoc cref="Values{T}(string)"/>
    public unsafe ReadOnlySpan<T> Values<T>(int column) where T : unmanaged
    {
        var array = Array(column);
        var storage = ColumnStorage.FixedWidth(array.Data.DataType);
        if (storage != typeof(T)) throw ColumnStorage.WrongAccess(Layout.Names[column], array.Data.DataType, $"Values<{typeof(T).Name}>");
        return new ReadOnlySpan<T>((T*)ColumnStorage.Pointer(array.Data.Buffers[1]) + array.Offset, array.Length);
    }

    /// <summary>Which rows of a column are null.</summary>
    public ColumnValidity Validity(string column) => Validity(ColumnIndex(column));

    /// <inheritdoc cref="Validity(string)"/>
    public ColumnValidity Validity(int column) => ColumnValidity.Of(Array(column));

    /// <summary>True when the column's value in <paramref name="row"/> is null.</summary>
    public bool IsNull(string column, int row) => Validity(column).IsNull(row);

    /// <summary>Nulls in the column.</summary>
    public int NullCount(string column) => Array(ColumnIndex(column)).NullCount;

    /// <summary>A bool column (Arrow packs booleans into bits, so they have no span of <see cref="bool"/>).</summary>
    /// <exception cref="InvalidOperationException">The column is not bool.</exception>
    public BooleanColumn Booleans(string column) => Booleans(ColumnIndex(column));

    /// <inheritdoc cref="Booleans(string)"/>
    public BooleanColumn Booleans(int column)
    {
        var array = Array(column);
        if (array.Data.DataType is not BooleanType) throw ColumnStorage.WrongAccess(Layout.Names[column], array.Data.DataType, "Booleans");
        return new BooleanColumn(array);
    }

    /// <summary>A string or binary column of any layout (utf8, large, view, dictionary-encoded): bytes in place, or decoded strings.</summary>
    /// <exception cref="InvalidOperationException">The column holds neither strings nor binaries.</exception>
    public StringColumn Strings(string column) => Strings(ColumnIndex(column));

    /// <inheritdoc cref="Strings(string)"/>
    public StringColumn Strings(int column)
    {
        var array = Array(column);
        if (!StringColumn.Supports(array.Data.DataType)) throw ColumnStorage.WrongAccess(Layout.Names[column], array.Data.DataType, "Strings");
        var batch = Batch;
        var name = Layout.Names[column];
        var source = Layout.SourceName;
        return new StringColumn(array, (row, problem) =>
            new Materialization.Readers.ColumnContext(source, name, name, "", batch.PartitionIndex, batch.FirstRow).Malformed(row, problem));
    }

    /// <summary>The string in a row (a copy), or null.</summary>
    public string? GetString(string column, int row) => Strings(column).GetString(row);

    /// <summary>The bytes of a string or binary value in place (empty for null); valid only inside the callback.</summary>
    public ReadOnlySpan<byte> GetBytes(string column, int row) => Strings(column).GetBytes(row);

    private ScanBatch Batch => _batch ?? throw Empty();

    private BatchSelection Selected => _selection ?? throw Empty();

    private static InvalidOperationException Empty() =>
        new("This ColumnBatch is empty: batches come only from ForEachBatch and AggregateBatches callbacks.");

    private ColumnLayout Layout => _layout ?? throw Empty();

    private IArrowArray Array(int column)
    {
        if ((uint)column >= (uint)Layout.Names.Count)
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The batch has {Layout.Names.Count} columns.");
        return Batch.Column(Layout.Ordinals[column]);
    }
}
