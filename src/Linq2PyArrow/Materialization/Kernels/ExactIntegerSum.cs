using System.Numerics;
using System.Runtime.InteropServices;

namespace Linq2PyArrow.Materialization.Kernels;

/// <summary>
/// Vectorized integer sums that keep LINQ's checked semantics exactly. Enumerable.Sum with a selector adds in
/// sequence and throws as soon as a running total leaves the type's range; lanes add in another order, so they
/// may only be used when no running total can overflow in any order. That is the case when |total| plus
/// count × (the largest magnitude in the run) fits, and the largest magnitude is bounded cheaply by OR-ing the
/// one's complement magnitudes of all values. Otherwise the caller adds in sequence (and throws where LINQ does).
/// </summary>
internal static class ExactIntegerSum
{
    /// <summary>The sum of values when provably no running total overflows; false to fall back to a checked loop.</summary>
    public static bool TrySum<T>(ReadOnlySpan<T> values, T total, out T sum) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        sum = T.Zero;
        if (!Vector.IsHardwareAccelerated || values.Length < Vector<T>.Count * 4) return false;
        var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
        var sums = Vector<T>.Zero;
        var magnitudes = Vector<T>.Zero;
        foreach (var v in vectors)
        {
            sums += v;
            magnitudes |= v ^ Vector.LessThan(v, Vector<T>.Zero); // |v| - 1 for negatives, v otherwise
        }
        var bound = T.Zero;
        for (var lane = 0; lane < Vector<T>.Count; lane++) bound |= magnitudes[lane];
        var tail = T.Zero;
        for (var i = vectors.Length * Vector<T>.Count; i < values.Length; i++)
        {
            var v = values[i];
            bound |= T.IsNegative(v) ? ~v : v;
            tail += v;
        }
        // Every partial sum in any order is within count × (bound + 1) of zero.
        var limit = Int128.CreateTruncating(T.MaxValue);
        var reach = Int128.Abs(Int128.CreateTruncating(total)) + (Int128.CreateTruncating(bound) + 1) * values.Length;
        if (reach > limit) return false;
        sum = tail;
        for (var lane = 0; lane < Vector<T>.Count; lane++) sum += sums[lane];
        return true;
    }
}
