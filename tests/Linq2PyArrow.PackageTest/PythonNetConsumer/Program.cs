using Linq2PyArrow;
using Linq2PyArrow.PythonNet;
using Python.Runtime;

// A Python.NET application that references only the Linq2PyArrow.PythonNet package. PYTHONNET_PYDLL and
// LINQ2PYARROW_PYTHON name the same Python. Python.NET starts the interpreter, Linq2PyArrow adopts it, and a table
// built through Python.NET with the companion package's linq2pyarrow.arrow is queried with LINQ.
PythonEngine.Initialize();
PythonEngine.BeginAllowThreads();
// Adopts the interpreter now (it otherwise happens on the first PythonNetSource call), which puts the companion
// package on sys.path for the Python code below.
PythonEnvironment.Initialize();
IQueryable<Reading> readings;
using (Py.GIL())
{
    using var table = PythonEngine.Eval(
        "__import__('linq2pyarrow.arrow', fromlist=['table']).table({'sensor': ['a', 'b', 'a'], 'value': [1.5, 2.0, 4.0]})");
    readings = PythonNetSource.FromArrow<Reading>(table);
}
Console.WriteLine($"adopted: {PythonEnvironment.IsAdopted}");
Console.WriteLine($"sensor a: {readings.Where(r => r.Sensor == "a").Sum(r => r.Value)}");
PythonEngine.Shutdown();

internal sealed record Reading(string Sensor, double Value);
