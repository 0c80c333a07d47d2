using Linq2PyArrow.Python;
using Linq2PyArrow.Python.Runtime;

namespace Linq2PyArrow.Tests.Python;

/// <summary>What the interpreter looks like once started (§8.4 17: signals).</summary>
[Trait("Category", "Binding")]
public sealed class StartupTests
{
    [Fact]
    public void Python_installs_no_SIGINT_handler_so_ctrl_c_stays_with_dotnet()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import signal");
        // With Py_InitializeEx(1) this would be signal.default_int_handler (raising KeyboardInterrupt).
        Assert.Equal(false, BindingTestSupport.Eval("signal.getsignal(signal.SIGINT) is signal.default_int_handler", globals));
    }

    [Fact]
    public void The_reported_version_and_library_are_the_running_interpreters()
    {
        var version = PythonEnvironment.Version;
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import sys, platform");
        Assert.Equal(BindingTestSupport.Eval("platform.python_version()", globals), version);
        Assert.Equal($"libpython3.{BindingTestSupport.Eval("sys.version_info[1]", globals)}.so.1.0",
            Path.GetFileName(PythonEnvironment.LibraryPath));
        Assert.True(PythonEnvironment.IsInitialized);
        Assert.Equal(BindingTestSupport.Eval("sys.version_info[1]", globals), (long)PythonRuntime.Installation.MinorVersion);
    }
}
