// The exit probe (tests/Linq2PyArrow.ExitProbe) is a test helper program: it drives the runtime's internals in a
// child process, for what can only be observed there (process exit, locating Python before init).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Linq2PyArrow.ExitProbe")]

// The Python.NET host (tests/Linq2PyArrow.PythonNetHost) reports how the GIL was taken in each situation it sets up.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Linq2PyArrow.PythonNetHost")]
