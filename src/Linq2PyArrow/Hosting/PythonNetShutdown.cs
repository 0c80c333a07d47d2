using System.Reflection;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Hosting;

/// <summary>
/// Stops this process's Dask drivers at the start of Python.NET's <c>PythonEngine.Shutdown</c> (its shutdown handlers
/// run first), in an application that uses Python.NET.
/// </summary>
/// <remarks>
/// Python.NET's shutdown removes its types and collects garbage while other Python threads still take turns on the
/// GIL. A driver's event-loop thread (the Dask client, and a local cluster's monitoring) running then reads state
/// that is going away and crashes the process (seen: a segfault in PyObject_RichCompare on that thread, exit code
/// 139, at every exit of a Python.NET application that had used <c>local:2</c>). By reflection, because this
/// assembly does not reference Python.NET: the handler is registered once its assembly is loaded, on the first Dask
/// read.
/// </remarks>
internal static class PythonNetShutdown
{
    private static int s_registered;

    public static void RegisterIfLoaded()
    {
        if (Volatile.Read(ref s_registered) != 0) return;
        var engine = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Python.Runtime")?.GetType("Python.Runtime.PythonEngine");
        var handlerType = engine?.GetNestedType("ShutdownHandler");
        var add = handlerType is null ? null : engine!.GetMethod("AddShutdownHandler", BindingFlags.Public | BindingFlags.Static, [handlerType]);
        if (add is null || Interlocked.Exchange(ref s_registered, 1) != 0) return;
        var stop = typeof(PythonNetShutdown).GetMethod(nameof(StopDaskDrivers), BindingFlags.NonPublic | BindingFlags.Static)!;
        add.Invoke(null, [Delegate.CreateDelegate(handlerType!, stop)]);
    }

    private static void StopDaskDrivers()
    {
        // Python.NET forgets its handlers once they ran: a later PythonEngine.Initialize needs this one again.
        Volatile.Write(ref s_registered, 0);
        try
        {
            using var gil = Gil.Acquire();
            using var globals = PyCode.Exec("import sys\ndriver = sys.modules.get('linq2pyarrow.dask._driver')\nif driver is not None:\n    driver._shutdown_all()\n");
        }
        catch (Exception)
        {
            // Best effort while the host shuts Python down: an exception here would abort its shutdown.
        }
    }
}
