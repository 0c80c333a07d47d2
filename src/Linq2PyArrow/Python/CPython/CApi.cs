using Linq2PyArrow.Python.Runtime;

namespace Linq2PyArrow.Python.CPython;

/// <summary>
/// The slice of the CPython C API the library uses, bound with dlsym into unmanaged function pointers
/// (no marshalling stubs, no per-call transitions beyond the call itself). Split by C-API area into
/// partial files. Only exported functions are used: no macros, no object-header reads, so the binding
/// does not depend on a version's struct layouts.
/// </summary>
internal static unsafe partial class CApi
{
    /// <summary>Python's minor version (3.x), known once bound.</summary>
    public static int MinorVersion { get; private set; }

    public static void Bind(nint library, string libraryPath, int minorVersion)
    {
        var s = new SymbolResolver(library, libraryPath);
        MinorVersion = minorVersion;
        BindLifecycle(s);
        BindThreads(s);
        BindObjects(s);
        BindCalls(s);
        BindErrors(s);
        BindScalars(s);
        BindContainers(s);
        BindCapsules(s);
    }

    internal readonly struct SymbolResolver(nint library, string libraryPath)
    {
        public nint Required(string name)
        {
            var address = DynamicLinker.Symbol(library, name);
            if (address == 0)
                throw new PythonEnvironmentException(
                    $"The Python library '{libraryPath}' does not export '{name}'. Linq2PyArrow supports CPython 3.9 to 3.14 " +
                    "built with a shared library; point LINQ2PYARROW_PYTHON at such a Python.");
            return address;
        }

        public nint Optional(string name) => DynamicLinker.Symbol(library, name);

        /// <summary>A data symbol that is itself a PyObject* variable (PyExc_*): the address of the object.</summary>
        public nint RequiredObjectVariable(string name) => *(nint*)Required(name);
    }
}
