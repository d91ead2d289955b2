using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Docs.Tests;

/// <summary>
/// Every test in tests/ is named as a sentence that says the behaviour it asserts (the rule is in docs/testing.md,
/// "Naming this repository's tests"): a failing test's name then reads as the broken promise.
/// </summary>
public sealed partial class TestNameTests
{
    /// <summary>
    /// Capitalised words a sentence may use besides acronyms: the names of types, members, products and headers the
    /// tests are about. A new one is added here on purpose, never by a PascalCase run of ordinary words.
    /// </summary>
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "All", "Bunq", "Runtime", "CardCredit", "CardDebit", "MonetaryAccountBank", "UserCompany", "UserPerson", "UserApiKey",
        "BunqBadRequestException", "OperationCanceledException", "OpenApiDocument", "ToString", "OAuth", "Redis", "Retry", "After",
    };

    [GeneratedRegex("^[A-Z][a-z0-9]*$")]
    private static partial Regex Capitalised();

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex Lowercase();

    // POST, JSON, BUNQ0025, 73KB, and a plural: IBANs.
    [GeneratedRegex("^[A-Z0-9]*[A-Z][A-Z0-9]*s?$")]
    private static partial Regex Acronym();

    /// <summary>Why <paramref name="name"/> is not a sentence, or null when it is one.</summary>
    internal static string? Fault(string name)
    {
        var words = name.Split('_');
        if (words.Length < 3) return "a sentence has at least three words joined by '_'";
        if (words.Any(w => w.Length == 0)) return "words are joined by one '_', with none at either end";
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (Acronym().IsMatch(word) || Names.Contains(word)) continue;
            if (i == 0 ? Capitalised().IsMatch(word) : Lowercase().IsMatch(word)) continue;
            return i == 0
                ? $"the first word '{word}' must be capitalised (then lowercase letters or digits), an acronym or a listed name"
                : $"'{word}' must be lowercase, an acronym (capitals and digits, perhaps a plural s) or a listed name";
        }
        return null;
    }

    [Theory]
    [InlineData("A_stale_save_never_overwrites_a_newer_one")]
    [InlineData("A_POST_without_a_signature_is_466_and_BUNQ0025_names_it")]
    [InlineData("Card_listings_under_CardDebit_and_CardCredit_keep_every_card")]
    [InlineData("IBAN_check_digits_follow_ISO_13616")]
    [InlineData("A_seed_repeats_the_IBANs_and_a_73KB_description")]
    [InlineData("The_emitter_s_names_are_valid_v1_identifiers")]
    public void A_behaviour_sentence_with_acronyms_and_listed_names_passes_the_rule(string name)
    {
        Assert.Null(Fault(name));
    }

    [Theory]
    [InlineData("PaymentListReadsFieldsPagination")]
    [InlineData("Payment_DebitsPayer_AndCreditsCounterparty")]
    [InlineData("Installation_answer")]
    [InlineData("a_payment_is_read")]
    [InlineData("A_payment__is_read")]
    [InlineData("A_payment_is_read_")]
    [InlineData("A_Payment_is_read")]
    [InlineData("A_payment_Is400")]
    [InlineData("A_payment_is_Ok")]
    public void A_run_together_mixed_or_too_short_name_fails_the_rule(string name)
    {
        Assert.NotNull(Fault(name));
    }

    [Fact]
    public void Every_test_method_under_tests_is_named_as_a_behaviour_sentence()
    {
        var root = DocSnippetTests.RepositoryRoot();
        var tests = TestMethods(Path.Combine(root, "tests")).ToList();
        // Guards against a scan that finds nothing and so passes: every test project must show up.
        var projects = Directory.GetDirectories(Path.Combine(root, "tests"), "*.Tests").Select(Path.GetFileName).ToList();
        Assert.All(projects, p => Assert.Contains(tests, t => t.File.StartsWith(p + "/", StringComparison.Ordinal)));
        var faults = tests.Select(t => (t, Fault: Fault(t.Name))).Where(x => x.Fault is not null)
            .Select(x => $"tests/{x.t.File}:{x.t.Line}: {x.t.Name}: {x.Fault}").ToList();
        Assert.True(faults.Count == 0, "Test names that are not behaviour sentences (docs/testing.md):\n" + string.Join("\n", faults));
    }

    /// <summary>Methods carrying xunit's [Fact] or [Theory] or an attribute derived from them by name (SharedSpecsFact, RedisFact, CorpusFact).</summary>
    private static IEnumerable<(string File, int Line, string Name)> TestMethods(string testsFolder)
    {
        var files = Directory.GetFiles(testsFolder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(testsFolder, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or "Snapshots"))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(testsFolder, file)));
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (!method.AttributeLists.SelectMany(l => l.Attributes).Any(IsTestAttribute)) continue;
                yield return (file, method.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1, method.Identifier.ValueText);
            }
        }
    }

    private static bool IsTestAttribute(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => "",
        };
        if (name.EndsWith("Attribute", StringComparison.Ordinal)) name = name[..^"Attribute".Length];
        return name.EndsWith("Fact", StringComparison.Ordinal) || name.EndsWith("Theory", StringComparison.Ordinal);
    }
}
