using Bunq.CodeGen.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>Direct tests of the naming rules every generated identifier goes through.</summary>
public sealed class CSharpNamesTests
{
    [Theory]
    [InlineData("monetary_account_id", "MonetaryAccountId")]
    [InlineData("monetary-accountID", "MonetaryAccountId")]
    [InlineData("attachment-publicUUID", "AttachmentPublicUuid")]
    [InlineData("IBAN", "Iban")]
    [InlineData("userID", "UserId")]
    [InlineData("already_Pascal", "AlreadyPascal")]
    [InlineData("3ds_result", "_3dsResult")]
    [InlineData("a", "A")]
    [InlineData("--", "Value")]
    [InlineData("", "Value")]
    [InlineData("zZ09", "ZZ09")]
    public void Pascal_joins_words_and_keeps_an_identifier_valid(string wire, string expected)
        => Assert.Equal(expected, CSharpNames.Pascal(wire));

    [Theory]
    [InlineData("monetary-accountID", "monetaryAccountId")]
    [InlineData("event", "@event")]
    [InlineData("string", "@string")]
    [InlineData("3ds", "_3ds")]
    [InlineData("Count", "count")]
    public void Camel_lowers_the_first_letter_and_escapes_keywords(string wire, string expected)
        => Assert.Equal(expected, CSharpNames.Camel(wire));

    [Fact]
    public void Only_keywords_are_escaped()
    {
        Assert.Equal("@class", CSharpNames.Escape("class"));
        Assert.Equal("Class", CSharpNames.Escape("Class"));
        Assert.True(CSharpNames.IsKeyword("while"));
        Assert.True(CSharpNames.IsKeyword("abstract"));
        Assert.False(CSharpNames.IsKeyword("While"));
        Assert.False(CSharpNames.IsKeyword("payment"));
    }

    [Fact]
    public void Every_reserved_csharp_keyword_is_escaped_and_nothing_else_counts_as_one()
    {
        // Roslyn's list, not a copy of ours; the __arglist family cannot come out of Pascal or Camel (no underscores).
        var reserved = SyntaxFacts.GetKeywordKinds().Where(SyntaxFacts.IsReservedKeyword).Select(SyntaxFacts.GetText)
            .Where(k => !k.StartsWith("__", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(reserved);
        Assert.All(reserved, keyword => Assert.Equal("@" + keyword, CSharpNames.Escape(keyword)));
        Assert.All(reserved, keyword => Assert.Equal("@" + keyword, CSharpNames.Camel(keyword)));
        Assert.All(new[] { "var", "async", "await", "value", "record", "Object" }, contextual => Assert.False(CSharpNames.IsKeyword(contextual)));
    }

    [Fact]
    public void An_allocator_hands_each_name_out_once_with_the_suffix_then_numbers()
    {
        var names = new NameAllocator("Reserved");
        Assert.True(names.IsTaken("Reserved"));
        Assert.False(names.IsTaken("Payment"));
        Assert.Equal("Payment", names.Allocate("Payment", "Object"));
        Assert.True(names.IsTaken("Payment"));
        Assert.Equal("PaymentObject", names.Allocate("Payment", "Object"));
        Assert.Equal("PaymentObject2", names.Allocate("Payment", "Object"));
        Assert.Equal("ReservedValue", names.Allocate("Reserved", "Value"));
        Assert.Equal("Reserved2", names.Allocate("Reserved"));
        Assert.Equal("Reserved3", names.Allocate("Reserved"));
        Assert.False(names.IsTaken("reserved"));
    }

    [Fact]
    public void File_names_collide_ignoring_case()
    {
        var names = NameAllocator.ForFileNames();
        Assert.Equal("ApiKeys", names.Allocate("ApiKeys"));
        Assert.Equal("Apikeys2", names.Allocate("Apikeys"));
        Assert.True(names.IsTaken("APIKEYS"));
    }
}
