namespace Linq2PyArrow.Materialization;

/// <summary>C#-style type names for messages (Int64, Nullable&lt;Int64&gt; as Int64?, List&lt;String&gt;, (Int64, String)…).</summary>
internal static class TypeNames
{
    public static string Of(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return Of(inner) + "?";
        if (type.IsArray) return Of(type.GetElementType()!) + "[]";
        if (!type.IsGenericType) return type.Name;
        if (RowBinding.IsValueTuple(type)) return "(" + string.Join(", ", TupleElements(type).Select(Of)) + ")";
        var name = type.Name[..type.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Of))}>";
    }

    /// <summary>Namespace-qualified, nested types joined with '.': Shop.Orders.Row&lt;Int64?&gt;.</summary>
    public static string Full(Type type)
    {
        if (type.IsGenericParameter || Nullable.GetUnderlyingType(type) is not null || type.IsArray) return Of(type);
        if (RowBinding.IsValueTuple(type)) return Of(type);
        var name = Of(type);
        if (type.DeclaringType is { } outer) return $"{Full(outer)}.{name}";
        return string.IsNullOrEmpty(type.Namespace) ? name : $"{type.Namespace}.{name}";
    }

    /// <summary>The element types of a ValueTuple, with the nested TRest of wide tuples flattened.</summary>
    private static IEnumerable<Type> TupleElements(Type tuple)
    {
        var arguments = tuple.GetGenericArguments();
        if (arguments.Length == 8 && RowBinding.IsValueTuple(arguments[7]))
            return arguments.Take(7).Concat(TupleElements(arguments[7]));
        return arguments;
    }
}
