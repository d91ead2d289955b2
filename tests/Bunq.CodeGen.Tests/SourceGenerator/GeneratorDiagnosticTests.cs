using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.SourceGenerator;
using Microsoft.CodeAnalysis;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace Bunq.CodeGen.Tests.SourceGenerator;

/// <summary>Findings reach the build as Roslyn diagnostics located in the spec file; errors mean no code at all.</summary>
public class GeneratorDiagnosticTests
{
    private const string SpecPath = "/project/bunq.json";

    // A small bunq-shaped spec whose one response schema points into another file, which is never loaded (an error; a
    // reference to a missing component of the same file is repaired as raw JSON instead, BUNQ0024).
    private const string DanglingRefSpec = """
        {
          "openapi": "3.0.0",
          "info": { "title": "bunq", "version": "1.0" },
          "paths": {
            "/user/{userID}": {
              "get": {
                "operationId": "READ_User",
                "parameters": [ { "name": "userID", "in": "path", "required": true, "schema": { "type": "integer" } } ],
                "responses": {
                  "200": {
                    "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "other.json#/components/schemas/Nope" } } }
                  }
                }
              }
            }
          },
          "components": { "schemas": {} }
        }
        """;

    [Fact]
    public void A_broken_spec_reports_the_catalogue_id_at_its_line_and_column_in_the_spec_and_generates_nothing()
    {
        var result = Run(GeneratorHarness.Spec(SpecPath, DanglingRefSpec));

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.DanglingReference.Id);
        Assert.Equal(RoslynSeverity.Error, diagnostic.Severity);
        Assert.Equal(DiagnosticReporter.DocsBaseUri + "docs/diagnostics.md#bunq0006", diagnostic.Descriptor.HelpLinkUri);

        // Where the model says it is (1-based), as Roslyn's 0-based line span in the spec file.
        var expected = ApiModelBuilderLocation(DanglingRefSpec, DiagnosticCatalog.DanglingReference.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(SpecPath, span.Path);
        Assert.Equal(expected.Line - 1, span.StartLinePosition.Line);
        Assert.Equal(expected.Column - 1, span.StartLinePosition.Character);

        // The $ref sits on the line of the schema; the span covers text on that line, starting at the reported column.
        var lines = DanglingRefSpec.Split('\n');
        Assert.Contains("$ref", lines[span.StartLinePosition.Line], StringComparison.Ordinal);
        var textSpan = diagnostic.Location.SourceSpan;
        Assert.Equal(DanglingRefSpec.Substring(textSpan.Start, textSpan.Length), lines[span.StartLinePosition.Line].Substring(span.StartLinePosition.Character).TrimEnd('\r'));

        Assert.Empty(result.GeneratedSources);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
    }

    [Fact]
    public void Invalid_json_reports_BUNQ0002_on_the_right_line()
    {
        var text = "{\n  \"openapi\": \"3.0.0\",\n  \"info\": { \"title\": \"bunq\" \"version\": \"1\" }\n}\n";
        var result = Run(GeneratorHarness.Spec(SpecPath, text));

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.SpecSyntaxError.Id);
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void An_unreadable_additional_file_is_BUNQ0001_not_a_generator_crash()
    {
        var result = Run(new GeneratorHarness.ThrowingText(SpecPath));

        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.SpecUnreadable.Id && d.Location.GetLineSpan().Path == SpecPath);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        Assert.Null(result.Exception);
    }

    [Fact]
    public void An_exception_while_emitting_becomes_the_internal_error_diagnostic()
    {
        var emitted = BunqClientGenerator.Emit("Payment", () => throw new InvalidOperationException("boom"));

        Assert.Null(emitted.File);
        Assert.NotNull(emitted.Error);
        var roslyn = DiagnosticReporter.ToRoslyn(emitted.Error!);
        Assert.Equal(DiagnosticCatalog.InternalError.Id, roslyn.Id);
        Assert.Equal(RoslynSeverity.Error, roslyn.Severity);
        Assert.Contains("emitting Payment", roslyn.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("boom", roslyn.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_Bunq_Runtime_reference_the_generator_says_so_and_emits_nothing()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.RepoSpec()).RunGenerators(GeneratorHarness.Compilation(withRuntime: false));
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.RuntimeNotReferenced.Id && d.Severity == RoslynSeverity.Error);
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData(null, null, "declares no contract (it predates contract 1)", "upgrade the Bunq.Runtime package")]
    [InlineData(0, null, "offers contract 0", "upgrade the Bunq.Runtime package")]
    [InlineData(2, null, "offers contract 2", "upgrade the Bunq.CodeGen package")]
    [InlineData(3, 2, "offers contracts 2 to 3", "upgrade the Bunq.CodeGen package")]
    public void A_runtime_without_the_contract_the_code_needs_is_refused_with_BUNQ0026_naming_what_to_upgrade(int? contract, int? oldest, string offers, string upgrade)
    {
        var spec = GeneratorHarness.RepoSpec();
        var driver = GeneratorHarness.Driver(spec).RunGenerators(GeneratorHarness.Compilation(GeneratorHarness.FakeRuntime(contract, oldest)));
        var result = driver.GetRunResult().Results.Single();

        var mismatch = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.RuntimeContractMismatch.Id);
        Assert.Equal(RoslynSeverity.Error, mismatch.Severity);
        Assert.Equal(spec.Path, mismatch.Location.GetLineSpan().Path);
        var message = mismatch.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("needs Bunq.Runtime contract 1, but the referenced Bunq.Runtime 0.0.9.0 " + offers + "; " + upgrade, message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticCatalog.RuntimeNotReferenced.Id);
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 1)]
    public void A_runtime_serving_the_contract_the_code_needs_is_generated_for_whatever_its_file_is_called(int contract, int? oldest)
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.RepoSpec()).RunGenerators(GeneratorHarness.Compilation(GeneratorHarness.FakeRuntime(contract, oldest)));
        var result = driver.GetRunResult().Results.Single();

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticCatalog.RuntimeContractMismatch.Id || d.Id == DiagnosticCatalog.RuntimeNotReferenced.Id);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "BunqClient.g.cs");
    }

    [Fact]
    public void The_shipped_runtime_declares_exactly_the_contract_the_emitted_code_needs()
    {
        var attribute = typeof(Bunq.Runtime.IBunqApiClient).Assembly.GetCustomAttributes(typeof(Bunq.Runtime.BunqRuntimeContractAttribute), inherit: false)
            .Cast<Bunq.Runtime.BunqRuntimeContractAttribute>().Single();

        Assert.Equal(Bunq.CodeGen.Emit.RuntimeContract.Required, attribute.Version);
        Assert.True(attribute.OldestSupported <= Bunq.CodeGen.Emit.RuntimeContract.Required, $"OldestSupported {attribute.OldestSupported}");
    }

    [Fact]
    public void Two_specs_are_refused_with_BUNQ0022_on_each()
    {
        var spec = GeneratorHarness.RepoSpec();
        var driver = GeneratorHarness.Driver(new[] { spec, GeneratorHarness.Spec("/project/other.json", spec.Text) })
            .RunGenerators(GeneratorHarness.Compilation());
        var result = driver.GetRunResult().Results.Single();

        var paths = result.Diagnostics.Where(d => d.Id == DiagnosticCatalog.MultipleSpecs.Id).Select(d => d.Location.GetLineSpan().Path).OrderBy(p => p).ToList();
        Assert.Equal(new[] { "/project/other.json", spec.Path }.OrderBy(p => p), paths);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void The_real_spec_builds_without_warnings_and_without_the_conventions_table_noise()
    {
        var result = Run(GeneratorHarness.RepoSpec());

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= RoslynSeverity.Warning);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticCatalog.ConventionRuleUnmatched.Id);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "BunqClient.g.cs");
    }

    [Fact]
    public void An_include_entry_matching_nothing_is_a_warning_BUNQ0020()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.RepoSpec(), GeneratorHarness.Properties(include: "payment,paymnet"))
            .RunGenerators(GeneratorHarness.Compilation());
        var result = driver.GetRunResult().Results.Single();

        var warning = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.FilterEntryMatchesNothing.Id);
        Assert.Equal(RoslynSeverity.Warning, warning.Severity);
        Assert.Contains("'paymnet'", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "PaymentsClient.g.cs");
    }

    private static GeneratorRunResult Run(AdditionalText spec)
        => GeneratorHarness.Driver(spec).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();

    private static SpecLocation ApiModelBuilderLocation(string text, string id)
        => Bunq.CodeGen.Model.ApiModelBuilder.Build(SpecPath, text).Diagnostics.First(d => d.Id == id).Location;
}
