using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// Structural checks of a C ArrowArray against its type before import: buffer and child counts, lengths,
/// offsets, null counts, and NULL pointers where data must exist. The C interface carries no buffer sizes, so
/// a length larger than the memory behind it cannot be detected; everything else that would make the importer
/// or later reads walk off the buffers is rejected with the column path and what was wrong.
/// </summary>
internal static unsafe class CDataValidator
{
    /// <summary>Checks the batch and its columns (only the <paramref name="selected"/> ones when given).</summary>
    public static void ValidateRecordBatch(Schema schema, CArrowArray* array, bool[]? selected = null)
    {
        if (array->n_children != schema.FieldsList.Count)
            throw Invalid("the record batch", $"has {array->n_children} columns but its schema declares {schema.FieldsList.Count}");
        if (array->length < 0) throw Invalid("the record batch", $"has a negative length ({array->length})");
        if (array->offset != 0)
            throw Invalid("the record batch", $"has offset {array->offset}; a sliced struct array cannot be imported as a batch (export the slice's columns instead)");
        if (array->n_children > 0 && array->children == null) throw Invalid("the record batch", "has a NULL children pointer");
        for (var i = 0; i < schema.FieldsList.Count; i++)
        {
            if (selected is not null && !selected[i]) continue;
            var field = schema.FieldsList[i];
            var child = array->children[i];
            if (child == null) throw Invalid($"column '{field.Name}'", "is a NULL child array");
            Validate(field.DataType, child, $"column '{field.Name}'");
            if (child->length < array->length)
                throw Invalid($"column '{field.Name}'", $"has {child->length} values but the batch has {array->length} rows");
        }
    }

    private static void Validate(IArrowType type, CArrowArray* array, string path)
    {
        if (array->length < 0) throw Invalid(path, $"has a negative length ({array->length})");
        if (array->offset < 0) throw Invalid(path, $"has a negative offset ({array->offset})");
        if (array->null_count < -1 || array->null_count > array->length)
            throw Invalid(path, $"has null_count {array->null_count} for length {array->length}");

        if (type is DictionaryType dictionaryType)
        {
            if (array->dictionary == null) throw Invalid(path, "is dictionary-encoded but has no dictionary array");
            CheckBuffers(dictionaryType.IndexType, array, path, 2);
            Validate(dictionaryType.ValueType, array->dictionary, path + " (dictionary)");
            return;
        }

        var (buffers, children) = Layout(type);
        if (buffers >= 0) CheckBuffers(type, array, path, buffers);
        else if (array->n_buffers < -buffers)
            throw Invalid(path, $"of type {ArrowTypeNames.Describe(type)} has {array->n_buffers} buffers; at least {-buffers} are required");
        if (array->n_children != children)
            throw Invalid(path, $"of type {ArrowTypeNames.Describe(type)} has {array->n_children} children; {children} expected");
        if (children > 0 && array->children == null) throw Invalid(path, "has a NULL children pointer");

        switch (type)
        {
            case StringViewType or BinaryViewType:
                CheckViews(array, path);
                break;
            case StringType or BinaryType:
                CheckOffsets<int>(array, path, childLength: -1);
                break;
            case LargeStringType or LargeBinaryType:
                CheckOffsets<long>(array, path, childLength: -1);
                break;
            case ListType list:
                CheckChild(list.ValueDataType, array, 0, path + ".item");
                CheckOffsets<int>(array, path, array->children[0]->length);
                break;
            case LargeListType largeList:
                CheckChild(largeList.ValueDataType, array, 0, path + ".item");
                CheckOffsets<long>(array, path, array->children[0]->length);
                break;
            case FixedSizeListType fixedList:
                CheckChild(fixedList.ValueDataType, array, 0, path + ".item");
                if (array->children[0]->length < (array->offset + array->length) * fixedList.ListSize)
                    throw Invalid(path, "has fewer child values than its fixed list size requires");
                break;
            case StructType structType:
                for (var i = 0; i < structType.Fields.Count; i++)
                {
                    CheckChild(structType.Fields[i].DataType, array, i, $"{path}.{structType.Fields[i].Name}");
                    if (array->children[i]->length < array->offset + array->length)
                        throw Invalid($"{path}.{structType.Fields[i].Name}", "is shorter than its struct");
                }
                break;
            case MapType map:
                CheckChild(map.KeyValueType, array, 0, path + ".entries");
                CheckOffsets<int>(array, path, array->children[0]->length);
                break;
        }
    }

    /// <summary>(buffers, children) per the C Data Interface; a negative buffer count means "at least".</summary>
    private static (int Buffers, long Children) Layout(IArrowType type) => type switch
    {
        NullType => (0, 0),
        StringType or BinaryType or LargeStringType or LargeBinaryType => (3, 0),
        StringViewType or BinaryViewType => (-3, 0),
        ListType or LargeListType or MapType => (2, 1),
        ListViewType or LargeListViewType => (3, 1),
        FixedSizeListType => (1, 1),
        StructType s => (1, s.Fields.Count),
        UnionType u => (u.Mode == UnionMode.Dense ? 2 : 1, u.Fields.Count),
        RunEndEncodedType => (0, 2),
        _ => (2, 0),
    };

    private static void CheckBuffers(IArrowType type, CArrowArray* array, string path, int expected)
    {
        if (array->n_buffers != expected)
            throw Invalid(path, $"of type {ArrowTypeNames.Describe(type)} has {array->n_buffers} buffers; {expected} expected");
        if (expected == 0) return;
        if (array->buffers == null) throw Invalid(path, "has a NULL buffers pointer");
        if (array->null_count != 0 && array->buffers[0] == null && type is not NullType)
            throw Invalid(path, $"declares {array->null_count} nulls but has no validity bitmap");
        if (array->length == 0) return;
        // A string column whose values are all empty may omit its data buffer (nanoarrow does); CheckOffsets sees to it.
        var bytesMayBeNull = type is StringType or BinaryType or LargeStringType or LargeBinaryType;
        for (var i = 1; i < expected; i++)
            if (array->buffers[i] == null && !(bytesMayBeNull && i == 2))
                throw Invalid(path, $"has a NULL data buffer {i} for {array->length} values");
    }

    /// <summary>Views: validity, the 16-byte views, the data buffers, then an int64 array with each data buffer's size.</summary>
    private static void CheckViews(CArrowArray* array, string path)
    {
        if (array->buffers == null) throw Invalid(path, "has a NULL buffers pointer");
        if (array->null_count != 0 && array->buffers[0] == null) throw Invalid(path, $"declares {array->null_count} nulls but has no validity bitmap");
        if (array->length > 0 && array->buffers[1] == null) throw Invalid(path, $"has a NULL views buffer for {array->length} values");
        var dataBuffers = array->n_buffers - 3;
        if (dataBuffers == 0) return;
        var sizes = (long*)array->buffers[array->n_buffers - 1];
        if (sizes == null) throw Invalid(path, $"has {dataBuffers} data buffers but a NULL buffer-size array");
        for (var i = 0; i < dataBuffers; i++)
        {
            if (sizes[i] < 0 || sizes[i] > int.MaxValue) throw Invalid(path, $"declares data buffer {i} of {sizes[i]} bytes");
            if (sizes[i] > 0 && array->buffers[2 + i] == null) throw Invalid(path, $"has a NULL data buffer {i} of {sizes[i]} bytes");
        }
    }

    private static void CheckChild(IArrowType type, CArrowArray* array, int index, string path)
    {
        var child = array->children[index];
        if (child == null) throw Invalid(path, "is a NULL child array");
        Validate(type, child, path);
    }

    private static void CheckOffsets<TOffset>(CArrowArray* array, string path, long childLength) where TOffset : unmanaged, IBinaryInteger<TOffset>
    {
        if (array->length == 0 && array->buffers[1] == null) return;
        var offsets = (TOffset*)array->buffers[1];
        var first = long.CreateTruncating(offsets[array->offset]);
        var last = long.CreateTruncating(offsets[array->offset + array->length]);
        if (first < 0 || last < first)
            throw Invalid(path, $"has invalid offsets (first {first}, last {last})");
        if (childLength >= 0 && last > childLength)
            throw Invalid(path, $"has offsets up to {last} but its child has {childLength} values");
        if (childLength < 0 && last > 0 && array->buffers[2] == null)
            throw Invalid(path, $"has offsets up to {last} but a NULL data buffer");
    }

    private static ArrowProtocolException Invalid(string path, string problem) =>
        new($"malformed Arrow data: {path} {problem}");
}
