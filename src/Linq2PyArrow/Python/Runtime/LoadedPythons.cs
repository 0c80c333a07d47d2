using System.Text.RegularExpressions;

namespace Linq2PyArrow.Python.Runtime;

/// <summary>
/// The libpythons already mapped into this process (by pythonnet, or any other embedder), read from
/// /proc/self/maps. Two different libpythons in one process share one global symbol namespace (both are loaded
/// RTLD_GLOBAL) and crash or misreport each other's state, so a second one must never be loaded.
/// </summary>
internal static partial class LoadedPythons
{
    /// <summary>Canonical paths of the mapped libpython3.X libraries (the stable-ABI stub libpython3.so excluded).</summary>
    public static IReadOnlyList<string> List()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/maps");
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
        var found = new List<string>();
        foreach (var line in lines)
        {
            // "start-end perms offset dev inode   /path": the path is everything after the first '/' at the end.
            var slash = line.IndexOf('/');
            if (slash < 0) continue;
            var path = line[slash..];
            if (path.EndsWith(" (deleted)", StringComparison.Ordinal)) path = path[..^" (deleted)".Length];
            if (!LibraryName().IsMatch(Path.GetFileName(path))) continue;
            if (!found.Contains(path, StringComparer.Ordinal)) found.Add(path);
        }
        return found;
    }

    /// <summary>The mapped libpython that is not <paramref name="library"/> (compared as canonical paths), if any.</summary>
    public static string? Other(string library)
    {
        var ours = DynamicLinker.RealPath(library);
        return List().FirstOrDefault(loaded => DynamicLinker.RealPath(loaded) != ours);
    }

    /// <summary>The error for two different libpythons, naming both and the fix.</summary>
    public static PythonEnvironmentException Conflict(string loaded, PythonInstallation ours) => new(
        $"This process already has '{loaded}' loaded (by Python.NET or another embedder), but Linq2PyArrow is configured " +
        $"to use '{ours.LibraryPath}' (found by {ours.FoundBy}). Two different libpythons cannot share one process. " +
        "Fix: point both at the same libpython: set PYTHONNET_PYDLL (or Python.Runtime.Runtime.PythonDLL) and " +
        "LINQ2PYARROW_PYTHON (or PythonEnvironment.Configure) to the same file, e.g. " +
        $"LINQ2PYARROW_PYTHON='{loaded}'.");

    [GeneratedRegex(@"^libpython3\.\d+[a-z]*\.so")]
    private static partial Regex LibraryName();
}
