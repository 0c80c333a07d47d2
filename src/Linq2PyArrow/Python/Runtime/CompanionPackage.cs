namespace Linq2PyArrow.Python.Runtime;

/// <summary>
/// Where the Python companion package (linq2pyarrow) lives: copied next to the assembly under python/ by the
/// build and by the NuGet package; in a source checkout, the repository's python/ folder.
/// </summary>
internal static class CompanionPackage
{
    public static string? Directory { get; } = Find(AppContext.BaseDirectory);

    /// <summary>The first python/ folder holding linq2pyarrow/__init__.py, from <paramref name="start"/> upwards.</summary>
    internal static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "python");
            if (IsPackageRoot(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsPackageRoot(string path) => File.Exists(Path.Combine(path, "linq2pyarrow", "__init__.py"));
}
