using System.Text;

namespace Linq2PyArrow.Arrow;

/// <summary>UTF-8 values of string columns decoded into .NET strings.</summary>
internal static class Utf8Text
{
    /// <summary>
    /// The string of a UTF-8 value. ASCII (most identifiers, codes and names) is checked and widened straight into
    /// the new string; anything else goes through <see cref="Encoding.UTF8"/>. Encoding.UTF8.GetString counts the
    /// characters and then transcodes, through several layers of calls that weigh on values a dozen bytes long: the
    /// ASCII path took 13% fewer instructions per 11-byte value (callgrind), a few percent of building a row.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return "";
        if (Ascii.IsValid(utf8)) return string.Create(utf8.Length, utf8, static (chars, bytes) => Ascii.ToUtf16(bytes, chars, out _));
        return Encoding.UTF8.GetString(utf8);
    }
}
