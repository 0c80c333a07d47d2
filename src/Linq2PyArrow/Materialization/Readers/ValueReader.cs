namespace Linq2PyArrow.Materialization.Readers;

/// <summary>
/// The general, class-based reader for columns without a struct fast path: decimals, large and view strings,
/// binaries as ReadOnlyMemory, lists, structs and dictionary-encoded columns. One virtual call per value,
/// which is small next to the allocation these values need anyway.
/// </summary>
internal abstract class ValueReader<T>
{
    public abstract bool IsNull(int index);

    /// <summary>The value; only called when <see cref="IsNull"/> is false.</summary>
    public abstract T GetValue(int index);
}

/// <summary>A value reader from two delegates (used to lift struct readers into lists and dictionaries).</summary>
internal sealed class DelegateValueReader<T>(Func<int, bool> isNull, Func<int, T> get) : ValueReader<T>
{
    public override bool IsNull(int index) => isNull(index);
    public override T GetValue(int index) => get(index);
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
