using System.Runtime.CompilerServices;
using System.Text;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>
/// Enum members by name, for string columns. A value matches the member spelled exactly the same (ordinal) first,
/// else the member whose name equals it ignoring case (ordinal, culture-invariant) when there is exactly one; for a
/// [Flags] enum, a comma-separated list of names (as Enum.ToString writes combinations) combines them. No trimming,
/// no numbers ("3" is not a name): anything else is an error naming the value.
/// </summary>
internal static class EnumNames<TEnum> where TEnum : struct, Enum
{
    private const int StackLimit = 256;

    private static readonly Dictionary<string, TEnum>.AlternateLookup<ReadOnlySpan<char>> Exact;
    private static readonly Dictionary<string, TEnum>.AlternateLookup<ReadOnlySpan<char>> IgnoringCase;
    private static readonly Dictionary<string, string[]> Ambiguous = new(StringComparer.OrdinalIgnoreCase);
    private static readonly bool IsFlags = typeof(TEnum).IsDefined(typeof(FlagsAttribute), false);

#pragma warning disable CA1810 // one pass over the names fills all three tables
    static EnumNames()
#pragma warning restore CA1810
    {
        var exact = new Dictionary<string, TEnum>(StringComparer.Ordinal);
        var ignoringCase = new Dictionary<string, TEnum>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in Enum.GetNames<TEnum>().GroupBy(n => n, StringComparer.OrdinalIgnoreCase))
        {
            var names = group.ToArray();
            foreach (var name in names) exact[name] = Enum.Parse<TEnum>(name);
            if (names.Length == 1) ignoringCase[names[0]] = exact[names[0]];
            else Ambiguous[names[0]] = names;
        }
        Exact = exact.GetAlternateLookup<ReadOnlySpan<char>>();
        IgnoringCase = ignoringCase.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static bool TryParse(ReadOnlySpan<byte> utf8, out TEnum value)
    {
        if (utf8.Length > StackLimit) return TryParse(Encoding.UTF8.GetString(utf8), out value);
        Span<char> chars = stackalloc char[utf8.Length];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        return TryParse(chars[..length], out value);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out TEnum value)
    {
        if (Exact.TryGetValue(text, out value) || IgnoringCase.TryGetValue(text, out value)) return true;
        return IsFlags && text.Contains(',') && TryCombine(text, out value);
    }

    private static bool TryCombine(ReadOnlySpan<char> text, out TEnum value)
    {
        ulong bits = 0;
        value = default;
        foreach (var range in text.Split(','))
        {
            var part = text[range].Trim(' ');
            if (!Exact.TryGetValue(part, out var member) && !IgnoringCase.TryGetValue(part, out member)) return false;
            bits |= Bits(member);
        }
        value = FromBits(bits);
        return true;
    }

    private static ulong Bits(TEnum value) => Unsafe.SizeOf<TEnum>() switch
    {
        1 => Unsafe.As<TEnum, byte>(ref value),
        2 => Unsafe.As<TEnum, ushort>(ref value),
        4 => Unsafe.As<TEnum, uint>(ref value),
        _ => Unsafe.As<TEnum, ulong>(ref value),
    };

    private static TEnum FromBits(ulong bits)
    {
        TEnum value = default;
        switch (Unsafe.SizeOf<TEnum>())
        {
            case 1: Unsafe.As<TEnum, byte>(ref value) = (byte)bits; break;
            case 2: Unsafe.As<TEnum, ushort>(ref value) = (ushort)bits; break;
            case 4: Unsafe.As<TEnum, uint>(ref value) = (uint)bits; break;
            default: Unsafe.As<TEnum, ulong>(ref value) = bits; break;
        }
        return value;
    }

    /// <summary>The error for a value that names no member (cold path).</summary>
    public static SchemaMismatchException Unknown(ColumnContext context, int row, ReadOnlySpan<byte> utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var enumName = TypeNames.Of(typeof(TEnum));
        var names = Enum.GetNames<TEnum>();
        var listed = string.Join(", ", names.Take(20)) + (names.Length > 20 ? $", … ({names.Length} names)" : "");
        var suggestion = CloseMatch.Find(text, names) is { } match ? $"; did you mean '{match}'?" : "";
        var problem = Ambiguous.TryGetValue(text, out var candidates)
            ? $"which matches {string.Join(" and ", candidates)} of enum {enumName} only ignoring case, so it is ambiguous"
            : $"which is not a name of enum {enumName} ({listed}{suggestion})";
        return context.NotAnEnumName(row, text, problem);
    }
}
