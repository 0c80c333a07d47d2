using Apache.Arrow.C;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// Moving C Data Interface structs out of a producer's memory (a PyCapsule's struct, or the address handed to
/// pyarrow's _export_to_c) into memory we own: bitwise copy, then mark the source released by nulling its
/// release pointer without calling it (the spec's "moving an array"). The capsule's destructor then sees a
/// released struct and can never release twice. Apache.Arrow keeps the release fields internal, so they are
/// addressed by their ABI offsets.
/// </summary>
internal static unsafe class CDataStructs
{
    public const int SchemaSize = 72, SchemaReleaseOffset = 56;
    public const int ArraySize = 80, ArrayReleaseOffset = 64;
    public const int StreamSize = 40, StreamReleaseOffset = 24;

    public static CArrowSchema* MoveSchema(void* source)
    {
        var target = CArrowSchema.Create();
        try
        {
            Move(source, target, SchemaSize, SchemaReleaseOffset);
        }
        catch
        {
            CArrowSchema.Free(target);
            throw;
        }
        return target;
    }

    public static CArrowArray* MoveArray(void* source)
    {
        var target = CArrowArray.Create();
        try
        {
            Move(source, target, ArraySize, ArrayReleaseOffset);
        }
        catch
        {
            CArrowArray.Free(target);
            throw;
        }
        return target;
    }

    public static CStream* MoveStream(void* source)
    {
        var target = ArrowStream.Allocate();
        try
        {
            Move(source, target, StreamSize, StreamReleaseOffset);
        }
        catch
        {
            ArrowStream.Free(target);
            throw;
        }
        return target;
    }

    public static bool IsReleased(void* structure, int releaseOffset) => *(nint*)((byte*)structure + releaseOffset) == 0;

    private static void Move(void* source, void* target, int size, int releaseOffset)
    {
        if (IsReleased(source, releaseOffset))
            throw new ArrowProtocolException("The producer handed over an Arrow struct that is already released (consumed twice?).");
        Buffer.MemoryCopy(source, target, size, size);
        *(nint*)((byte*)source + releaseOffset) = 0;
    }
}
