using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Docs.Tests;

/// <summary>
/// Every ```csharp block of README.md and docs/*.md must compile on its own beside SnippetPreamble.cs, warnings as
/// errors: a snippet a reader copies must not be a puzzle. Other fences (```text, ```bash, ```xml) are not compiled.
/// </summary>
public sealed class DocSnippetTests
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, line, _) in AllSnippets()) data.Add(file, line);
        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_snippet_compiles(string file, int line)
    {
        var code = AllSnippets().Single(s => s.File == file && s.Line == line).Code;
        var errors = Compile(code);
        Assert.True(errors.Count == 0, $"{file}:{line}: the ```csharp block does not compile:\n" + string.Join("\n", errors) + "\n---\n" + code);
    }

    [Fact]
    public void The_snippets_are_found_and_a_broken_one_fails()
    {
        Assert.True(AllSnippets().Count >= 10, "expected the README's and docs' snippets");
        // The checker itself: each of the faults the issue found in the docs is caught.
        Assert.NotEmpty(Compile("var x = new Bunq.Runtime.BunqPublicClient(Bunq.Runtime.BunqEnvironment.Sandbox);"));
        Assert.NotEmpty(Compile("var c = BunqEnvironment.Sandbox;"));
        Assert.NotEmpty(Compile("var a = 1;\nvar a = 2;"));
        Assert.NotEmpty(Compile("try { } catch (Exception ex) { }"));
        Assert.Empty(Compile("using Bunq.Runtime;\nvar c = BunqEnvironment.Sandbox;\nConsole.WriteLine(c);"));
    }

    internal static List<string> Compile(string code)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        var snippet = CSharpSyntaxTree.ParseText(code, options, path: "snippet.cs", encoding: Encoding.UTF8);
        var preamble = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SnippetPreamble.cs")), options, path: "SnippetPreamble.cs");
        var hasStatements = snippet.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Snippet",
            new[] { preamble, snippet },
            References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                allowUnsafe: false));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == snippet
                // A snippet is an excerpt: an unused using is not a fault of the text.
                && d.Id != "CS8019" && d.Id != "CS0105")
            .Select(d => d.ToString())
            .ToList();
    }

    internal static IReadOnlyList<(string File, int Line, string Code)> AllSnippets()
    {
        var root = RepositoryRoot();
        var files = new List<string> { Path.Combine(root, "README.md") };
        files.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").OrderBy(f => f, StringComparer.Ordinal));
        var snippets = new List<(string, int, string)>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp") continue;
                var start = i + 1;
                var end = start;
                while (end < lines.Length && lines[end].Trim() != "```") end++;
                Assert.True(end < lines.Length, $"{relative}:{i + 1}: a ```csharp block is never closed");
                snippets.Add((relative, i + 1, string.Join("\n", lines[start..end])));
                i = end;
            }
        }
        return snippets;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bunq.CodeGen.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (Bunq.CodeGen.sln) is not above " + AppContext.BaseDirectory);
    }

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        // The framework (with ASP.NET Core) as the test host runs it, and everything this test project was built with:
        // the runtime, the kit, the emulator, the Redis package, OpenTelemetry and the generated MyApp.Bunq client (in this assembly).
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.AddRange(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"));
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase) || name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)) continue;
            if (!byName.ContainsKey(name) && IsManaged(path)) byName[name] = path;
        }
        return byName.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
