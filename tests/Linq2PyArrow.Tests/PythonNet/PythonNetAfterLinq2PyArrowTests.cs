using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.PythonNet;

/// <summary>
/// Linq2PyArrow starts Python, then the application initializes Python.NET on the same libpython (which then finds
/// the interpreter running); the same steps as <see cref="PythonNetTests"/>. A class of its own so that the two run
/// side by side.
/// </summary>
[Trait("Category", "PythonNet")]
public sealed class PythonNetAfterLinq2PyArrowTests(ITestOutputHelper output)
{
    public static TheoryData<string> Libraries => PythonNetHost.Libraries();

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Linq2PyArrow_first_unused_on_the_main_thread_then_Python_NET(string library)
    {
        if (PythonNetHost.Skipped(output, library)) return;
        // 3.11 deadlocked here before: Python.NET's PyGILState_Ensure bound its own thread state to the main thread,
        // and a later query there took the GIL through a second state. Now it reuses Python.NET's (GilState).
        var result = PythonNetHost.Run(output, library, library, "linq2pyarrow-first");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(PythonNetHost.Expected(adopted: false, before: [], mainThread: "GilState", shutdown: true), result.Lines);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Linq2PyArrow_first_used_on_the_main_thread_then_Python_NET(string library)
    {
        if (PythonNetHost.Skipped(output, library)) return;
        // The main thread's own state of ours is its GILState state, so Python.NET's Py.GIL() reuses it.
        var result = PythonNetHost.Run(output, library, library, "linq2pyarrow-first-used");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(PythonNetHost.Expected(adopted: false, before: [$"main thread before Python.NET: {PythonNetHost.Results} (GIL taken as Own)"], mainThread: "Own", shutdown: true),
            result.Lines);
    }
}
