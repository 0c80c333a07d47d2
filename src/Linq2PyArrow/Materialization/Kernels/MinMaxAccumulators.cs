using System.Numerics;
using System.Runtime.CompilerServices;

namespace Linq2PyArrow.Materialization.Kernels;

/// <summary>
/// Min with Enumerable.Min's rules: a NaN wins at once (NaN is smaller than everything); ties keep the first
/// value seen (which matters for -0.0 and 0.0).
/// </summary>
internal struct Min<T> : IAccumulator<T> where T : struct, INumber<T>
{
    private T _value;
    private bool _any;

    public void Add(T value)
    {
        if (!_any)
        {
            _value = value;
            _any = true;
        }
        else if (value < _value || (T.IsNaN(value) && !T.IsNaN(_value)))
        {
            _value = value;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<T> values)
    {
        foreach (var value in values) Add(value);
    }

    public readonly object? Result(bool nullable) => _any ? _value : nullable ? null : throw AggregateErrors.NoElements();
}

/// <summary>Max with Enumerable.Max's rules: NaN only when every value is NaN; ties keep the first value seen.</summary>
internal struct Max<T> : IAccumulator<T> where T : struct, INumber<T>
{
    private T _value;
    private bool _any;

    public void Add(T value)
    {
        if (!_any)
        {
            _value = value;
            _any = true;
        }
        else if (value > _value || T.IsNaN(_value))
        {
            _value = value;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<T> values)
    {
        foreach (var value in values) Add(value);
    }

    public readonly object? Result(bool nullable) => _any ? _value : nullable ? null : throw AggregateErrors.NoElements();
}
