namespace Linq2PyArrow.Materialization.Readers;

/// <summary>
/// The general, class-based reader for columns without a struct fast path: decimals, fixed-size binaries,
/// binaries as ReadOnlyMemory, lists, structs and dictionary-encoded columns. One virtual call per value,
/// which is small next to the allocation these values need anyway.
/// </summary>
internal abstract class ValueReader<T>
{
    public abstract bool IsNull(int index);

    /// <summary>The value; only called when <see cref="IsNull"/> is false.</summary>
    public abstract T GetValue(int index);
}

/// <summary>A <see cref="ValueReader{T}"/> in the struct-reader shape that compiled row code calls.</summary>
internal readonly struct ObjectReader<T>(ValueReader<T> reader, ColumnContext context) : IColumnReader<T>
{
    public T Get(int index) => reader.IsNull(index) ? throw context.NullValue(index) : reader.GetValue(index);

    /// <summary>For reference types: null for a null value.</summary>
    public T? GetNullable(int index) => reader.IsNull(index) ? default : reader.GetValue(index);

    public bool IsNull(int index) => reader.IsNull(index);
}

/// <summary>As <see cref="ObjectReader{T}"/>, for Nullable&lt;T&gt; members.</summary>
internal readonly struct NullableObjectReader<T>(ValueReader<T> reader, ColumnContext context) : IColumnReader<T>
    where T : struct
{
    public T Get(int index) => reader.IsNull(index) ? throw context.NullValue(index) : reader.GetValue(index);

    public T? GetNullable(int index) => reader.IsNull(index) ? null : reader.GetValue(index);

    public bool IsNull(int index) => reader.IsNull(index);
}
