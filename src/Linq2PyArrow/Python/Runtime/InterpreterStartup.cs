using System.Runtime.InteropServices;
using System.Text;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python.Runtime;

/// <summary>
/// Py_InitializeEx with the one setting we need before init: the program name. Python derives sys.prefix (and
/// honours a venv's pyvenv.cfg) from it, as if it were that executable. Signal handlers stay off, so Ctrl+C
/// still reaches Console.CancelKeyPress.
/// </summary>
internal static unsafe class InterpreterStartup
{
    public static void Start(PythonInstallation installation)
    {
        if (installation.Executable is null || CApi.Py_SetProgramName != null || !CApi.HasInitConfigApi)
        {
            StartLegacy(installation.Executable);
            return;
        }
        StartWithInitConfig(installation.Executable);
    }

    /// <summary>3.9–3.15: Py_SetProgramName (deprecated since 3.11, still exported) + Py_InitializeEx(0).</summary>
    private static void StartLegacy(string? executable)
    {
        if (executable is not null && CApi.Py_SetProgramName != null)
        {
            // wchar_t is UTF-32 on Linux (non-BMP characters are one unit); the buffer must live for the whole process.
            var utf32 = Encoding.UTF32.GetBytes(executable + "\0");
            var programName = (nint)NativeMemory.Alloc((nuint)utf32.Length);
            Marshal.Copy(utf32, 0, programName, utf32.Length);
            CApi.Py_SetProgramName(programName);
        }
        CApi.Py_InitializeEx(0);
    }

    /// <summary>
    /// 3.16+ (no Py_SetProgramName): PEP 741's PyInitConfig. It starts from the isolated defaults, so the settings
    /// a regular Python has (environment variables, user site) are switched back on. Not exercised by the test
    /// matrix until such a Python is available; 3.14 and 3.15 still take the legacy path.
    /// </summary>
    private static void StartWithInitConfig(string executable)
    {
        var config = CApi.PyInitConfig_Create();
        if (config == 0) throw new PythonEnvironmentException("PyInitConfig_Create failed (out of memory).");
        try
        {
            Check(config, SetInt(config, "isolated", 0));
            Check(config, SetInt(config, "use_environment", 1));
            Check(config, SetInt(config, "user_site_directory", 1));
            Check(config, SetInt(config, "install_signal_handlers", 0));
            Check(config, SetStr(config, "program_name", executable));
            Check(config, CApi.Py_InitializeFromInitConfig(config));
        }
        finally
        {
            CApi.PyInitConfig_Free(config);
        }
    }

    private static int SetInt(nint config, string name, long value)
    {
        fixed (byte* n = Encoding.UTF8.GetBytes(name + "\0")) return CApi.PyInitConfig_SetInt(config, n, value);
    }

    private static int SetStr(nint config, string name, string value)
    {
        fixed (byte* n = Encoding.UTF8.GetBytes(name + "\0"))
        fixed (byte* v = Encoding.UTF8.GetBytes(value + "\0"))
            return CApi.PyInitConfig_SetStr(config, n, v);
    }

    private static void Check(nint config, int status)
    {
        if (status >= 0) return;
        byte* message;
        var text = CApi.PyInitConfig_GetError(config, &message) == 1 ? Marshal.PtrToStringUTF8((nint)message) : null;
        throw new PythonEnvironmentException($"Initializing Python failed: {text ?? "unknown error"}.");
    }
}
