namespace Linq2PyArrow.Materialization.Readers;

/// <summary>The shape every struct reader has, so generic code can wrap one without boxing.</summary>
internal interface IColumnReader<out T>
{
    bool IsNull(int index);

    /// <summary>The value; a null is an error naming the column and row.</summary>
    T Get(int index);
}

/// <summary>Lifts a struct reader into a <see cref="ValueReader{T}"/> (for list elements and dictionary values).</summary>
internal sealed class StructValueReaderAdapter<TReader, T>(TReader reader) : ValueReader<T> where TReader : struct, IColumnReader<T>
{
    private readonly TReader _reader = reader;

    public override bool IsNull(int index) => _reader.IsNull(index);
    public override T GetValue(int index) => _reader.Get(index);
}

/// <summary>Wraps an element reader with the null policy of its target: Nullable&lt;T&gt; gets null.</summary>
internal sealed class NullableLift<T>(ValueReader<T> inner) : ValueReader<T?> where T : struct
{
    public override bool IsNull(int index) => false;
    public override T? GetValue(int index) => inner.IsNull(index) ? null : inner.GetValue(index);
}

/// <summary>Null allowed (nullable reference types): null stays null.</summary>
internal sealed class NullAllowed<T>(ValueReader<T> inner) : ValueReader<T?>
{
    public override bool IsNull(int index) => false;
    public override T? GetValue(int index) => inner.IsNull(index) ? default : inner.GetValue(index);
}

/// <summary>Null rejected (non-nullable targets): a null is an error.</summary>
internal sealed class NullRejected<T>(ValueReader<T> inner, ColumnContext context) : ValueReader<T>
{
    public override bool IsNull(int index) => false;
    public override T GetValue(int index) => inner.IsNull(index) ? throw context.NullValue(index) : inner.GetValue(index);
}
