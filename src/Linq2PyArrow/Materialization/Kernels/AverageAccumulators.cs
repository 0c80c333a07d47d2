using System.Runtime.CompilerServices;

namespace Linq2PyArrow.Materialization.Kernels;

/// <summary>Average over int or long: a checked long sum (LINQ throws on overflow), divided as double.</summary>
internal struct AverageInteger<T> : IAccumulator<T> where T : struct, System.Numerics.IBinaryInteger<T>
{
    private long _sum;
    private long _count;

    public void Add(T value)
    {
        _sum = checked(_sum + long.CreateTruncating(value));
        _count++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<T> values)
    {
        foreach (var value in values) _sum = checked(_sum + long.CreateTruncating(value));
        _count += values.Length;
    }

    public readonly object? Result(bool nullable) =>
        _count == 0 ? nullable ? null : throw AggregateErrors.NoElements() : (double)_sum / _count;
}

/// <summary>Average over double, summed in sequence.</summary>
internal struct AverageDouble : IAccumulator<double>
{
    private double _sum;
    private long _count;

    public void Add(double value)
    {
        _sum += value;
        _count++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<double> values)
    {
        foreach (var value in values) _sum += value;
        _count += values.Length;
    }

    public readonly object? Result(bool nullable) =>
        _count == 0 ? nullable ? null : throw AggregateErrors.NoElements() : _sum / _count;
}

/// <summary>Average over float: a double sum, the quotient rounded to float.</summary>
internal struct AverageSingle : IAccumulator<float>
{
    private double _sum;
    private long _count;

    public void Add(float value)
    {
        _sum += value;
        _count++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<float> values)
    {
        foreach (var value in values) _sum += value;
        _count += values.Length;
    }

    public readonly object? Result(bool nullable) =>
        _count == 0 ? nullable ? null : throw AggregateErrors.NoElements() : (float)(_sum / _count);
}

internal struct AverageDecimal : IAccumulator<decimal>
{
    private decimal _sum;
    private long _count;

    public void Add(decimal value)
    {
        _sum += value;
        _count++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see IAccumulator.AddSpan

    public void AddSpan(ReadOnlySpan<decimal> values)
    {
        foreach (var value in values) _sum += value;
        _count += values.Length;
    }

    public readonly object? Result(bool nullable) =>
        _count == 0 ? nullable ? null : throw AggregateErrors.NoElements() : _sum / _count;
}
