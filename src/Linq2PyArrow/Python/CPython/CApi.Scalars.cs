namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<byte*, nint, nint> PyUnicode_FromStringAndSize;  // UTF-8 → new ref
    public static delegate* unmanaged<nint, nint*, byte*> PyUnicode_AsUTF8AndSize;     // buffer owned by the str
    public static delegate* unmanaged<byte*, nint, nint> PyBytes_FromStringAndSize;
    public static delegate* unmanaged<nint, byte**, nint*, int> PyBytes_AsStringAndSize;
    public static delegate* unmanaged<long, nint> PyLong_FromLongLong;
    public static delegate* unmanaged<ulong, nint> PyLong_FromUnsignedLongLong;
    public static delegate* unmanaged<nint, int*, long> PyLong_AsLongLongAndOverflow;
    public static delegate* unmanaged<nint, ulong> PyLong_AsUnsignedLongLong;
    public static delegate* unmanaged<double, nint> PyFloat_FromDouble;
    public static delegate* unmanaged<nint, double> PyFloat_AsDouble;
    public static delegate* unmanaged<nint, nint> PyBool_FromLong;

    private static void BindScalars(SymbolResolver s)
    {
        PyUnicode_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)s.Required("PyUnicode_FromStringAndSize");
        PyUnicode_AsUTF8AndSize = (delegate* unmanaged<nint, nint*, byte*>)s.Required("PyUnicode_AsUTF8AndSize");
        PyBytes_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)s.Required("PyBytes_FromStringAndSize");
        PyBytes_AsStringAndSize = (delegate* unmanaged<nint, byte**, nint*, int>)s.Required("PyBytes_AsStringAndSize");
        PyLong_FromLongLong = (delegate* unmanaged<long, nint>)s.Required("PyLong_FromLongLong");
        PyLong_FromUnsignedLongLong = (delegate* unmanaged<ulong, nint>)s.Required("PyLong_FromUnsignedLongLong");
        PyLong_AsLongLongAndOverflow = (delegate* unmanaged<nint, int*, long>)s.Required("PyLong_AsLongLongAndOverflow");
        PyLong_AsUnsignedLongLong = (delegate* unmanaged<nint, ulong>)s.Required("PyLong_AsUnsignedLongLong");
        PyFloat_FromDouble = (delegate* unmanaged<double, nint>)s.Required("PyFloat_FromDouble");
        PyFloat_AsDouble = (delegate* unmanaged<nint, double>)s.Required("PyFloat_AsDouble");
        PyBool_FromLong = (delegate* unmanaged<nint, nint>)s.Required("PyBool_FromLong");
    }
}
