using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>
/// A column's validity bitmap as a raw pointer, taken once per batch. Imported Arrow buffers are native memory
/// owned by the batch, so the pointer is stable for as long as the batch is alive (the engine disposes a batch
/// only after every reader over it is done).
/// </summary>
internal readonly unsafe struct Validity
{
    private readonly byte* _bits;   // null when the column has no nulls
    private readonly int _offset;

    private Validity(byte* bits, int offset)
    {
        _bits = bits;
        _offset = offset;
    }

    public static Validity Of(IArrowArray array) =>
        array.NullCount == 0 || array.Data.Buffers[0].IsEmpty
            ? default
            : new Validity(BufferPointer.Of(array.Data.Buffers[0]), array.Offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index)
    {
        if (_bits == null) return false;
        var bit = index + _offset;
        return (_bits[bit >> 3] & (1 << (bit & 7))) == 0;
    }
}

internal static unsafe class BufferPointer
{
    /// <summary>The address of a buffer's first byte; imported buffers are native and never move.</summary>
    public static byte* Of(ArrowBuffer buffer) =>
        (byte*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(buffer.Span));
}
