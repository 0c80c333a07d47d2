namespace Linq2PyArrow.Materialization;

/// <summary>
/// ValueTuple rows: C# keeps tuple element names out of the type, so <c>(long, string)</c> binds by position, Item1 to
/// the schema's first column, Item2 to the second, and so on; columns after the last element are ignored. Reference
/// elements accept null (their nullability annotation is not visible at run time either).
/// </summary>
internal sealed partial class RowBinding
{
    /// <summary>ValueTuple`8 nests the rest in a tuple of its own: rows wider than this are better served by a record.</summary>
    private const int MaxTupleElements = 7;

    public static bool IsValueTuple(Type type) =>
        type is { IsValueType: true, IsGenericType: true, Namespace: "System" } && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal);

    private static RowBinding CreateTuple(Binder binder)
    {
        var type = binder.RowType;
        var elements = type.GetGenericArguments();
        const string Fix = "Use a record or class for such rows: they bind by name.";
        if (elements.Length > MaxTupleElements)
            binder.Add(new Problem($"it has more than {MaxTupleElements} elements, and ValueTuple rows bind Item1 to Item{MaxTupleElements} to the first columns by position.",
                "", TypeNames.Of(type), null, Fix));
        else if (elements.Length > binder.Fields.Count)
            binder.Add(new Problem($"it has {elements.Length} elements but the source has {binder.Fields.Count} columns (Item1, Item2… bind to the columns in schema order).",
                "", TypeNames.Of(type), null, Fix, ListsColumns: true));
        if (elements.Length > MaxTupleElements || elements.Length > binder.Fields.Count) binder.Complete([]);

        var parameters = type.GetConstructor(elements)!.GetParameters();
        var typeName = TypeNames.Of(type);
        var arguments = elements.Select((element, i) => binder.Check(binder.Fields[i], element, type.GetField($"Item{i + 1}"), parameters[i],
            $"{typeName}.Item{i + 1}", required: element.IsValueType && Nullable.GetUnderlyingType(element) is null, $" (column {i + 1})")).ToList();
        return new RowBinding(type, type.GetConstructor(elements), binder.Complete(arguments), []);
    }
}
