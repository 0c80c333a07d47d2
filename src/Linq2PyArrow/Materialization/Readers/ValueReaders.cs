using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>Builds <see cref="ValueReader{T}"/> factories for an (Arrow type, .NET type) pair; null when unsupported.</summary>
internal static partial class ValueReaders
{
    internal delegate ValueReader<T> TypedFactory<T>(IArrowArray array, ColumnContext context);

    private static readonly MethodInfo TypedMethod = typeof(ValueReaders).GetMethod(nameof(TypedBoxed), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly ConcurrentDictionary<(string, Type), Delegate?> s_cache = new();

    /// <summary>A factory returning ValueReader&lt;core&gt; as object, for expression trees.</summary>
    public static Func<IArrowArray, ColumnContext, object>? Factory(IArrowType type, Type core) =>
        (Func<IArrowArray, ColumnContext, object>?)TypedMethod.MakeGenericMethod(core).Invoke(null, [type]);

    private static Func<IArrowArray, ColumnContext, object>? TypedBoxed<T>(IArrowType type)
    {
        var typed = Typed<T>(type);
        return typed is null ? null : (array, context) => typed(array, context);
    }

    public static TypedFactory<T>? Typed<T>(IArrowType type) =>
        (TypedFactory<T>?)s_cache.GetOrAdd((ReaderCatalog.ArrowTypeKey(type), typeof(T)), _ => Build<T>(type));

    private static TypedFactory<T>? Build<T>(IArrowType type)
    {
        var target = typeof(T);
        if (type is DictionaryType dictionary)
        {
            var values = Typed<T>(dictionary.ValueType);
            return values is null ? null : (array, context) => new DictionaryValueReader<T>((DictionaryArray)array, values(((DictionaryArray)array).Dictionary, context), context);
        }
        if (ReaderCatalog.FastPlan(type, target) is { } fast) return Adapt<T>(fast);
        object? factory = (type, target) switch
        {
            (Decimal128Type, var t) when t == typeof(decimal) => (TypedFactory<decimal>)((a, c) =>
                new DecimalValueReader<Decimal128Array>((Decimal128Array)a, static (x, i) => x.GetValue(i)!.Value, static (x, i) => x.GetString(i) ?? "", c)),
            (Decimal256Type, var t) when t == typeof(decimal) => (TypedFactory<decimal>)((a, c) =>
                new DecimalValueReader<Decimal256Array>((Decimal256Array)a, static (x, i) => x.GetValue(i)!.Value, static (x, i) => x.GetString(i) ?? "", c)),
            (BinaryType or LargeBinaryType or BinaryViewType or FixedSizeBinaryType, var t) when t == typeof(byte[]) =>
                (TypedFactory<byte[]>)((a, _) => new FuncValueReader<IArrowArray, byte[]>(a, static (x, i) => Bytes(x, i).ToArray())),
            (BinaryType or LargeBinaryType or BinaryViewType or FixedSizeBinaryType, var t) when t == typeof(ReadOnlyMemory<byte>) =>
                (TypedFactory<ReadOnlyMemory<byte>>)((a, _) => new FuncValueReader<IArrowArray, ReadOnlyMemory<byte>>(a, static (x, i) => Bytes(x, i).ToArray())),
            (ListType or LargeListType or FixedSizeListType, _) => ListTypedFactory<T>(type),
            (StructType structType, _) => StructTypedFactory<T>(structType),
            _ => null,
        };
        return (TypedFactory<T>?)factory;
    }

    /// <summary>Bytes of a binary-like value, in place. Callers copy before the batch can go away.</summary>
    private static ReadOnlySpan<byte> Bytes(IArrowArray array, int index) => array switch
    {
        BinaryArray b => b.GetBytes(index),
        LargeBinaryArray l => l.GetBytes(index),
        BinaryViewArray v => v.GetBytes(index),
        FixedSizeBinaryArray f => f.GetBytes(index),
        _ => throw new InvalidOperationException($"{array.GetType().Name} is not binary"),
    };

    private static TypedFactory<T> Adapt<T>(ReaderPlan plan)
    {
        var array = Expression.Parameter(typeof(IArrowArray), "array");
        var context = Expression.Parameter(typeof(ColumnContext), "context");
        var adapter = typeof(StructValueReaderAdapter<,>).MakeGenericType(plan.ReaderType, typeof(T));
        var body = Expression.New(adapter.GetConstructor([plan.ReaderType])!, plan.NewReader(array, context));
        return Expression.Lambda<TypedFactory<T>>(body, array, context).Compile();
    }
}

/// <summary>A value reader over an array's own accessor.</summary>
internal sealed class FuncValueReader<TArray, T>(TArray array, Func<TArray, int, T> get) : ValueReader<T> where TArray : IArrowArray
{
    public override bool IsNull(int index) => array.IsNull(index);
    public override T GetValue(int index) => get(array, index);
}

/// <summary>Decimals; a value beyond System.Decimal's 28-29 digits is an error naming the column and row.</summary>
internal sealed class DecimalValueReader<TArray>(TArray array, Func<TArray, int, decimal> get, Func<TArray, int, string> text, ColumnContext context)
    : ValueReader<decimal> where TArray : IArrowArray
{
    public override bool IsNull(int index) => array.IsNull(index);

    public override decimal GetValue(int index)
    {
        try
        {
            return get(array, index);
        }
        catch (OverflowException)
        {
            throw context.OutOfRange(index, text(array, index));
        }
    }
}

/// <summary>Dictionary-encoded values, decoded once per distinct index per batch.</summary>
internal sealed class DictionaryValueReader<T>(DictionaryArray array, ValueReader<T> values, ColumnContext context) : ValueReader<T>
{
    private readonly IArrowArray _indices = array.Indices;
    private readonly T[] _decoded = new T[array.Dictionary.Length];
    private readonly bool[] _done = new bool[array.Dictionary.Length];

    public override bool IsNull(int index) => _indices.IsNull(index) || values.IsNull(Index(index));

    public override T GetValue(int index)
    {
        var key = Index(index);
        if (!_done[key])
        {
            _decoded[key] = values.GetValue(key);
            _done[key] = true;
        }
        return _decoded[key];
    }

    private int Index(int index)
    {
        var key = _indices switch
        {
            Int8Array a => a.Values[index], Int16Array a => a.Values[index], Int32Array a => a.Values[index], Int64Array a => a.Values[index],
            UInt8Array a => a.Values[index], UInt16Array a => a.Values[index], UInt32Array a => a.Values[index], UInt64Array a => (long)Math.Min(a.Values[index], long.MaxValue),
            _ => throw new InvalidOperationException($"Dictionary indices of type {_indices.Data.DataType.Name} are not integers."),
        };
        if ((ulong)key >= (ulong)_decoded.Length)
            throw context.Malformed(index, $"has dictionary index {key} but its dictionary has {_decoded.Length} values");
        return (int)key;
    }
}
