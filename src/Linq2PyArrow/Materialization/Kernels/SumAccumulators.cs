using System.Runtime.CompilerServices;

namespace Linq2PyArrow.Materialization.Kernels;

/// <summary>Sum over long: checked in sequence, vectorized when no running total can overflow.</summary>
internal struct SumInt64 : IAccumulator<long>
{
    private long _total;

    public void Add(long value) => _total = checked(_total + value);

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<long> values)
    {
        if (ExactIntegerSum.TrySum(values, _total, out var sum))
        {
            _total += sum;
            return;
        }
        foreach (var value in values) _total = checked(_total + value);
    }

    public readonly object? Result(bool nullable) => _total;
}

/// <summary>Sum over int: checked in the int range, like Enumerable.Sum(Func&lt;T, int&gt;).</summary>
internal struct SumInt32 : IAccumulator<int>
{
    private int _total;

    public void Add(int value) => _total = checked(_total + value);

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<int> values)
    {
        if (ExactIntegerSum.TrySum(values, _total, out var sum))
        {
            _total += sum;
            return;
        }
        foreach (var value in values) _total = checked(_total + value);
    }

    public readonly object? Result(bool nullable) => _total;
}

/// <summary>Sum over double, in sequence order (floating-point addition is not associative).</summary>
internal struct SumDouble : IAccumulator<double>
{
    private double _total;

    public void Add(double value) => _total += value;

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<double> values)
    {
        var total = _total;
        foreach (var value in values) total += value;
        _total = total;
    }

    public readonly object? Result(bool nullable) => _total;
}

/// <summary>Sum over float: LINQ accumulates in double and rounds once at the end.</summary>
internal struct SumSingle : IAccumulator<float>
{
    private double _total;

    public void Add(float value) => _total += value;

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<float> values)
    {
        var total = _total;
        foreach (var value in values) total += value;
        _total = total;
    }

    public readonly object? Result(bool nullable) => (float)_total;
}

internal struct SumDecimal : IAccumulator<decimal>
{
    private decimal _total;

    public void Add(decimal value) => _total += value;

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<decimal> values)
    {
        foreach (var value in values) _total += value;
    }

    public readonly object? Result(bool nullable) => _total;
}
