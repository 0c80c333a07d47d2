using System.Globalization;
using System.Numerics;
using System.Text;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

internal static partial class PyConvert
{
    /// <summary>
    /// Converts a Python value to its natural .NET form: None → null, bool, int → long (BigInteger when it
    /// doesn't fit), float → double, str → string, bytes → byte[], dict → IReadOnlyDictionary&lt;string, object?&gt;
    /// (keys converted with str() only when they are str), list/tuple → IReadOnlyList&lt;object?&gt;, datetime →
    /// DateTime (naive) or DateTimeOffset (aware), date → DateOnly, time → TimeOnly, timedelta → TimeSpan,
    /// Decimal → decimal. Anything else raises NotSupportedException naming the Python type.
    /// </summary>
    public static object? FromPython(PyObject value)
    {
        if (value.IsNone) return null;
        if (value.IsInstance(CApi.BoolType)) return value.Handle == CApi.True;
        if (value.IsInstance(CApi.LongType)) return ToInteger(value);
        if (value.IsInstance(CApi.FloatType)) return ToDouble(value);
        if (value.IsInstance(CApi.UnicodeType)) return ToStringExact(value.Handle);
        if (value.IsInstance(CApi.BytesType)) return ToBytes(value);
        if (value.IsInstance(CApi.DictType)) return ToDictionary(value);
        if (value.IsInstance(CApi.ListType) || value.IsInstance(CApi.TupleType)) return ToList(value);
        if (value.IsInstance(PythonTypes.DateTime.Handle)) return ToDateTime(value);
        if (value.IsInstance(PythonTypes.Date.Handle)) return new DateOnly(Int(value, "year"), Int(value, "month"), Int(value, "day"));
        if (value.IsInstance(PythonTypes.Time.Handle))
            return new TimeOnly(Int(value, "hour"), Int(value, "minute"), Int(value, "second")).Add(TimeSpan.FromTicks(Int(value, "microsecond") * 10L));
        if (value.IsInstance(PythonTypes.TimeDelta.Handle))
            return new TimeSpan(Int(value, "days") * TimeSpan.TicksPerDay + Int(value, "seconds") * TimeSpan.TicksPerSecond + Int(value, "microseconds") * 10L);
        if (value.IsInstance(PythonTypes.Decimal.Handle))
            return decimal.Parse(value.Str(), NumberStyles.Float, CultureInfo.InvariantCulture);
        throw new NotSupportedException($"A Python value of type {value.TypeName()} has no .NET conversion.");
    }

    /// <summary>A Python str to a .NET string; raises TypeError (as a PythonException) for anything else.</summary>
    public static unsafe string ToStringExact(nint str)
    {
        nint length;
        var utf8 = CApi.PyUnicode_AsUTF8AndSize(str, &length);
        if (utf8 == null) throw PythonErrors.Fetch();
        return Encoding.UTF8.GetString(utf8, checked((int)length));
    }

    public static unsafe object ToInteger(PyObject value)
    {
        int overflow;
        var result = CApi.PyLong_AsLongLongAndOverflow(value.Handle, &overflow);
        if (result == -1 && CApi.PyErr_Occurred() != 0) throw PythonErrors.Fetch();
        if (overflow == 0) return result;
        // Through hex: str() of an int over 4300 digits raises ValueError on 3.11+ (sys.int_max_str_digits).
        using var spec = FromString("x");
        using var hexObject = value.CallMethod("__format__", spec);
        var hex = ToStringExact(hexObject.Handle);
        var negative = hex.StartsWith('-');
        var magnitude = BigInteger.Parse("0" + (negative ? hex[1..] : hex), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return negative ? -magnitude : magnitude;
    }

    public static unsafe long ToInt64(PyObject value)
    {
        int overflow;
        var result = CApi.PyLong_AsLongLongAndOverflow(value.Handle, &overflow);
        if (result == -1 && CApi.PyErr_Occurred() != 0) throw PythonErrors.Fetch();
        if (overflow != 0) throw new OverflowException($"The Python int {value.Str()} does not fit in a 64-bit integer.");
        return result;
    }

    public static unsafe double ToDouble(PyObject value)
    {
        var result = CApi.PyFloat_AsDouble(value.Handle);
        if (result == -1.0 && CApi.PyErr_Occurred() != 0) throw PythonErrors.Fetch();
        return result;
    }

    public static unsafe byte[] ToBytes(PyObject value)
    {
        byte* data;
        nint length;
        PythonErrors.Check(CApi.PyBytes_AsStringAndSize(value.Handle, &data, &length));
        return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
    }

    private static unsafe IReadOnlyDictionary<string, object?> ToDictionary(PyObject dict)
    {
        var result = new Dictionary<string, object?>();
        nint position = 0, key, item;
        // Keys and values are borrowed; nothing below mutates the dict.
        while (CApi.PyDict_Next(dict.Handle, &position, &key, &item) != 0)
        {
            using var pyKey = PyObject.Borrow(key);
            using var pyValue = PyObject.Borrow(item);
            var name = pyKey.IsInstance(CApi.UnicodeType) ? ToStringExact(key) : pyKey.Str();
            result[name] = FromPython(pyValue);
        }
        return result;
    }

    private static unsafe IReadOnlyList<object?> ToList(PyObject sequence)
    {
        using var list = PyObject.Steal(CApi.PySequence_List(sequence.Handle));
        var count = CApi.PyList_Size(list.Handle);
        var result = new object?[count];
        for (nint i = 0; i < count; i++)
        {
            using var item = PyObject.Borrow(CApi.PyList_GetItem(list.Handle, i));
            result[i] = FromPython(item);
        }
        return result;
    }

    private static object ToDateTime(PyObject value)
    {
        var local = new DateTime(Int(value, "year"), Int(value, "month"), Int(value, "day"),
            Int(value, "hour"), Int(value, "minute"), Int(value, "second")).AddTicks(Int(value, "microsecond") * 10L);
        using var tzinfo = value.GetAttr("tzinfo");
        if (tzinfo.IsNone) return local;
        using var offset = value.CallMethod("utcoffset");
        var span = (TimeSpan)FromPython(offset)!;
        return new DateTimeOffset(local, span);
    }

    private static int Int(PyObject value, string attribute)
    {
        using var field = value.GetAttr(attribute);
        return checked((int)ToInt64(field));
    }
}
