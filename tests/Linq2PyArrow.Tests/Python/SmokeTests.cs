using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Python;

[Trait("Category", "Binding")]
public sealed class SmokeTests
{
    [Fact]
    public void Round_trips_a_string_through_python()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("def twice(s):\n    return s * 2\n");
        using var twice = PyCode.Eval("twice", globals);
        using var arg = PyConvert.ToPython("é😀");
        using var result = twice.Call(arg);
        Assert.Equal("é😀é😀", PyConvert.FromPython(result));
    }
}
