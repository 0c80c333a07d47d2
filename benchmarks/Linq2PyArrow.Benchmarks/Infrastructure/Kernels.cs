using System.Numerics;
using System.Runtime.InteropServices;

namespace Linq2PyArrow.Benchmarks.Infrastructure;

/// <summary>The one Sum kernel, used over Arrow spans and over long[] alike so that only where the data lives differs.</summary>
public static class Kernels
{
    public static long Sum(ReadOnlySpan<long> values)
    {
        var vectors = MemoryMarshal.Cast<long, Vector<long>>(values);
        var acc = Vector<long>.Zero;
        foreach (var v in vectors) acc += v;
        var sum = Vector.Sum(acc);
        for (var i = vectors.Length * Vector<long>.Count; i < values.Length; i++) sum += values[i];
        return sum;
    }

    public static void Check(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"Benchmark self-check failed: {what}");
    }
}
