using Linq2PyArrow.Python;
using Linq2PyArrow.Python.Runtime;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Python;

/// <summary>sys.path: the companion package, configured search paths, paths added at run time.</summary>
[Trait("Category", "Binding")]
public sealed class SysPathTests(ITestOutputHelper output)
{
    private static IReadOnlyList<object?> SysPath()
    {
        using var gil = Gil.Acquire();
        using var sys = PythonTypes.Import("sys");
        using var path = sys.GetAttr("path");
        return (IReadOnlyList<object?>)PyConvert.FromPython(path)!;
    }

    [Fact]
    public void A_search_path_configured_before_start_is_on_sys_path_and_importable()
    {
        // BindingTestSupport's module initializer configured it through PythonEnvironment.Configure.
        Assert.Contains(BindingTestSupport.HelpersDirectory, SysPath());
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import binding_helpers");
        Assert.Equal(Path.Combine(BindingTestSupport.HelpersDirectory, "binding_helpers.py"),
            BindingTestSupport.Eval("binding_helpers.__file__", globals));
    }

    [Fact]
    public void Configuring_after_start_is_refused_with_a_clear_message()
    {
        PythonEnvironment.Initialize();
        var error = Assert.Throws<InvalidOperationException>(() => PythonEnvironment.Configure(searchPaths: ["/tmp"]));
        Assert.Contains("is already running; configure it before the first query", error.Message);
    }

    [Fact]
    public void Search_paths_added_at_run_time_are_importable()
    {
        var directory = Path.Combine(Path.GetTempPath(), "linq2pyarrow-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "runtime_added_module.py"), "ANSWER = 42\n");
        PythonEnvironment.AddSearchPaths([directory, directory]);
        Assert.Equal(1, SysPath().Count(p => (string?)p == directory));
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import runtime_added_module");
        Assert.Equal(42L, BindingTestSupport.Eval("runtime_added_module.ANSWER", globals));
    }

    [Fact]
    public void The_companion_package_is_found_from_the_assembly_upwards_and_is_importable()
    {
        // Discovery, on a layout made here: <root>/python/linq2pyarrow/__init__.py found from <root>/a/b.
        var root = Path.Combine(Path.GetTempPath(), "linq2pyarrow-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path.Combine(root, "python", "linq2pyarrow"));
        Directory.CreateDirectory(Path.Combine(root, "a", "b"));
        File.WriteAllText(Path.Combine(root, "python", "linq2pyarrow", "__init__.py"), "");
        Assert.Equal(Path.Combine(root, "python"), CompanionPackage.Find(Path.Combine(root, "a", "b")));
        var empty = Path.Combine(Path.GetTempPath(), "linq2pyarrow-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(empty);
        Assert.Null(CompanionPackage.Find(empty));

        var companion = CompanionPackage.Directory;
        if (companion is null)
        {
            BindingTestSupport.Skip(output, "no python/linq2pyarrow package in this checkout or next to the assembly");
            return;
        }
        Assert.Contains(companion, SysPath());
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import linq2pyarrow");
        var file = (string)BindingTestSupport.Eval("linq2pyarrow.__file__", globals)!;
        Assert.Equal(Path.Combine(companion, "linq2pyarrow", "__init__.py"), file);
    }
}
