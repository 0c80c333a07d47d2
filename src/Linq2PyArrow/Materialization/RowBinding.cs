using System.ComponentModel.DataAnnotations.Schema;
using System.Reflection;
using Apache.Arrow;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Materialization.Readers;

namespace Linq2PyArrow.Materialization;

/// <summary>
/// How a row type maps onto columns, decided once per (type, schema) at Open: settable properties and public
/// fields (classes and structs with a parameterless constructor), or constructor parameters (records,
/// positional records, immutable classes) plus any remaining settable members. Names match columns
/// case-insensitively; [Column("name")] overrides; [NotMapped] skips a settable member. A member without a
/// column or with an incompatible type is a <see cref="SchemaMismatchException"/> naming both sides.
/// </summary>
internal sealed class RowBinding
{
    private static readonly NullabilityInfoContext Nullability = new();

    private RowBinding(Type rowType, ConstructorInfo? constructor, IReadOnlyList<MemberBinding> arguments, IReadOnlyList<MemberBinding> assignments)
    {
        RowType = rowType;
        Constructor = constructor;
        ConstructorArguments = arguments;
        Assignments = assignments;
    }

    public Type RowType { get; }

    /// <summary>Null for value types built with their default constructor.</summary>
    public ConstructorInfo? Constructor { get; }
    public IReadOnlyList<MemberBinding> ConstructorArguments { get; }
    public IReadOnlyList<MemberBinding> Assignments { get; }
    public IEnumerable<MemberBinding> All => ConstructorArguments.Concat(Assignments);

    /// <summary>The binding of a property or field of the row type, if it is bound (constructor-bound properties included).</summary>
    public MemberBinding? Find(MemberInfo member) =>
        All.FirstOrDefault(b => b.Member is not null && b.Member.Name == member.Name && b.Member.DeclaringType!.IsAssignableFrom(member.DeclaringType!));

    public static RowBinding Create(Type rowType, IReadOnlyList<Field> fields, string sourceName)
    {
        var columns = fields.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Name == g.Key).First(), StringComparer.OrdinalIgnoreCase);
        var describeColumns = string.Join(", ", fields.Select(f => $"{f.Name} ({ArrowTypeNames.Describe(f.DataType)})"));
        SchemaMismatchException Mismatch(string member, string column, string expected, string? actual, string problem) =>
            new($"Row type '{TypeNames.Full(rowType)}' does not match Python data source '{sourceName}': {problem}", sourceName, column, expected, actual);

        MemberBinding Bind(string name, Type type, MemberInfo? member, ParameterInfo? parameter, string display, bool required)
        {
            var columnName = ColumnName(member, parameter) ?? name;
            if (!columns.TryGetValue(columnName, out var field))
                throw Mismatch(display, columnName, TypeNames.Of(type), null,
                    $"{display} ({TypeNames.Of(type)}) has no column named '{columnName}'. The source's columns: {describeColumns}. " +
                    "Rename the member, map it with [Column(\"name\")], or mark it [NotMapped].");
            var core = Nullable.GetUnderlyingType(type) ?? type;
            if (ReaderCatalog.Plan(field.DataType, core) is null)
                throw Mismatch(display, field.Name, TypeNames.Of(type), ArrowTypeNames.Describe(field.DataType),
                    $"{display} is {TypeNames.Of(type)} but column '{field.Name}' is {ArrowTypeNames.Describe(field.DataType)}, " +
                    "which cannot be read as that type. See the type mapping table in the README.");
            return new MemberBinding(field.Name, field, type, member, parameter, required, display);
        }

        var typeName = TypeNames.Of(rowType);
        var settable = SettableMembers(rowType).ToList();
        var defaultConstructor = rowType.GetConstructor(Type.EmptyTypes);
        if (rowType.IsValueType || defaultConstructor is not null)
        {
            var assignments = settable.Select(m => Bind(m.Name, MemberType(m), m, null, $"{typeName}.{m.Name}", IsRequired(m))).ToList();
            return new RowBinding(rowType, defaultConstructor, [], assignments);
        }

        var constructor = rowType.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault(c => c.GetParameters().All(p => columns.ContainsKey(ColumnName(PropertyFor(rowType, p), p) ?? p.Name!)))
            ?? throw Mismatch(typeName, "", typeName, null,
                $"it has no public parameterless constructor and no public constructor whose parameters all match columns. " +
                $"The source's columns: {describeColumns}.");
        var arguments = constructor.GetParameters().Select(p =>
        {
            var property = PropertyFor(rowType, p);
            return Bind(p.Name!, p.ParameterType, property, p, $"{typeName}.{property?.Name ?? p.Name}", IsRequired(p));
        }).ToList();
        var covered = arguments.Select(a => a.Member?.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rest = settable.Where(m => !covered.Contains(m.Name))
            .Select(m => Bind(m.Name, MemberType(m), m, null, $"{typeName}.{m.Name}", IsRequired(m))).ToList();
        return new RowBinding(rowType, constructor, arguments, rest);
    }

    private static IEnumerable<MemberInfo> SettableMembers(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0 && !property.IsDefined(typeof(NotMappedAttribute)))
                yield return property;
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            if (!field.IsInitOnly && !field.IsDefined(typeof(NotMappedAttribute)))
                yield return field;
    }

    private static PropertyInfo? PropertyFor(Type type, ParameterInfo parameter) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));

    private static string? ColumnName(MemberInfo? member, ParameterInfo? parameter) =>
        parameter?.GetCustomAttribute<ColumnAttribute>()?.Name ?? member?.GetCustomAttribute<ColumnAttribute>()?.Name;

    private static Type MemberType(MemberInfo member) => member switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        _ => throw new ArgumentException(member.Name),
    };

    /// <summary>Value types unless Nullable&lt;T&gt;; reference types when annotated non-nullable (unknown counts as nullable).</summary>
    private static bool IsRequired(MemberInfo member) => member switch
    {
        PropertyInfo p => IsRequired(p.PropertyType, () => Nullability.Create(p).WriteState),
        FieldInfo f => IsRequired(f.FieldType, () => Nullability.Create(f).WriteState),
        _ => false,
    };

    private static bool IsRequired(ParameterInfo parameter) =>
        IsRequired(parameter.ParameterType, () => Nullability.Create(parameter).WriteState);

    internal static bool IsRequired(Type type, Func<NullabilityState> state)
    {
        if (type.IsValueType) return Nullable.GetUnderlyingType(type) is null;
        lock (Nullability) return state() == NullabilityState.NotNull;
    }
}

/// <summary>C#-style type names for messages (Int64, Nullable&lt;Int64&gt; as Int64?, List&lt;String&gt;…).</summary>
internal static class TypeNames
{
    public static string Of(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return Of(inner) + "?";
        if (type.IsArray) return Of(type.GetElementType()!) + "[]";
        if (!type.IsGenericType) return type.Name;
        var name = type.Name[..type.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Of))}>";
    }

    /// <summary>Namespace-qualified, nested types joined with '.': Shop.Orders.Row&lt;Int64?&gt;.</summary>
    public static string Full(Type type)
    {
        if (type.IsGenericParameter || Nullable.GetUnderlyingType(type) is not null || type.IsArray) return Of(type);
        var name = Of(type);
        if (type.DeclaringType is { } outer) return $"{Full(outer)}.{name}";
        return string.IsNullOrEmpty(type.Namespace) ? name : $"{type.Namespace}.{name}";
    }
}
