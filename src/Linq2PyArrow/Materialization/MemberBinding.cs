using System.Reflection;
using Apache.Arrow;

namespace Linq2PyArrow.Materialization;

/// <summary>One member of a row type bound to one column.</summary>
/// <param name="Column">The column name as the schema spells it.</param>
/// <param name="Field">The declared Arrow field.</param>
/// <param name="ClrType">The member's type (possibly Nullable&lt;T&gt;).</param>
/// <param name="Member">The property or field, when the value is assigned or read through it.</param>
/// <param name="Parameter">The constructor parameter, when the value is passed to the constructor.</param>
/// <param name="Required">True when a null cannot be stored (non-nullable value types, non-nullable reference types).</param>
/// <param name="DisplayName">Type.Member, for messages.</param>
internal sealed record MemberBinding(string Column, Field Field, Type ClrType, MemberInfo? Member, ParameterInfo? Parameter,
    bool Required, string DisplayName)
{
    public Type CoreType => Nullable.GetUnderlyingType(ClrType) ?? ClrType;
}
