using System.Xml.Linq;
using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.Architecture;

/// <summary>
/// The layers of docs/architecture.md, read from the project files: the runtime users ship depends on nothing of the
/// generator or the emulator, and the generator knows the runtime only by its contract (an assembly attribute read by
/// name, BUNQ0026), never through a reference. The tool alone hosts the emulator (<c>bunq-codegen emulate</c>).
/// </summary>
public sealed class LayeringTests
{
    private static readonly string Root = SpecFiles.RepoRoot;

    [Fact]
    public void No_project_under_runtime_references_the_generator_or_the_emulator_even_indirectly()
    {
        var offending = ProjectsUnder("runtime")
            .SelectMany(project => Closure(project).Select(reference => (project, reference)))
            .Where(pair => IsUnder(pair.reference, "generator") || IsUnder(pair.reference, "emulator"))
            .Select(pair => $"{Relative(pair.project)} -> {Relative(pair.reference)}")
            .ToList();

        Assert.NotEmpty(ProjectsUnder("runtime"));
        Assert.Empty(offending);
    }

    [Fact]
    public void No_project_under_generator_references_the_runtime_and_only_the_tool_references_the_emulator()
    {
        var offending = new List<string>();
        foreach (var project in ProjectsUnder("generator"))
        {
            var isTool = Path.GetFileNameWithoutExtension(project) == "Bunq.CodeGen.Tool";
            foreach (var reference in DirectReferences(project))
            {
                if (IsUnder(reference, "runtime") || (IsUnder(reference, "emulator") && !isTool)) offending.Add($"{Relative(project)} -> {Relative(reference)}");
            }
        }

        Assert.NotEmpty(ProjectsUnder("generator"));
        Assert.Empty(offending);
    }

    [Fact]
    public void The_generator_library_and_the_source_generator_reach_nothing_of_the_runtime_or_the_emulator()
    {
        // What the compiler loads must not drag a runtime into the analyzer folder; the contract is read by name.
        var loadedByTheCompiler = new[] { "Bunq.CodeGen", "Bunq.CodeGen.SourceGenerator" }
            .Select(name => Path.Combine(Root, "generator", name, name + ".csproj"));
        var offending = loadedByTheCompiler
            .SelectMany(project => Closure(project).Select(reference => (project, reference)))
            .Where(pair => !IsUnder(pair.reference, "generator"))
            .Select(pair => $"{Relative(pair.project)} -> {Relative(pair.reference)}")
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void The_reference_reader_sees_the_emulators_references()
    {
        // Guards the tests above against a reader that finds nothing: the emulator does reference both sides.
        var emulator = Path.Combine(Root, "emulator", "Bunq.Emulator", "Bunq.Emulator.csproj");
        var references = DirectReferences(emulator).Select(Relative).ToList();

        Assert.Contains("generator/Bunq.CodeGen/Bunq.CodeGen.csproj", references);
        Assert.Contains("runtime/Bunq.Runtime/Bunq.Runtime.csproj", references);
        Assert.False(IsUnder(emulator, "runtime"));
    }

    private static IReadOnlyList<string> ProjectsUnder(string folder)
        => Directory.GetFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    /// <summary>Every ProjectReference, whatever its condition (a reference made only when packing still ships).</summary>
    private static IReadOnlyList<string> DirectReferences(string project)
    {
        var directory = Path.GetDirectoryName(project)!;
        return XDocument.Load(project).Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => e.Attribute("Include")?.Value)
            .OfType<string>()
            .Select(include => Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static IReadOnlyCollection<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(DirectReferences(project));
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next) || !File.Exists(next)) continue;
            foreach (var reference in DirectReferences(next)) pending.Push(reference);
        }
        return seen;
    }

    private static bool IsUnder(string path, string folder)
        => Relative(path).StartsWith(folder + "/", StringComparison.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
