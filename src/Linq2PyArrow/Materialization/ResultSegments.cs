using System.Buffers;
using System.Runtime.CompilerServices;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Materialization;

/// <summary>
/// Collects a scan's results into pooled segments, then copies them into a list of exactly their count: what
/// <c>ToList()</c> over a Python source builds instead of growing a list from empty.
/// </summary>
/// <remarks>
/// A list grown by doubling allocates its final size again in arrays it throws away (large-object-heap arrays past
/// ~10K items, zeroed on fresh pages), copies every reference again at each doubling, and each copy dirties the cards
/// of the whole new array, so the next collections scan all of it. With the enumerator besides (a call per row, and
/// rows stored twice), a ToList of a million rows ran at 0.78–0.89× the speed of a hand-written loop into a list sized
/// up front; built here, at 0.91–1.03× (docs/benchmarks.md, issue 16 item 3). Segments come from
/// <see cref="ArrayPool{T}.Shared"/> (warm memory from the previous query), are filled by the compiled projector
/// directly, and are cleared on return so the pool never keeps a row alive.
/// </remarks>
internal sealed class ResultSegments<T> : IDisposable
{
    private const int FirstSegment = 256;
    private const int LargestSegment = 64 * 1024;
    private readonly List<T[]> _full = [];
    private T[] _current = [];
    private int _filled;
    private int _count;

    /// <summary>Projects the selected rows of a batch (all of them when <paramref name="selection"/> is null) into the segments.</summary>
    public void Add(ScanBatch batch, int[]? selection, int selected, BatchProjector<T> projector, object?[]? parameters)
    {
        var done = 0;
        while (done < selected)
        {
            if (_filled == _current.Length) NextSegment(selected - done);
            var take = Math.Min(selected - done, _current.Length - _filled);
            projector.Project(batch, selection, done, done + take, _current, parameters, _filled);
            _filled += take;
            done += take;
            _count += take;
        }
    }

    /// <summary>The results, in order, in a list whose capacity is their count; the segments go back to the pool.</summary>
    public List<T> ToList()
    {
        var list = new List<T>(_count);
        foreach (var segment in _full) list.AddRange(segment.AsSpan());
        list.AddRange(_current.AsSpan(0, _filled));
        Dispose();
        return list;
    }

    private void NextSegment(int wanted)
    {
        if (_current.Length > 0) _full.Add(_current);
        // Doubling (bounded), so a query of ten rows rents a little and a big one few segments; never less than a whole batch's worth up to the bound.
        var length = Math.Clamp(Math.Max(_current.Length * 2, wanted), FirstSegment, LargestSegment);
        _current = ArrayPool<T>.Shared.Rent(length);
        _filled = 0;
    }

    public void Dispose()
    {
        var clear = RuntimeHelpers.IsReferenceOrContainsReferences<T>();
        foreach (var segment in _full) ArrayPool<T>.Shared.Return(segment, clear);
        _full.Clear();
        if (_current.Length > 0)
        {
            if (clear) Array.Clear(_current, 0, _filled);
            ArrayPool<T>.Shared.Return(_current);
        }
        _current = [];
        _filled = _count = 0;
    }
}
