using System.Text.RegularExpressions;
using Bunq.CodeGen.Diagnostics;

namespace Bunq.CodeGen.Tests.Load;

public class DiagnosticCatalogTests
{
    [Fact]
    public void Ids_are_unique_and_numbered_from_BUNQ0001_without_gaps()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"BUNQ{i:D4}"), ids);
    }

    [Fact]
    public void Every_public_descriptor_field_is_listed_in_All()
    {
        var fields = typeof(DiagnosticCatalog).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

        Assert.Equal(fields.Count, DiagnosticCatalog.All.Count);
        Assert.All(fields, f => Assert.Contains(f, DiagnosticCatalog.All));
    }

    [Fact]
    public void Every_descriptor_has_title_message_and_help()
    {
        Assert.All(DiagnosticCatalog.All, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Title));
            Assert.False(string.IsNullOrWhiteSpace(d.MessageFormat));
            Assert.True(d.Help.Length > 20, d.Id);
            Assert.Same(d, DiagnosticCatalog.Find(d.Id));
        });
    }

    [Fact]
    public void Create_formats_with_invariant_culture_and_keeps_location()
    {
        var location = new SpecLocation("spec.json", "/paths/~1user", 4, 2);
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("nl-NL");
        try
        {
            var diagnostic = DiagnosticCatalog.Create(DiagnosticCatalog.DocumentTooLarge, location, 1.5, 64);

            Assert.Equal("BUNQ0007", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal("The spec is 1.5 bytes, over the limit of 64 bytes", diagnostic.Message);
            Assert.Same(location, diagnostic.Location);
            Assert.Equal("spec.json(4,2): error BUNQ0007: The spec is 1.5 bytes, over the limit of 64 bytes [/paths/~1user]", diagnostic.ToCompilerString());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Create_with_too_few_arguments_does_not_throw()
    {
        var diagnostic = DiagnosticCatalog.Create(DiagnosticCatalog.NameCollisionRenamed, SpecLocation.Unknown("x"), "only-one");

        Assert.Contains("only-one", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Severity_can_be_overridden()
    {
        var diagnostic = DiagnosticCatalog.Create(DiagnosticCatalog.ReaderWarning, DiagnosticSeverity.Error, SpecLocation.Unknown("x"), "m");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("BUNQ0004", diagnostic.Id);
    }

    [Fact]
    public void Docs_page_documents_every_id_with_severity_and_example()
    {
        var path = Path.Combine(SpecFiles.RepoRoot, "docs", "diagnostics.md");
        var docs = File.ReadAllText(path);

        foreach (var descriptor in DiagnosticCatalog.All)
        {
            var heading = Regex.Match(docs, "^## " + descriptor.Id + ": (?<title>.+)$", RegexOptions.Multiline);
            Assert.True(heading.Success, $"docs/diagnostics.md has no '## {descriptor.Id}: …' heading");
            var section = docs.Substring(heading.Index);
            var next = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
            section = next > 0 ? section.Substring(0, next) : section;
            Assert.Contains("Severity: " + descriptor.DefaultSeverity, section, StringComparison.Ordinal);
            Assert.Contains(descriptor.Id + ":", section.Substring(heading.Length), StringComparison.Ordinal);
        }
    }
}
