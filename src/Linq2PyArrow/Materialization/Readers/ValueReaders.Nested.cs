using System.Linq.Expressions;
using System.Reflection;
using Apache.Arrow;
using Apache.Arrow.Types;
using Linq2PyArrow.Arrow;

namespace Linq2PyArrow.Materialization.Readers;

internal static partial class ValueReaders
{
    private static readonly MethodInfo PolicyMethod = typeof(ValueReaders).GetMethod(nameof(PolicyTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo NullablePolicyMethod = typeof(ValueReaders).GetMethod(nameof(NullablePolicyTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ListMethod = typeof(ValueReaders).GetMethod(nameof(ListTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// A factory for ValueReader&lt;target&gt; that never reports null: a null becomes null for nullable targets
    /// and an error (column and row named) for non-nullable ones. Used for list elements and struct fields.
    /// </summary>
    internal static Func<IArrowArray, ColumnContext, object>? WithNullPolicy(IArrowType type, Type target, bool required)
    {
        var core = Nullable.GetUnderlyingType(target);
        return core is not null
            ? (Func<IArrowArray, ColumnContext, object>?)NullablePolicyMethod.MakeGenericMethod(core).Invoke(null, [type])
            : (Func<IArrowArray, ColumnContext, object>?)PolicyMethod.MakeGenericMethod(target).Invoke(null, [type, required]);
    }

    private static Func<IArrowArray, ColumnContext, object>? NullablePolicyTyped<T>(IArrowType type) where T : struct
    {
        var inner = Typed<T>(type);
        return inner is null ? null : (array, context) => new NullableLift<T>(inner(array, context));
    }

    private static Func<IArrowArray, ColumnContext, object>? PolicyTyped<T>(IArrowType type, bool required)
    {
        var inner = Typed<T>(type);
        if (inner is null) return null;
        if (required) return (array, context) => new NullRejected<T>(inner(array, context), context);
        return (array, context) => new NullAllowed<T>(inner(array, context));
    }

    /// <summary>list / large_list / fixed_size_list → T[], List&lt;T&gt;, or the read-only interfaces arrays implement.</summary>
    private static object? ListTypedFactory<T>(IArrowType listType)
    {
        var target = typeof(T);
        Type? element = null;
        if (target.IsArray && target.GetArrayRank() == 1) element = target.GetElementType();
        else if (target.IsGenericType && target.GetGenericArguments().Length == 1)
        {
            var definition = target.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(ICollection<>)
                || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
                element = target.GetGenericArguments()[0];
        }
        if (element is null) return null;
        var elements = WithNullPolicy(TypeCompatibility.ListValueType(listType), element, element.IsValueType && Nullable.GetUnderlyingType(element) is null);
        return elements is null ? null : ListMethod.MakeGenericMethod(target, element).Invoke(null, [elements]);
    }

    private static TypedFactory<TList> ListTyped<TList, TElement>(Func<IArrowArray, ColumnContext, object> elements)
    {
        var asList = typeof(TList).IsGenericType && typeof(TList).GetGenericTypeDefinition() == typeof(List<>);
        return (array, context) =>
        {
            var values = array switch
            {
                ListArray l => l.Values,
                LargeListArray l => l.Values,
                FixedSizeListArray f => f.Values,
                _ => throw new InvalidOperationException($"{array.GetType().Name} is not a list array"),
            };
            return new ListValueReader<TList, TElement>(array, values.Length, (ValueReader<TElement>)elements(values, context), asList, context);
        };
    }

    /// <summary>struct → a nested .NET type, bound by the same rules as rows.</summary>
    private static object? StructTypedFactory<T>(StructType structType)
    {
        var target = typeof(T);
        if (target == typeof(string) || target.IsPrimitive || typeof(System.Collections.IEnumerable).IsAssignableFrom(target)) return null;
        RowBinding binding;
        try
        {
            binding = RowBinding.Create(target, structType.Fields, "struct");
        }
        catch (SchemaMismatchException)
        {
            return null;
        }
        var members = binding.All.ToList();
        var factories = members.Select(m => WithNullPolicy(m.Field.DataType, m.ClrType, m.Required)!).ToArray();
        var ordinals = members.Select(m => structType.GetFieldIndex(m.Column)).ToArray();
        var build = CompileBuilder<T>(binding);
        return (TypedFactory<T>)((array, context) =>
        {
            var structArray = (StructArray)array;
            var readers = new object[factories.Length];
            for (var i = 0; i < readers.Length; i++) readers[i] = factories[i](structArray.Fields[ordinals[i]], context);
            return new StructValueReader<T>(structArray, readers, build);
        });
    }

    /// <summary>(readers, index) → new T(...) { ... } with each member read by its ValueReader.</summary>
    private static Func<object[], int, T> CompileBuilder<T>(RowBinding binding)
    {
        var readers = Expression.Parameter(typeof(object[]), "readers");
        var index = Expression.Parameter(typeof(int), "index");
        var position = 0;
        Expression Read(MemberBinding member)
        {
            var readerType = typeof(ValueReader<>).MakeGenericType(member.ClrType);
            var reader = Expression.Convert(Expression.ArrayIndex(readers, Expression.Constant(position++)), readerType);
            return Expression.Call(reader, readerType.GetMethod(nameof(ValueReader<int>.GetValue))!, index);
        }
        var arguments = binding.ConstructorArguments.Select(Read).ToList();
        NewExpression created = binding.Constructor is null ? Expression.New(typeof(T)) : Expression.New(binding.Constructor, arguments);
        var assignments = binding.Assignments.Select(m => (System.Linq.Expressions.MemberBinding)Expression.Bind(m.Member!, Read(m))).ToList();
        Expression body = assignments.Count == 0 ? created : Expression.MemberInit(created, assignments);
        return Expression.Lambda<Func<object[], int, T>>(body, readers, index).Compile();
    }
}

internal sealed class ListValueReader<TList, TElement>(IArrowArray array, int childLength, ValueReader<TElement> elements, bool asList,
    ColumnContext context) : ValueReader<TList>
{
    public override bool IsNull(int index) => array.IsNull(index);

    public override TList GetValue(int index)
    {
        var (start, length) = array switch
        {
            ListArray l => (l.ValueOffsets[index], l.GetValueLength(index)),
            LargeListArray l => ((int)Math.Clamp(l.ValueOffsets[index], -1, int.MaxValue), (int)Math.Clamp(l.ValueOffsets[index + 1] - l.ValueOffsets[index], -1, int.MaxValue)),
            FixedSizeListArray f => ((f.Offset + index) * ((FixedSizeListType)f.Data.DataType).ListSize, ((FixedSizeListType)f.Data.DataType).ListSize),
            _ => throw new InvalidOperationException(),
        };
        if (start < 0 || length < 0 || start > childLength - length)
            throw context.Malformed(index, $"has a list at values {start}..{start + length} outside its {childLength} child values");
        var values = new TElement[length];
        for (var i = 0; i < length; i++) values[i] = elements.GetValue(start + i);
        return asList ? (TList)(object)new List<TElement>(values) : (TList)(object)values;
    }
}

internal sealed class StructValueReader<T>(StructArray array, object[] readers, Func<object[], int, T> build) : ValueReader<T>
{
    public override bool IsNull(int index) => array.IsNull(index);
    public override T GetValue(int index) => build(readers, index);
}
