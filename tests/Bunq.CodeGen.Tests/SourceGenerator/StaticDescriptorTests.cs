using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.SourceGenerator;
using Microsoft.CodeAnalysis.CSharp;
using CatalogDescriptor = Bunq.CodeGen.Diagnostics.DiagnosticDescriptor;
using RoslynDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace Bunq.CodeGen.Tests.SourceGenerator;

/// <summary>
/// The source generator's Roslyn descriptors are static fields (so the release-tracking analyzer, RS2000–RS2008, can
/// read them) written from <see cref="DiagnosticCatalog"/> by this test. The catalogue stays the one source: these tests
/// fail when the two differ, and with BUNQ_REGENERATE=1 they rewrite BunqDiagnostics.cs and
/// AnalyzerReleases.Unshipped.md instead (docs/diagnostics.md, "Adding a diagnostic").
/// </summary>
public sealed class StaticDescriptorTests
{
    private static readonly string GeneratorFolder = Path.Combine(Load.SpecFiles.RepoRoot, "generator", "Bunq.CodeGen.SourceGenerator");
    private static readonly string DescriptorsFile = Path.Combine(GeneratorFolder, "BunqDiagnostics.cs");
    private static readonly string ShippedFile = Path.Combine(GeneratorFolder, "AnalyzerReleases.Shipped.md");
    private static readonly string UnshippedFile = Path.Combine(GeneratorFolder, "AnalyzerReleases.Unshipped.md");

    private const string RegenerateCommand =
        "BUNQ_REGENERATE=1 dotnet test tests/Bunq.CodeGen.Tests --filter FullyQualifiedName~StaticDescriptorTests";

    [Fact]
    public void Every_catalogue_entry_has_a_static_descriptor_with_its_id_title_severity_and_help_link()
    {
        var statics = StaticDescriptors();
        Assert.Equal(DiagnosticCatalog.All.Select(d => d.Id), statics.Select(d => d.Descriptor.Id));
        foreach (var (name, descriptor) in statics)
        {
            var entry = DiagnosticCatalog.Find(descriptor.Id)!;
            Assert.Equal(CatalogName(entry), name);
            Assert.Equal(entry.Title, descriptor.Title.ToString());
            Assert.Equal(ToRoslyn(entry.DefaultSeverity), descriptor.DefaultSeverity);
            Assert.Equal(entry.Help, descriptor.Description.ToString());
            Assert.Equal(DiagnosticReporter.DocsBaseUri + entry.HelpLink, descriptor.HelpLinkUri);
            Assert.Equal(BunqDiagnostics.Category, descriptor.Category);
            Assert.Equal("{0}", descriptor.MessageFormat.ToString());
            Assert.True(descriptor.IsEnabledByDefault, descriptor.Id);
        }
    }

    [Fact]
    public void The_lookup_by_id_returns_the_static_descriptor_and_the_internal_error_for_an_unknown_id()
    {
        Assert.Same(BunqDiagnostics.DanglingReference, BunqDiagnostics.Find("BUNQ0006"));
        Assert.Null(BunqDiagnostics.Find("BUNQ9999"));
    }

    [Fact]
    public void The_checked_in_descriptor_file_is_what_the_catalogue_generates()
        => VerifyGenerated(DescriptorsFile, RenderDescriptors());

    [Fact]
    public void Every_catalogue_id_is_in_a_release_file_and_the_unshipped_one_lists_exactly_the_rest()
        => VerifyGenerated(UnshippedFile, RenderUnshipped(ShippedIds()));

    [Fact]
    public void Every_help_link_lands_on_an_anchor_in_docs_diagnostics()
    {
        var docs = File.ReadAllText(Path.Combine(Load.SpecFiles.RepoRoot, "docs", "diagnostics.md"));
        foreach (var entry in DiagnosticCatalog.All)
        {
            var anchor = entry.HelpLink.Substring(entry.HelpLink.IndexOf('#') + 1);
            // GitHub derives heading ids from the whole heading text, so the stable short id is an explicit anchor.
            Assert.True(docs.Contains($"<a id=\"{anchor}\"></a>", StringComparison.Ordinal), $"docs/diagnostics.md lacks <a id=\"{anchor}\"></a> for {entry.Id}");
        }
    }

    private static void VerifyGenerated(string path, string expected)
    {
        var actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
        if (actual == expected) return;
        if (Environment.GetEnvironmentVariable("BUNQ_REGENERATE") == "1")
        {
            File.WriteAllText(path, expected);
            return;
        }
        Assert.Fail($"{path} is not what DiagnosticCatalog generates. Regenerate with: {RegenerateCommand} (then rebuild).");
    }

    private static List<(string Name, RoslynDescriptor Descriptor)> StaticDescriptors() =>
        typeof(BunqDiagnostics).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(RoslynDescriptor))
            .Select(f => (f.Name, (RoslynDescriptor)f.GetValue(null)!))
            .OrderBy(f => f.Item2.Id, StringComparer.Ordinal)
            .ToList();

    private static string CatalogName(CatalogDescriptor entry) =>
        typeof(DiagnosticCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Single(f => ReferenceEquals(f.GetValue(null), entry)).Name;

    private static RoslynSeverity ToRoslyn(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => RoslynSeverity.Error,
        DiagnosticSeverity.Warning => RoslynSeverity.Warning,
        _ => RoslynSeverity.Info,
    };

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static string RenderDescriptors()
    {
        var text = new StringBuilder();
        text.Append("// Written by tests/Bunq.CodeGen.Tests/SourceGenerator/StaticDescriptorTests.cs from DiagnosticCatalog; do not edit.\n");
        text.Append("// Regenerate: ").Append(RegenerateCommand).Append('\n');
        text.Append("using System;\nusing System.Collections.Generic;\nusing Microsoft.CodeAnalysis;\n\n");
        text.Append("namespace Bunq.CodeGen.SourceGenerator;\n\n");
        text.Append("/// <summary>\n");
        text.Append("/// The catalogue's entries as static Roslyn descriptors, so the release-tracking analyzer sees every id the\n");
        text.Append("/// generator can report (AnalyzerReleases.*.md). Messages are formatted by the catalogue, hence \"{0}\".\n");
        text.Append("/// </summary>\n");
        text.Append("internal static class BunqDiagnostics\n{\n");
        text.Append("    internal const string Category = \"Bunq.CodeGen\";\n");
        var names = new List<string>();
        foreach (var entry in DiagnosticCatalog.All)
        {
            var name = CatalogName(entry);
            names.Add(name);
            text.Append('\n');
            text.Append("    internal static readonly DiagnosticDescriptor ").Append(name).Append(" = new DiagnosticDescriptor(\n");
            text.Append("        ").Append(Literal(entry.Id)).Append(",\n");
            text.Append("        ").Append(Literal(entry.Title)).Append(",\n");
            text.Append("        \"{0}\",\n");
            text.Append("        Category,\n");
            text.Append("        DiagnosticSeverity.").Append(ToRoslyn(entry.DefaultSeverity)).Append(",\n");
            text.Append("        isEnabledByDefault: true,\n");
            text.Append("        description: ").Append(Literal(entry.Help)).Append(",\n");
            text.Append("        helpLinkUri: ").Append(Literal(DiagnosticReporter.DocsBaseUri + entry.HelpLink)).Append(");\n");
        }
        text.Append('\n');
        text.Append("    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new Dictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal)\n");
        text.Append("    {\n");
        foreach (var name in names)
        {
            text.Append("        [").Append(name).Append(".Id] = ").Append(name).Append(",\n");
        }
        text.Append("    };\n\n");
        text.Append("    internal static DiagnosticDescriptor? Find(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;\n");
        text.Append("}\n");
        return text.ToString();
    }

    private static HashSet<string> ShippedIds() =>
        File.ReadAllLines(ShippedFile)
            .Select(line => Regex.Match(line, @"^(BUNQ\d{4})\s*\|"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

    private static string RenderUnshipped(HashSet<string> shipped)
    {
        var text = new StringBuilder();
        text.Append("; Unshipped analyzer release\n");
        text.Append("; https://github.com/dotnet/roslyn-analyzers/blob/main/src/Microsoft.CodeAnalysis.Analyzers/ReleaseTrackingAnalyzers.Help.md\n");
        text.Append("; Rows for new catalogue ids are written by StaticDescriptorTests (BUNQ_REGENERATE=1); a changed or removed\n");
        text.Append("; shipped rule goes under \"### Changed Rules\" / \"### Removed Rules\" by hand.\n");
        var unshipped = DiagnosticCatalog.All.Where(d => !shipped.Contains(d.Id)).ToList();
        if (unshipped.Count > 0)
        {
            text.Append("\n### New Rules\n\n");
            text.Append("Rule ID | Category | Severity | Notes\n");
            text.Append("--------|----------|----------|-------\n");
            foreach (var entry in unshipped)
            {
                text.Append(entry.Id).Append(" | ").Append(BunqDiagnostics.Category).Append(" | ")
                    .Append(ToRoslyn(entry.DefaultSeverity)).Append(" | ").Append(entry.Title.Replace("|", "\\|")).Append('\n');
            }
        }
        return text.ToString();
    }
}
