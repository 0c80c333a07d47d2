namespace Linq2PyArrow.Materialization.Kernels;

/// <summary>
/// The running state of one aggregate over values of type <typeparamref name="TValue"/>, with LINQ to Objects'
/// exact semantics (checked integer sums, float sums in double, NaN rules of Min/Max, empty-sequence rules).
/// Structs, so the batch loops are specialized and inlined per accumulator.
/// </summary>
internal interface IAccumulator<TValue> where TValue : struct
{
    void Add(TValue value);

    /// <summary>
    /// A run of values with no nulls, in sequence order. Implementations are marked NoInlining: with Dynamic PGO the
    /// JIT otherwise inlined the whole chain (plan → aggregate → step delegate → this loop) into the query's batch
    /// loop, where the vector loop ran three times slower (4.2 ms instead of 1.3 ms for 4M longs, measured). One
    /// call per batch costs nothing.
    /// </summary>
    void AddSpan(ReadOnlySpan<TValue> values);

    /// <summary>The result; <paramref name="nullable"/> selects the Nullable overload's rules (null for none).</summary>
    object? Result(bool nullable);
}

internal static class AggregateErrors
{
    /// <summary>LINQ's message for Min/Max/Average/First… over an empty sequence.</summary>
    public static InvalidOperationException NoElements() => new("Sequence contains no elements");

    /// <summary>What a compiled selector throws when it reads the Value of a null Nullable.</summary>
    public static InvalidOperationException NullableWithoutValue() => new("Nullable object must have a value.");
}
