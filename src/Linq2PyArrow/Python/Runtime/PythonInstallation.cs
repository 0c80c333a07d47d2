namespace Linq2PyArrow.Python.Runtime;

/// <summary>A Python found by <see cref="PythonLocator"/>: what to dlopen and how to configure it before init.</summary>
/// <param name="LibraryPath">The versioned shared libpython to load.</param>
/// <param name="Executable">The python executable, when known; used as the program name so that Python derives
/// its prefix (and a venv's pyvenv.cfg) from it, exactly as the executable itself would.</param>
/// <param name="MinorVersion">3.x.</param>
/// <param name="SitePackages">Extra site directories (a venv's) added after init.</param>
/// <param name="FoundBy">Which rule found it, for diagnostics.</param>
internal sealed record PythonInstallation(
    string LibraryPath, string? Executable, int MinorVersion, IReadOnlyList<string> SitePackages, string FoundBy);
