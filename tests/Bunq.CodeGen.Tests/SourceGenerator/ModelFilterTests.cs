using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Load;
using Microsoft.CodeAnalysis;

namespace Bunq.CodeGen.Tests.SourceGenerator;

/// <summary>The include/exclude filter shared by the generator and the tool.</summary>
public class ModelFilterTests
{
    private static readonly Lazy<ApiModel> RepoModel = new(() => ApiModelBuilder.Build(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec)));

    [Fact]
    public void No_entries_return_the_model_itself()
    {
        Assert.Same(RepoModel.Value, ModelFilter.Apply(RepoModel.Value, ModelFilterOptions.Parse(" ; , ", null)));
    }

    [Fact]
    public void A_tag_keeps_only_its_operations_and_the_types_they_reach_plus_the_conventions_types()
    {
        var filtered = ModelFilter.Apply(RepoModel.Value, ModelFilterOptions.Parse("payment", null));

        var operations = filtered.Resources.SelectMany(r => r.Operations).ToList();
        Assert.NotEmpty(operations);
        Assert.All(operations, o => Assert.Equal("payment", o.Tag));
        Assert.Equal(RepoModel.Value.Resources.SelectMany(r => r.Operations).Count(o => o.Tag == "payment"), operations.Count);

        var names = filtered.Types.Select(t => t.Name).ToHashSet();
        Assert.Contains("Payment", names);
        Assert.Contains("NotificationUrl", names);
        Assert.Contains("ApiKey", names);
        Assert.DoesNotContain("CardDebit", names.Where(n => n == "CardDebit" && !Reached(filtered, n)));
        Assert.True(filtered.Types.Count < RepoModel.Value.Types.Count, "nothing was pruned");
        Assert.All(filtered.Types, t => Assert.True(Reached(filtered, t.Name), t.Name + " is kept but unreachable"));
        // Model order is kept, so the emitter's output order is stable.
        var order = RepoModel.Value.Types.Select(t => t.Name).Where(names.Contains).ToList();
        Assert.Equal(order, filtered.Types.Select(t => t.Name).ToList());
    }

    [Fact]
    public void Every_type_a_kept_type_refers_to_is_kept()
    {
        var filtered = ModelFilter.Apply(RepoModel.Value, ModelFilterOptions.Parse("Payments;user", null));
        var names = filtered.Types.Select(t => t.Name).ToHashSet();
        foreach (var type in filtered.Types)
        {
            foreach (var p in type.Properties)
            {
                for (var t = p.Type; t is not null; t = t.Element)
                {
                    if (t.ModelName is not null) Assert.Contains(t.ModelName, names);
                }
            }
            Assert.All(type.Cases, c => Assert.Contains(c.TypeName, names));
        }
        Assert.All(filtered.Resources.SelectMany(r => r.Operations), o =>
        {
            if (o.ResponseType is not null) Assert.Contains(o.ResponseType, names);
            if (o.RequestType is not null) Assert.Contains(o.RequestType, names);
        });
    }

    [Fact]
    public void Path_prefixes_match_whole_segments_and_any_placeholder()
    {
        var filtered = ModelFilter.Apply(RepoModel.Value, ModelFilterOptions.Parse("/user/{id}/monetary-account/{x}/payment", null));
        var paths = filtered.Resources.SelectMany(r => r.Operations).Select(o => o.Path).Distinct().ToList();

        Assert.Contains("/user/{userID}/monetary-account/{monetary-accountID}/payment", paths);
        Assert.Contains("/user/{userID}/monetary-account/{monetary-accountID}/payment/{itemId}", paths);
        // "payment-batch" shares the characters but not the segment.
        Assert.DoesNotContain(paths, p => p.Contains("/payment-batch", StringComparison.Ordinal));
    }

    [Fact]
    public void Exclude_applies_after_include_and_alone_means_everything_else()
    {
        var model = RepoModel.Value;
        var all = model.Resources.SelectMany(r => r.Operations).Count();

        var withoutNotes = ModelFilter.Apply(model, ModelFilterOptions.Parse(null, "note-text,note-attachment"));
        var kept = withoutNotes.Resources.SelectMany(r => r.Operations).ToList();
        Assert.DoesNotContain(kept, o => o.Tag is "note-text" or "note-attachment");
        Assert.Equal(all - model.Resources.SelectMany(r => r.Operations).Count(o => o.Tag is "note-text" or "note-attachment"), kept.Count);

        var paymentsNotViaMastercard = ModelFilter.Apply(model, ModelFilterOptions.Parse("Payments", "/user/{}/monetary-account/{}/mastercard-action"));
        Assert.DoesNotContain(paymentsNotViaMastercard.Resources.SelectMany(r => r.Operations), o => o.Path.Contains("mastercard-action", StringComparison.Ordinal));
        Assert.NotEmpty(paymentsNotViaMastercard.Resources);
    }

    [Fact]
    public void An_entry_matching_nothing_is_reported_once()
    {
        var filtered = ModelFilter.Apply(RepoModel.Value, ModelFilterOptions.Parse("payment;nope", "nope,/nowhere"));

        var warnings = filtered.Diagnostics.Where(d => d.Id == DiagnosticCatalog.FilterEntryMatchesNothing.Id).Select(d => d.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, m => m.Contains("'nope'", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("'/nowhere'", StringComparison.Ordinal));
        Assert.False(filtered.HasErrors);
    }

    [Fact]
    public void The_filtered_client_compiles_without_warnings()
    {
        var filtered = ModelFilter.Apply(RepoModel.Value, ModelFilterOptions.Parse("payment", null));
        var files = ClientEmitter.Emit(filtered, new EmitOptions("Filtered.Bunq"));
        var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, DocumentationMode.Diagnose);
        var compilation = GeneratorHarness.Compilation().AddSyntaxTrees(files.Select(f => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(f.Text, parse, f.HintName)));

        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.Empty(problems);
        Assert.NotNull(compilation.GetTypeByMetadataName("Filtered.Bunq.PaymentsClient"));
    }

    private static bool Reached(ApiModel model, string name)
    {
        var byName = model.Types.ToDictionary(t => t.Name);
        var seen = new HashSet<string>();
        var stack = new Stack<string>(model.Resources.SelectMany(r => r.Operations)
            .SelectMany(o => new[] { o.RequestType, o.ResponseType })
            // The conventions table's own types (callback bodies, sandbox answers) are roots by design.
            .Concat(Bunq.CodeGen.Model.Conventions.BunqConventions.Embedded.Types.Select(t => t.Name))
            .Where(n => n is not null && byName.ContainsKey(n))!);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n)) continue;
            foreach (var p in byName[n].Properties)
            {
                for (var t = p.Type; t is not null; t = t.Element)
                {
                    if (t.ModelName is not null && byName.ContainsKey(t.ModelName)) stack.Push(t.ModelName);
                }
            }
            foreach (var c in byName[n].Cases)
            {
                if (byName.ContainsKey(c.TypeName)) stack.Push(c.TypeName);
            }
        }
        return seen.Contains(name);
    }
}
