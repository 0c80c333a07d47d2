namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>
/// Where the sample sources live (python/samples in the repository, found from the test binaries upwards) and
/// the settings that put them on sys.path. The JDBC source needs nothing: it is in the companion package.
/// </summary>
internal static class Samples
{
    public const string JdbcModule = "linq2pyarrow.jdbc.datasource", JdbcClass = "JDBCArrowDataSource",
        JdbcSource = $"{JdbcModule}.{JdbcClass}";

    public static string Directory { get; } = Find();

    public static PythonSourceSettings Settings { get; } = new() { SearchPaths = [Directory] };

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "python", "samples");
            if (File.Exists(Path.Combine(candidate, "rest_source.py"))) return candidate;
        }
        throw new InvalidOperationException($"python/samples not found above {AppContext.BaseDirectory}: the integration tests run from a checkout.");
    }
}
