using Linq2PyArrow.Python;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Python;

/// <summary>C extension modules resolve libpython's symbols: it was loaded RTLD_GLOBAL (§8.4 1).</summary>
[Trait("Category", "Binding")]
public sealed class ExtensionModuleTests(ITestOutputHelper output)
{
    [Fact]
    public void Ctypes_imports_and_calls_into_libc()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import ctypes, ctypes.util\nlibc = ctypes.CDLL(None)\n");
        Assert.Equal(5L, BindingTestSupport.Eval("libc.strlen(b'hello')", globals));
        Assert.Equal(7L, BindingTestSupport.Eval("ctypes.c_int(7).value", globals));
    }

    [Fact]
    public void The_C_decimal_module_imports_and_computes()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import _decimal\n");
        Assert.Equal("3.3", BindingTestSupport.Eval("str(_decimal.Decimal('1.1') + _decimal.Decimal('2.2'))", globals));
        Assert.Equal(true, BindingTestSupport.Eval("__import__('decimal').Decimal is _decimal.Decimal", globals));
    }

    [Fact]
    public void Sqlite3_imports_and_runs_a_query()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import _sqlite3, sqlite3\nconnection = sqlite3.connect(':memory:')\n");
        Assert.Equal(new object?[] { 2L, "é😀" }, BindingTestSupport.Eval("connection.execute(\"select 1 + 1, 'é😀'\").fetchone()", globals));
        using (PyCode.Exec("connection.close()", globals)) { }
    }

    [Fact]
    public void Numpy_imports_and_computes_when_installed()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import importlib.util\nhas_numpy = importlib.util.find_spec('numpy') is not None\n");
        if (!(bool)BindingTestSupport.Eval("has_numpy", globals)!)
        {
            BindingTestSupport.Skip(output, "numpy is not installed for this Python");
            return;
        }
        using (PyCode.Exec("import numpy\narray = numpy.arange(10, dtype=numpy.int64)\n", globals)) { }
        Assert.Equal(45L, BindingTestSupport.Eval("int(array.sum())", globals));
        Assert.Equal(285L, BindingTestSupport.Eval("int(array @ array)", globals));
    }
}
