using System.ComponentModel.DataAnnotations.Schema;
using System.Reflection;
using Apache.Arrow;
using Linq2PyArrow.Materialization.Readers;

namespace Linq2PyArrow.Materialization;

/// <summary>
/// How a row type maps onto columns, decided once per (type, schema) at Open: settable properties and public
/// fields (classes and structs with a parameterless constructor), constructor parameters (records, positional
/// records, immutable classes) plus any remaining settable members, or, for ValueTuples, elements by position.
/// Names match columns case-insensitively; [Column("name")] overrides; [NotMapped] skips a settable member. Every
/// member without a column or with an incompatible type is named in one <see cref="SchemaMismatchException"/>,
/// with the column it most likely meant.
/// </summary>
internal sealed partial class RowBinding
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
        var binder = new Binder(rowType, fields, sourceName);
        if (IsValueTuple(rowType)) return CreateTuple(binder);
        var typeName = TypeNames.Of(rowType);
        var settable = SettableMembers(rowType).ToList();
        var defaultConstructor = rowType.GetConstructor(Type.EmptyTypes);
        if (rowType.IsValueType || defaultConstructor is not null)
        {
            var assignments = settable.Select(m => binder.Bind(m.Name, MemberType(m), m, null, $"{typeName}.{m.Name}", IsRequired(m))).ToList();
            return new RowBinding(rowType, defaultConstructor, [], binder.Complete(assignments));
        }

        var constructor = ChooseConstructor(rowType, binder);
        var parameters = constructor.GetParameters();
        binder.MissingParameters(Signature(constructor), parameters.Where(p => !binder.HasColumn(ParameterColumn(rowType, p)))
            .Select(p => (p, ParameterColumn(rowType, p))).ToList());
        var arguments = parameters.Where(p => binder.HasColumn(ParameterColumn(rowType, p))).Select(p =>
        {
            var property = PropertyFor(rowType, p);
            return binder.Bind(p.Name!, p.ParameterType, property, p, $"{typeName}.{property?.Name ?? p.Name}", IsRequired(p));
        }).ToList();
        var covered = parameters.Select(p => PropertyFor(rowType, p)?.Name ?? p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rest = settable.Where(m => !covered.Contains(m.Name))
            .Select(m => binder.Bind(m.Name, MemberType(m), m, null, $"{typeName}.{m.Name}", IsRequired(m))).ToList();
        return new RowBinding(rowType, constructor, binder.Complete(arguments), binder.Complete(rest));
    }

    /// <summary>The public constructor with the most parameters that all have columns; else the closest one, to report on.</summary>
    private static ConstructorInfo ChooseConstructor(Type rowType, Binder binder)
    {
        var candidates = rowType.GetConstructors()
            .Select(c => (Constructor: c, Matched: c.GetParameters().Count(p => binder.HasColumn(ParameterColumn(rowType, p))), Count: c.GetParameters().Length))
            .OrderByDescending(c => c.Matched == c.Count).ThenByDescending(c => c.Matched).ThenByDescending(c => c.Count)
            .ToList();
        if (candidates.Count == 0) throw binder.NoPublicConstructor();
        return candidates[0].Constructor;
    }

    private static string ParameterColumn(Type rowType, ParameterInfo parameter) =>
        ColumnName(PropertyFor(rowType, parameter), parameter) ?? parameter.Name!;

    private static string Signature(ConstructorInfo constructor) =>
        $"{TypeNames.Of(constructor.DeclaringType!)}({string.Join(", ", constructor.GetParameters().Select(p => $"{TypeNames.Of(p.ParameterType)} {p.Name}"))})";

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

    /// <summary>Binds members to columns for one row type, collecting every problem so one exception names them all.</summary>
    private sealed class Binder(Type rowType, IReadOnlyList<Field> fields, string sourceName)
    {
        private readonly Dictionary<string, Field> _columns = fields.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Name == g.Key).First(), StringComparer.OrdinalIgnoreCase);
        private readonly List<Problem> _problems = [];

        public IReadOnlyList<Field> Fields => fields;
        public Type RowType => rowType;

        public bool HasColumn(string name) => _columns.ContainsKey(name);

        /// <summary>A member or parameter bound to its column, or null (and a problem recorded) when it has none or cannot be read.</summary>
        public MemberBinding? Bind(string name, Type type, MemberInfo? member, ParameterInfo? parameter, string display, bool required)
        {
            var columnName = ColumnName(member, parameter) ?? name;
            if (!_columns.TryGetValue(columnName, out var field))
            {
                Add(new Problem($"{display} ({TypeNames.Of(type)}) has no column named '{columnName}'{Suggest(columnName)}.", columnName,
                    TypeNames.Of(type), null, MemberFix, ListsColumns: true));
                return null;
            }
            return Check(field, type, member, parameter, display, required, "");
        }

        /// <summary>A column known to exist, checked against the member's type.</summary>
        public MemberBinding? Check(Field field, Type type, MemberInfo? member, ParameterInfo? parameter, string display, bool required, string where)
        {
            var core = Nullable.GetUnderlyingType(type) ?? type;
            if (ReaderCatalog.Plan(field.DataType, core) is null)
            {
                var arrow = Arrow.ArrowTypeNames.Describe(field.DataType);
                Add(new Problem($"{display} is {TypeNames.Of(type)} but column '{field.Name}'{where} is {arrow}, which cannot be read as that type.",
                    field.Name, TypeNames.Of(type), arrow, "See the type mapping table in the README."));
                return null;
            }
            return new MemberBinding(field.Name, field, type, member, parameter, required, display);
        }

        /// <summary>The chosen constructor's parameters without a column, named in one sentence, each with its likely column.</summary>
        public void MissingParameters(string signature, IReadOnlyList<(ParameterInfo Parameter, string Column)> missing)
        {
            if (missing.Count == 0) return;
            var one = missing.Count == 1;
            var listed = string.Join(", ", missing.Select(m =>
                $"'{m.Parameter.Name}' ({TypeNames.Of(m.Parameter.ParameterType)}{(m.Column == m.Parameter.Name ? "" : $", mapped to '{m.Column}'")}" +
                $"{(CloseMatch.Find(m.Column, fields.Select(f => f.Name)) is { } match ? $"; did you mean '{match}'?" : "")})"));
            Add(new Problem(
                $"its constructor {signature} has {(one ? "a parameter" : "parameters")} without a column: {listed}.",
                missing[0].Column, TypeNames.Of(missing[0].Parameter.ParameterType), null,
                $"Rename the {(one ? "parameter or map its property" : "parameters or map their properties")} with [Column(\"name\")] " +
                $"([property: Column(\"name\")] in a positional record), or give {TypeNames.Of(rowType)} a public parameterless constructor and settable properties.",
                ListsColumns: true));
        }

        public void Add(Problem problem) => _problems.Add(problem);

        public SchemaMismatchException NoPublicConstructor() => Mismatch(new Problem(
            "it has no public constructor.", "", TypeNames.Of(rowType), null,
            "Give it a public constructor whose parameters match columns, or a public parameterless one and settable properties.", ListsColumns: true));

        /// <summary>The bindings, once every member has one; otherwise the exception naming every problem.</summary>
        public IReadOnlyList<MemberBinding> Complete(List<MemberBinding?> bindings)
        {
            if (_problems.Count > 0) throw Mismatch([.. _problems]);
            return bindings.Select(b => b!).ToList();
        }

        private SchemaMismatchException Mismatch(params Problem[] problems)
        {
            var columns = problems.Any(p => p.ListsColumns)
                ? " The source's columns: " + string.Join(", ", fields.Select(f => $"{f.Name} ({Arrow.ArrowTypeNames.Describe(f.DataType)})")) + "."
                : "";
            var fixes = string.Concat(problems.Select(p => p.Fix).Distinct().Select(f => " " + f));
            var first = problems[0];
            return new SchemaMismatchException(
                $"Row type '{TypeNames.Full(rowType)}' does not match Python data source '{sourceName}': " +
                string.Join(" ", problems.Select(p => p.Sentence)) + columns + fixes,
                sourceName, first.Column, first.Expected, first.Actual);
        }

        private string Suggest(string column) => CloseMatch.Suggestion(column, fields.Select(f => f.Name));

        private const string MemberFix = "Rename the member, map it with [Column(\"name\")], or mark it [NotMapped].";
    }

    /// <summary>One binding problem: a sentence for the message, the exception's properties, and the fix to suggest.</summary>
    private sealed record Problem(string Sentence, string Column, string? Expected, string? Actual, string Fix, bool ListsColumns = false);
}
