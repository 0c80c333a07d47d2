using System.Text;
using System.Text.RegularExpressions;
using Linq2PyArrow.Linq.Operators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Linq2PyArrow.Tests.Documentation;

/// <summary>
/// README.md as a newcomer reads it: every ```csharp block compiles against the library (each block is a complete
/// program: top-level statements and its own types, compiled as in a project with ImplicitUsings, the
/// <c>dotnet new console</c> default), and the operator table is the one the operator registry describes, so
/// neither can drift from the code.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly Lazy<string> s_readme = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));

    public static TheoryData<int, string> CSharpBlocks()
    {
        var data = new TheoryData<int, string>();
        foreach (Match block in CSharpBlock().Matches(s_readme.Value))
            data.Add(s_readme.Value[..block.Index].Count(c => c == '\n') + 1, block.Groups["code"].Value);
        return data;
    }

    [Fact]
    public void The_readme_has_csharp_blocks() => Assert.True(CSharpBlocks().Count >= 5);

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void Every_csharp_block_compiles(int line, string code)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(code, options);
        var compilation = CSharpCompilation.Create($"ReadmeBlockAtLine{line}", [tree, CSharpSyntaxTree.ParseText(ImplicitUsings, options)], References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions([]));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(errors.Count == 0, $"README.md line {line}: the C# block does not compile:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void The_operator_table_is_the_registrys()
    {
        var expected = OperatorTable();
        Assert.True(s_readme.Value.Contains(expected, StringComparison.Ordinal),
            "README.md's operator table differs from the operator registry. The table should read:\n" + expected);
    }

    /// <summary>Every Queryable operator, as the registry's translators declare it.</summary>
    private static string OperatorTable()
    {
        var text = new StringBuilder("| Operators | Pushed to Python | Runs in .NET |\n| --- | --- | --- |\n");
        foreach (var (operators, pushed, inDotNet) in OperatorRegistry.Table())
            text.Append("| ").AppendJoin(", ", operators.Select(o => $"`{o}`")).Append(" | ").Append(pushed).Append(" | ").Append(inDotNet).Append(" |\n");
        return text.ToString();
    }

    /// <summary>What the SDK's ImplicitUsings adds to a console project.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static IEnumerable<MetadataReference> References()
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return framework.Append(typeof(PythonSource).Assembly.Location).Append(typeof(Apache.Arrow.Schema).Assembly.Location)
            .Append(typeof(global::Linq2PyArrow.PythonNet.PythonNetSource).Assembly.Location).Append(typeof(global::Python.Runtime.PyObject).Assembly.Location)
            .Distinct().Select(path => MetadataReference.CreateFromFile(path));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "README.md")) && File.Exists(Path.Combine(directory.FullName, "Linq2PyArrow.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"No repository root (README.md beside Linq2PyArrow.sln) above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^```csharp[ \t]*\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
