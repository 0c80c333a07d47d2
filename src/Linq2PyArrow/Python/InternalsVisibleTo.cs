// The exit probe (tests/Linq2PyArrow.ExitProbe) is a test helper program: it drives the runtime's internals in a
// child process, for what can only be observed there (process exit, locating Python before init).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Linq2PyArrow.ExitProbe")]
