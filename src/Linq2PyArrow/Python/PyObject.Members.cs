using System.Text;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

internal sealed partial class PyObject
{
    public unsafe PyObject GetAttr(string name)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length) + 1];
        fixed (byte* p = Utf8Z(name, utf8))
            return Steal(CApi.PyObject_GetAttrString(handle, (nint)p));
    }

    /// <summary>The attribute, or null when it does not exist (any AttributeError is swallowed, other errors raise).</summary>
    public unsafe PyObject? GetAttrOrNull(string name)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length) + 1];
        nint attribute;
        fixed (byte* p = Utf8Z(name, utf8)) attribute = CApi.PyObject_GetAttrString(handle, (nint)p);
        if (attribute != 0) return new PyObject(attribute);
        // Checked on the pending error itself: describing it (traceback text) only to drop it would be wasted work.
        if (CApi.PyErr_ExceptionMatches(CApi.PyExc_AttributeError) == 0) throw PythonErrors.Fetch();
        CApi.PyErr_Clear();
        return null;
    }

    public bool HasAttr(string name)
    {
        using var attribute = GetAttrOrNull(name);
        return attribute is not null;
    }

    public unsafe void SetAttr(string name, PyObject value)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length) + 1];
        fixed (byte* p = Utf8Z(name, utf8))
            PythonErrors.Check(CApi.PyObject_SetAttrString(handle, (nint)p, value.Handle));
    }

    /// <summary><c>this[key]</c>.</summary>
    public unsafe PyObject GetItem(PyObject key) => Steal(CApi.PyObject_GetItem(handle, key.Handle));

    public unsafe bool IsInstance(nint type)
    {
        var result = CApi.PyObject_IsInstance(handle, type);
        if (result < 0) throw PythonErrors.Fetch();
        return result == 1;
    }

    public unsafe PyObject Type() => Steal(CApi.PyObject_Type(handle));

    /// <summary>The type's name as Python prints it: qualified by its module unless builtin.</summary>
    public string TypeName()
    {
        using var type = Type();
        return PythonTypes.QualifiedName(type);
    }

    public unsafe string Str()
    {
        using var text = Steal(CApi.PyObject_Str(handle));
        return PyConvert.ToStringExact(text.Handle);
    }

    public unsafe string Repr()
    {
        using var text = Steal(CApi.PyObject_Repr(handle));
        return PyConvert.ToStringExact(text.Handle);
    }

    public unsafe bool IsTrue()
    {
        var result = CApi.PyObject_IsTrue(handle);
        if (result < 0) throw PythonErrors.Fetch();
        return result == 1;
    }

    public unsafe PyObject GetIter() => Steal(CApi.PyObject_GetIter(handle));

    /// <summary>The next item, or null at exhaustion; an exception raised by the iterator becomes a PythonException.</summary>
    public unsafe PyObject? Next()
    {
        var item = CApi.PyIter_Next(handle);
        if (item != 0) return new PyObject(item);
        if (CApi.PyErr_Occurred() != 0) throw PythonErrors.Fetch();
        return null;
    }

    internal static ReadOnlySpan<byte> Utf8Z(string text, Span<byte> buffer)
    {
        var length = Encoding.UTF8.GetBytes(text, buffer);
        buffer[length] = 0;
        return buffer[..(length + 1)];
    }
}
