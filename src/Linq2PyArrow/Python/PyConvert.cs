using System.Globalization;
using System.Numerics;
using System.Text;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>
/// .NET ↔ Python conversions for the values data sources exchange: options, partition specs and filter values.
/// Not a hot path (batches cross as Arrow), so clarity wins over micro-optimisation. GIL required.
/// </summary>
internal static partial class PyConvert
{
    public static unsafe PyObject ToPython(object? value) => value switch
    {
        null => PyObject.None,
        PyObject o => PyObject.Borrow(o.Handle),
        string s => FromString(s),
        char c => FromString(c.ToString()),
        bool b => PyObject.Borrow(b ? CApi.True : CApi.False),
        int i => PyObject.Steal(CApi.PyLong_FromLongLong(i)),
        long l => PyObject.Steal(CApi.PyLong_FromLongLong(l)),
        short s16 => PyObject.Steal(CApi.PyLong_FromLongLong(s16)),
        sbyte s8 => PyObject.Steal(CApi.PyLong_FromLongLong(s8)),
        byte u8 => PyObject.Steal(CApi.PyLong_FromLongLong(u8)),
        ushort u16 => PyObject.Steal(CApi.PyLong_FromLongLong(u16)),
        uint u32 => PyObject.Steal(CApi.PyLong_FromLongLong(u32)),
        ulong u64 => PyObject.Steal(CApi.PyLong_FromUnsignedLongLong(u64)),
        BigInteger big => FromBigInteger(big),
        double d => PyObject.Steal(CApi.PyFloat_FromDouble(d)),
        float f => PyObject.Steal(CApi.PyFloat_FromDouble(f)),
        Half h => PyObject.Steal(CApi.PyFloat_FromDouble((double)h)),
        decimal m => FromDecimal(m),
        byte[] bytes => FromBytes(bytes),
        ReadOnlyMemory<byte> memory => FromBytes(memory.Span),
        DateTime dt => FromDateTime(dt),
        DateTimeOffset dto => FromDateTimeOffset(dto),
        DateOnly date => CallType(PythonTypes.Date, date.Year, date.Month, date.Day),
        TimeOnly time => CallType(PythonTypes.Time, time.Hour, time.Minute, time.Second, (int)(time.Ticks % TimeSpan.TicksPerSecond / 10)),
        TimeSpan span => FromTimeSpan(span),
        Enum e => ToPython(Convert.ChangeType(e, e.GetTypeCode(), CultureInfo.InvariantCulture)),
        System.Collections.IDictionary dictionary => FromDictionary(dictionary),
        System.Collections.IEnumerable sequence => FromSequence(sequence),
        _ => throw new NotSupportedException(
            $"A .NET value of type {value.GetType().FullName} cannot be passed to Python. Supported: string, bool, integers, " +
            "floating point, decimal, byte[], DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, dictionaries and sequences of these."),
    };

    public static unsafe PyObject FromString(string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount <= 512)
        {
            Span<byte> buffer = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(text, buffer);
            fixed (byte* p = buffer) return PyObject.Steal(CApi.PyUnicode_FromStringAndSize(p, byteCount));
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes) return PyObject.Steal(CApi.PyUnicode_FromStringAndSize(p, bytes.Length));
    }

    public static unsafe PyObject FromBytes(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes) return PyObject.Steal(CApi.PyBytes_FromStringAndSize(p, bytes.Length));
    }

    /// <summary>A new tuple holding new references to <paramref name="items"/>.</summary>
    public static unsafe PyObject Tuple(ReadOnlySpan<PyObject> items)
    {
        var tuple = PyObject.Steal(CApi.PyTuple_New(items.Length));
        for (var i = 0; i < items.Length; i++)
        {
            // Cannot fail for a fresh tuple and an index in range; it steals the incref either way.
            CApi.Py_IncRef(items[i].Handle);
            CApi.PyTuple_SetItem(tuple.Handle, i, items[i].Handle);
        }
        return tuple;
    }

    /// <summary>A dict of str to str, as sources receive their options.</summary>
    public static PyObject StringDictionary(IEnumerable<KeyValuePair<string, string>> entries) =>
        NewDict(entries.Select(e => ((object?)e.Key, (object?)e.Value)));

    private static PyObject FromDictionary(System.Collections.IDictionary dictionary) => NewDict(Entries(dictionary));

    /// <summary>Through IDictionary's own enumerator: a generic dictionary's IEnumerable yields KeyValuePairs.</summary>
    private static IEnumerable<(object? Key, object? Value)> Entries(System.Collections.IDictionary dictionary)
    {
        foreach (System.Collections.DictionaryEntry entry in dictionary) yield return (entry.Key, entry.Value);
    }

    /// <summary>A new dict of the entries, each key and value converted with <see cref="ToPython"/>; disposed if one fails.</summary>
    private static unsafe PyObject NewDict(IEnumerable<(object? Key, object? Value)> entries)
    {
        var dict = PyObject.Steal(CApi.PyDict_New());
        try
        {
            foreach (var (key, value) in entries)
            {
                using var pyKey = ToPython(key);
                using var pyValue = ToPython(value);
                PythonErrors.Check(CApi.PyDict_SetItem(dict.Handle, pyKey.Handle, pyValue.Handle));
            }
            return dict;
        }
        catch
        {
            dict.Dispose();
            throw;
        }
    }

    private static unsafe PyObject FromSequence(System.Collections.IEnumerable sequence)
    {
        var items = new List<PyObject>();
        try
        {
            foreach (var item in sequence) items.Add(ToPython(item));
            var list = PyObject.Steal(CApi.PyList_New(items.Count));
            for (var i = 0; i < items.Count; i++)
                PythonErrors.Check(CApi.PyList_SetItem(list.Handle, i, items[i].DetachNewReference()));
            return list;
        }
        finally
        {
            foreach (var item in items) item.Dispose();
        }
    }

    private static unsafe PyObject FromBigInteger(BigInteger value)
    {
        // Hex, because int(str) refuses more than 4300 decimal digits on 3.11+ (sys.int_max_str_digits) while
        // power-of-two bases are exempt. "x" formats negatives in two's complement, hence sign + magnitude.
        var hex = (value.Sign < 0 ? "-" : "") + BigInteger.Abs(value).ToString("x", CultureInfo.InvariantCulture);
        using var text = FromString(hex);
        using var sixteen = PyObject.Steal(CApi.PyLong_FromLongLong(16));
        using var intType = PyObject.Borrow(CApi.LongType);
        return intType.Call(text, sixteen);
    }

    private static PyObject FromDecimal(decimal value)
    {
        using var text = FromString(value.ToString(CultureInfo.InvariantCulture));
        return PythonTypes.Decimal.Call(text);
    }

    private static PyObject FromDateTime(DateTime value)
    {
        var micros = (int)(value.Ticks % TimeSpan.TicksPerSecond / 10);
        if (value.Kind != DateTimeKind.Utc)
            return CallType(PythonTypes.DateTime, value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, micros);
        using var naive = CallType(PythonTypes.DateTime, value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, micros);
        using var replace = naive.GetAttr("replace");
        return replace.Call([], [new("tzinfo", PythonTypes.Utc)]);
    }

    private static PyObject FromDateTimeOffset(DateTimeOffset value)
    {
        using var offset = FromTimeSpan(value.Offset);
        using var zone = value.Offset == TimeSpan.Zero ? PyObject.Borrow(PythonTypes.Utc.Handle) : PythonTypes.TimeZone.Call(offset);
        var local = value.DateTime;
        using var naive = CallType(PythonTypes.DateTime, local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second,
            (int)(local.Ticks % TimeSpan.TicksPerSecond / 10));
        using var replace = naive.GetAttr("replace");
        return replace.Call([], [new("tzinfo", zone)]);
    }

    private static PyObject FromTimeSpan(TimeSpan value)
    {
        // timedelta(microseconds=…) normalizes days/seconds itself; ticks below a microsecond are dropped.
        using var micros = ToPython(value.Ticks / 10);
        return PythonTypes.TimeDelta.Call([], [new("microseconds", micros)]);
    }

    private static PyObject CallType(PyObject type, params int[] arguments)
    {
        var args = new PyObject[arguments.Length];
        try
        {
            for (var i = 0; i < args.Length; i++) args[i] = ToPython(arguments[i]);
            return type.Call(args);
        }
        finally
        {
            foreach (var arg in args) arg?.Dispose();
        }
    }
}
