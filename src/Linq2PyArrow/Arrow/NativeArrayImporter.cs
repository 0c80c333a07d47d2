using System.Buffers;
using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// Builds Apache.Arrow arrays straight over a producer's buffers, without Apache.Arrow's per-buffer ownership
/// objects. Apache.Arrow 23's importer registers every buffer with GC.AddMemoryPressure and two finalizable
/// objects (arrow-dotnet #261, #50); with batches of 64K rows and more that forced a gen-2 collection every
/// few batches. Here the batch owns one <see cref="ImportedArrayHandle"/> that releases the whole producer
/// array at once, and buffers are plain views (<see cref="UnownedMemory"/>) that own nothing. Types this
/// importer does not lay out (unions, run-end encoded, list views) fall back to Apache.Arrow's importer.
/// The array must have passed <see cref="CDataValidator"/>.
/// </summary>
internal static unsafe class NativeArrayImporter
{
    /// <summary>Whether every (selected) column of the schema can be imported here.</summary>
    public static bool Supports(Schema schema, bool[]? selected = null)
    {
        for (var i = 0; i < schema.FieldsList.Count; i++)
            if ((selected is null || selected[i]) && !Supports(schema.FieldsList[i].DataType)) return false;
        return true;
    }

    private static bool Supports(IArrowType type) => type switch
    {
        DictionaryType d => Supports(d.IndexType) && Supports(d.ValueType),
        ListType l => Supports(l.ValueDataType),
        LargeListType l => Supports(l.ValueDataType),
        FixedSizeListType l => Supports(l.ValueDataType),
        MapType m => Supports(m.KeyValueType),
        StructType s => s.Fields.All(f => Supports(f.DataType)),
        NullType or BooleanType or StringType or BinaryType or LargeStringType or LargeBinaryType
            or StringViewType or BinaryViewType => true,
        UnionType or ListViewType or LargeListViewType or RunEndEncodedType => false,
        FixedWidthType => true,
        _ => false,
    };

    /// <summary>Takes ownership of the moved struct <paramref name="array"/> (also when it throws).</summary>
    /// <remarks>Columns not <paramref name="selected"/> become placeholder null arrays of the batch's length.</remarks>
    public static ImportedBatch ImportBatch(Schema schema, CArrowArray* array, bool[]? selected = null)
    {
        var handle = new ImportedArrayHandle(array);
        try
        {
            var length = checked((int)array->length);
            var columns = new IArrowArray[schema.FieldsList.Count];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = selected is null || selected[i]
                    ? ArrowArrayFactory.BuildArray(Import(array->children[i], schema.FieldsList[i].DataType))
                    : new NullArray(length);
            }
            return new ImportedBatch(new RecordBatch(schema, columns, length), handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static ArrayData Import(CArrowArray* array, IArrowType type)
    {
        var length = checked((int)array->length);
        var offset = checked((int)array->offset);
        var end = checked(offset + length);
        var nullCount = checked((int)array->null_count);
        ArrayData[] children = [];
        ArrayData? dictionary = null;
        ArrowBuffer[] buffers;
        switch (type)
        {
            case DictionaryType d:
                dictionary = Import(array->dictionary, d.ValueType);
                buffers = [Validity(array, end), Buffer(array, 1, Bytes(end, ((FixedWidthType)d.IndexType).BitWidth))];
                break;
            case NullType:
                buffers = [];
                break;
            case BooleanType:
                buffers = [Validity(array, end), Buffer(array, 1, Bytes(end, 1))];
                break;
            case StringType or BinaryType:
                buffers = [Validity(array, end), Buffer(array, 1, checked((end + 1) * 4)), Buffer(array, 2, LastOffset<int>(array, end))];
                break;
            case LargeStringType or LargeBinaryType:
                buffers = [Validity(array, end), Buffer(array, 1, checked((end + 1) * 8)), Buffer(array, 2, LastOffset<long>(array, end))];
                break;
            case StringViewType or BinaryViewType:
                buffers = ViewBuffers(array, end);
                break;
            case ListType l:
                children = [Import(array->children[0], l.ValueDataType)];
                buffers = [Validity(array, end), Buffer(array, 1, checked((end + 1) * 4))];
                break;
            case MapType m:
                children = [Import(array->children[0], m.KeyValueType)];
                buffers = [Validity(array, end), Buffer(array, 1, checked((end + 1) * 4))];
                break;
            case LargeListType l:
                children = [Import(array->children[0], l.ValueDataType)];
                buffers = [Validity(array, end), Buffer(array, 1, checked((end + 1) * 8))];
                break;
            case FixedSizeListType l:
                children = [Import(array->children[0], l.ValueDataType)];
                buffers = [Validity(array, end)];
                break;
            case StructType s:
                children = new ArrayData[s.Fields.Count];
                for (var i = 0; i < children.Length; i++) children[i] = Import(array->children[i], s.Fields[i].DataType);
                buffers = [Validity(array, end)];
                break;
            case FixedWidthType fixedWidth:
                buffers = [Validity(array, end), Buffer(array, 1, Bytes(end, fixedWidth.BitWidth))];
                break;
            default:
                throw new NotSupportedException($"Arrow type {ArrowTypeNames.Describe(type)} is not supported.");
        }
        return new ArrayData(type, length, nullCount, offset, buffers, children, dictionary);
    }

    private static int Bytes(int values, int bitWidth) => checked((int)(((long)values * bitWidth + 7) / 8));

    private static ArrowBuffer Validity(CArrowArray* array, int end) =>
        array->n_buffers == 0 || array->buffers[0] == null ? ArrowBuffer.Empty : Buffer(array, 0, Bytes(end, 1));

    private static int LastOffset<TOffset>(CArrowArray* array, int end) where TOffset : unmanaged, System.Numerics.IBinaryInteger<TOffset>
    {
        if (array->buffers[1] == null) return 0; // zero-length arrays may omit their offsets
        var last = ((TOffset*)array->buffers[1])[end];
        return checked(int.CreateChecked(last));
    }

    private static ArrowBuffer[] ViewBuffers(CArrowArray* array, int end)
    {
        // C layout: validity, views, data buffers…, then an int64 array with each data buffer's size.
        var dataBuffers = checked((int)array->n_buffers - 3);
        var sizes = (long*)array->buffers[array->n_buffers - 1];
        var buffers = new ArrowBuffer[2 + dataBuffers];
        buffers[0] = Validity(array, end);
        buffers[1] = Buffer(array, 1, checked(end * 16));
        for (var i = 0; i < dataBuffers; i++) buffers[2 + i] = Buffer(array, 2 + i, checked((int)sizes[i]));
        return buffers;
    }

    private static ArrowBuffer Buffer(CArrowArray* array, int index, int length) =>
        length == 0 || array->buffers[index] == null ? ArrowBuffer.Empty : new ArrowBuffer(new UnownedMemory(array->buffers[index], length).Memory);

    /// <summary>A view of native memory owned by the batch's handle; it frees nothing and has no finalizer.</summary>
    private sealed class UnownedMemory(byte* pointer, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

        public override void Unpin() { }

        protected override void Dispose(bool disposing) { }
    }
}
