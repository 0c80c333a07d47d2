using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// Expressions as C# spells them, for Explain and messages: operators with C#'s precedence (no redundant
/// parentheses), extension calls as <c>x.Where(…)</c>, casts as <c>(long)x</c>, anonymous types as
/// <c>new { Id = r.Id }</c>, value tuples as <c>(a, b)</c>, and type names as C# writes them
/// (<c>long?</c>, <c>List&lt;string&gt;</c>), where Expression.ToString() prints <c>Convert(x, Nullable`1)</c>.
/// </summary>
internal static class CSharpPrinter
{
    public static string Print(Expression expression)
    {
        var text = new StringBuilder();
        Write(text, expression, 0);
        return text.ToString();
    }

    /// <summary>A type as C# spells it.</summary>
    public static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return TypeName(inner) + "?";
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (IsAnonymous(type)) return "anonymous type";
        if (Keyword(type) is { } keyword) return keyword;
        if (type.IsGenericType && type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
            return "(" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ")";
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        var outer = type.IsNested && !type.IsGenericParameter ? TypeName(type.DeclaringType!) + "." : "";
        if (!type.IsGenericType) return outer + name;
        return outer + name + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }

    private static string? Keyword(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "bool",
        TypeCode.Byte => "byte",
        TypeCode.SByte => "sbyte",
        TypeCode.Int16 => "short",
        TypeCode.UInt16 => "ushort",
        TypeCode.Int32 => type.IsEnum ? null : "int",
        TypeCode.UInt32 => "uint",
        TypeCode.Int64 => "long",
        TypeCode.UInt64 => "ulong",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        TypeCode.Decimal => "decimal",
        TypeCode.String => "string",
        TypeCode.Char => "char",
        _ => type == typeof(object) ? "object" : null,
    };

    private static bool IsAnonymous(Type type) =>
        type.Name.Contains("AnonymousType", StringComparison.Ordinal) && type.IsDefined(typeof(CompilerGeneratedAttribute), false);

    // C# precedence, higher binds tighter.
    private const int Lambda = 1, Conditional = 2, Coalesce = 3, OrElse = 4, AndAlso = 5, Or = 6, Xor = 7, And = 8, Equality = 9,
        Relational = 10, Shift = 11, Additive = 12, Multiplicative = 13, Unary = 14, Primary = 15;

    private static int Precedence(Expression node) => node switch
    {
        LambdaExpression => Lambda,
        ConditionalExpression => Conditional,
        BinaryExpression binary => BinaryPrecedence(binary.NodeType),
        TypeBinaryExpression => Relational,
        UnaryExpression { NodeType: ExpressionType.TypeAs } => Relational,
        UnaryExpression { NodeType: ExpressionType.Quote or ExpressionType.ArrayLength } unary => unary.NodeType == ExpressionType.Quote ? Precedence(unary.Operand) : Primary,
        UnaryExpression => Unary,
        _ => Primary,
    };

    private static int BinaryPrecedence(ExpressionType type) => type switch
    {
        ExpressionType.Coalesce => Coalesce,
        ExpressionType.OrElse => OrElse,
        ExpressionType.AndAlso => AndAlso,
        ExpressionType.Or => Or,
        ExpressionType.ExclusiveOr => Xor,
        ExpressionType.And => And,
        ExpressionType.Equal or ExpressionType.NotEqual => Equality,
        ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual => Relational,
        ExpressionType.LeftShift or ExpressionType.RightShift => Shift,
        ExpressionType.Add or ExpressionType.AddChecked or ExpressionType.Subtract or ExpressionType.SubtractChecked => Additive,
        ExpressionType.Multiply or ExpressionType.MultiplyChecked or ExpressionType.Divide or ExpressionType.Modulo => Multiplicative,
        ExpressionType.ArrayIndex => Primary,
        _ => Primary,
    };

    private static string Operator(ExpressionType type) => type switch
    {
        ExpressionType.Coalesce => "??",
        ExpressionType.OrElse => "||",
        ExpressionType.AndAlso => "&&",
        ExpressionType.Or => "|",
        ExpressionType.ExclusiveOr => "^",
        ExpressionType.And => "&",
        ExpressionType.Equal => "==",
        ExpressionType.NotEqual => "!=",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        ExpressionType.LeftShift => "<<",
        ExpressionType.RightShift => ">>",
        ExpressionType.Add or ExpressionType.AddChecked => "+",
        ExpressionType.Subtract or ExpressionType.SubtractChecked => "-",
        ExpressionType.Multiply or ExpressionType.MultiplyChecked => "*",
        ExpressionType.Divide => "/",
        ExpressionType.Modulo => "%",
        _ => type.ToString(),
    };

    /// <summary>Writes <paramref name="node"/>, parenthesized when its precedence is below <paramref name="needed"/>.</summary>
    private static void Write(StringBuilder text, Expression? node, int needed)
    {
        if (node is null) return;
        var parenthesize = Precedence(node) < needed;
        if (parenthesize) text.Append('(');
        WriteNode(text, node);
        if (parenthesize) text.Append(')');
    }

    private static void WriteNode(StringBuilder text, Expression node)
    {
        switch (node)
        {
            case LambdaExpression lambda:
                if (lambda.Parameters.Count == 1) text.Append(Name(lambda.Parameters[0]));
                else text.Append('(').AppendJoin(", ", lambda.Parameters.Select(Name)).Append(')');
                text.Append(" => ");
                Write(text, lambda.Body, Lambda);
                break;
            case ParameterExpression parameter:
                text.Append(Name(parameter));
                break;
            case ConstantExpression constant:
                text.Append(Literal(constant.Value));
                break;
            case BinaryExpression { NodeType: ExpressionType.ArrayIndex } index:
                Write(text, index.Left, Primary);
                text.Append('[');
                Write(text, index.Right, 0);
                text.Append(']');
                break;
            case BinaryExpression binary:
                var precedence = BinaryPrecedence(binary.NodeType);
                var rightAssociative = binary.NodeType == ExpressionType.Coalesce;
                Write(text, binary.Left, rightAssociative ? precedence + 1 : precedence);
                text.Append(' ').Append(Operator(binary.NodeType)).Append(' ');
                Write(text, binary.Right, rightAssociative ? precedence : precedence + 1);
                break;
            case UnaryExpression unary:
                WriteUnary(text, unary);
                break;
            case ConditionalExpression conditional:
                Write(text, conditional.Test, Coalesce);
                text.Append(" ? ");
                Write(text, conditional.IfTrue, Conditional);
                text.Append(" : ");
                Write(text, conditional.IfFalse, Conditional);
                break;
            case MemberExpression member:
                if (member.Expression is null) text.Append(TypeName(member.Member.DeclaringType!));
                else Write(text, member.Expression, Primary);
                text.Append('.').Append(member.Member.Name);
                break;
            case MethodCallExpression call:
                WriteCall(text, call);
                break;
            case NewExpression created:
                WriteNew(text, created);
                break;
            case MemberInitExpression init:
                WriteNew(text, init.NewExpression, omitEmptyArguments: true);
                text.Append(" { ").AppendJoin(", ", init.Bindings.Select(Binding)).Append(" }");
                break;
            case ListInitExpression list:
                WriteNew(text, list.NewExpression, omitEmptyArguments: true);
                text.Append(" { ").AppendJoin(", ", list.Initializers.Select(i => Arguments(i.Arguments))).Append(" }");
                break;
            case NewArrayExpression { NodeType: ExpressionType.NewArrayInit } array:
                text.Append("new[] { ").Append(Arguments(array.Expressions)).Append(" }");
                break;
            case NewArrayExpression array:
                text.Append("new ").Append(TypeName(array.Type.GetElementType()!)).Append('[').Append(Arguments(array.Expressions)).Append(']');
                break;
            case TypeBinaryExpression typeIs:
                Write(text, typeIs.Expression, Relational);
                text.Append(" is ").Append(TypeName(typeIs.TypeOperand));
                break;
            case InvocationExpression invocation:
                Write(text, invocation.Expression, Primary);
                text.Append('(').Append(Arguments(invocation.Arguments)).Append(')');
                break;
            case DefaultExpression defaultValue:
                text.Append("default(").Append(TypeName(defaultValue.Type)).Append(')');
                break;
            case IndexExpression index:
                Write(text, index.Object, Primary);
                text.Append('[').Append(Arguments(index.Arguments)).Append(']');
                break;
            case OpaqueCallExpression opaque:
                WriteCall(text, opaque.Method);
                break;
            default:
                text.Append(node.ToString());
                break;
        }
    }

    private static void WriteUnary(StringBuilder text, UnaryExpression unary)
    {
        switch (unary.NodeType)
        {
            case ExpressionType.Quote:
                WriteNode(text, unary.Operand);
                return;
            case ExpressionType.ArrayLength:
                Write(text, unary.Operand, Primary);
                text.Append(".Length");
                return;
            case ExpressionType.TypeAs:
                Write(text, unary.Operand, Relational);
                text.Append(" as ").Append(TypeName(unary.Type));
                return;
            case ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.Unbox:
                text.Append('(').Append(TypeName(unary.Type)).Append(')');
                break;
            case ExpressionType.Not:
                text.Append(unary.Type == typeof(bool) || unary.Type == typeof(bool?) ? "!" : "~");
                break;
            case ExpressionType.Negate or ExpressionType.NegateChecked:
                text.Append('-');
                break;
            case ExpressionType.UnaryPlus:
                text.Append('+');
                break;
            case ExpressionType.OnesComplement:
                text.Append('~');
                break;
            default:
                text.Append(unary.NodeType).Append('(');
                WriteNode(text, unary.Operand);
                text.Append(')');
                return;
        }
        Write(text, unary.Operand, Unary);
    }

    private static void WriteCall(StringBuilder text, MethodCallExpression call)
    {
        var method = call.Method;
        IEnumerable<Expression> arguments = call.Arguments;
        if (call.Object is not null)
        {
            if (method.Name == "get_Item")
            {
                Write(text, call.Object, Primary);
                text.Append('[').Append(Arguments(call.Arguments)).Append(']');
                return;
            }
            Write(text, call.Object, Primary);
        }
        else if (method.IsDefined(typeof(ExtensionAttribute), false) && call.Arguments.Count > 0)
        {
            Write(text, call.Arguments[0], Primary);
            arguments = call.Arguments.Skip(1);
        }
        else
        {
            text.Append(TypeName(method.DeclaringType!));
        }
        text.Append('.').Append(method.Name).Append('(').Append(Arguments(arguments)).Append(')');
    }

    private static void WriteNew(StringBuilder text, NewExpression created, bool omitEmptyArguments = false)
    {
        if (IsAnonymous(created.Type) && created.Members is { } members)
        {
            text.Append("new { ").AppendJoin(", ", created.Arguments.Select((a, i) => MemberName(members[i]) + " = " + Print(a))).Append(" }");
            return;
        }
        if (created.Type.IsGenericType && created.Type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true && created.Arguments.Count > 1)
        {
            text.Append('(').Append(Arguments(created.Arguments)).Append(')');
            return;
        }
        text.Append("new ").Append(TypeName(created.Type));
        if (!omitEmptyArguments || created.Arguments.Count > 0) text.Append('(').Append(Arguments(created.Arguments)).Append(')');
    }

    private static string MemberName(MemberInfo member) => member is MethodInfo { Name: var getter } && getter.StartsWith("get_", StringComparison.Ordinal) ? getter[4..] : member.Name;

    private static string Binding(System.Linq.Expressions.MemberBinding binding) => binding switch
    {
        MemberAssignment assignment => assignment.Member.Name + " = " + Print(assignment.Expression),
        MemberMemberBinding nested => nested.Member.Name + " = { " + string.Join(", ", nested.Bindings.Select(Binding)) + " }",
        MemberListBinding list => list.Member.Name + " = { " + string.Join(", ", list.Initializers.Select(i => Arguments(i.Arguments))) + " }",
        _ => binding.ToString(),
    };

    private static string Arguments(IEnumerable<Expression> arguments) => string.Join(", ", arguments.Select(a =>
    {
        var text = new StringBuilder();
        Write(text, a, Lambda);
        return text.ToString();
    }));

    private static string Name(ParameterExpression parameter) => parameter.Name ?? "p";

    /// <summary>A value as a C# literal where it has one; collections as [a, b, …]; anything else as its text.</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        char c => "'" + c + "'",
        Enum e => TypeName(e.GetType()) + "." + e,
        float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        long l => l.ToString(CultureInfo.InvariantCulture),
        IQueryable query => query.ToString() ?? TypeName(query.GetType()),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Take(10).Select(Literal)) + (items.Cast<object?>().Skip(10).Any() ? ", …" : "") + "]",
        Delegate or System.Reflection.MemberInfo => value.ToString() ?? "",
        _ => value.ToString() is { } s && s != value.GetType().ToString() ? s : TypeName(value.GetType()),
    };
}
