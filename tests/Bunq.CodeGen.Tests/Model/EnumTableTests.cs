using Bunq.CodeGen.Model.Conventions;
using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>The conventions table's enums against the prose of the 2025 spec, and the checks that keep them together.</summary>
public sealed class EnumTableTests
{
    private static readonly List<ProseList> SpecLists = EnumProse.Find(File.ReadAllText(SpecFiles.RepoSpec));

    [Fact]
    public void The_enum_table_agrees_with_the_spec_s_prose()
    {
        var problems = EnumProse.Disagreements(BunqConventions.Embedded.Enums, SpecLists);
        Assert.True(problems.Count == 0,
            "bunq-conventions.json 'enums' and specs/bunq.com.json disagree:\n" + string.Join("\n", problems)
            + "\n\nWhat the naming rule proposes for 'enums' (review, then paste):\n" + EnumProse.Render(EnumProse.Propose(SpecLists)));
    }

    [Fact]
    public void A_new_prose_list_in_the_spec_is_reported()
    {
        var withNew = SpecLists.Append(new ProseList("PaymentRead", "new_kind", "The kind, can be ALPHA or BETA.", new[] { "ALPHA", "BETA" })).ToList();
        var problems = EnumProse.Disagreements(BunqConventions.Embedded.Enums, withNew);
        var problem = Assert.Single(problems, p => p.Contains("PaymentRead.new_kind"));
        Assert.StartsWith("New prose list in the spec", problem);
    }

    [Fact]
    public void A_proposed_table_line_is_json_a_reviewer_can_paste_with_quotes_escaped_and_prose_readable()
    {
        var e = new EnumConvention { Name = "CardStatus", Values = { "ACTIVE", "LOST" } };
        e.Fields.Add(new EnumField { Schema = "Card", Property = "status", Sentence = "The \"status\" <of> the café's card: ACTIVE or LOST." });
        Assert.Equal(
            "    {\"name\":\"CardStatus\",\"values\":[\"ACTIVE\",\"LOST\"],\"fields\":[{\"schema\":\"Card\",\"property\":\"status\",\"sentence\":\"The \\\"status\\\" <of> the café's card: ACTIVE or LOST.\"}]}\n",
            EnumProse.Render(new[] { e }));
    }

    [Fact]
    public void A_new_prose_list_s_hint_is_escaped_json()
    {
        var withNew = SpecLists.Append(new ProseList("PaymentRead", "new_kind", "The <kind>, can be ALPHA or BETA.", new[] { "ALPHA", "BETA" })).ToList();
        var problem = Assert.Single(EnumProse.Disagreements(BunqConventions.Embedded.Enums, withNew), p => p.Contains("PaymentRead.new_kind"));
        Assert.EndsWith("add it as {\"schema\":\"PaymentRead\",\"property\":\"new_kind\",\"sentence\":\"The \\u003Ckind\\u003E, can be ALPHA or BETA.\"}.", problem);
    }

    [Fact]
    public void A_table_sentence_the_spec_no_longer_has_is_reported()
    {
        var pointer = SpecLists.Single(l => l.Schema == "Pointer" && l.Property == "type");
        var problems = EnumProse.Disagreements(BunqConventions.Embedded.Enums, SpecLists.Where(l => l != pointer).ToList());
        Assert.Contains(problems, p => p.Contains("Pointer.type") && p.Contains("no longer appears in the spec"));
    }

    [Fact]
    public void A_value_no_sentence_lists_is_reported()
    {
        var pointerType = BunqConventions.Embedded.Enums.Single(e => e.Name == "PointerType");
        var stale = new EnumConvention { Name = pointerType.Name, Fields = pointerType.Fields, Values = pointerType.Values.Append("TELEX").ToList() };
        var table = BunqConventions.Embedded.Enums.Select(e => e == pointerType ? stale : e).ToList();
        Assert.Contains(EnumProse.Disagreements(table, SpecLists), p => p.Contains("TELEX"));
    }

    [Theory]
    [InlineData("The status, can be ACTIVE or DEACTIVATED.", "ACTIVE,DEACTIVATED")]
    [InlineData("The alias type, can be: EMAIL|PHONE_NUMBER|IBAN.", "EMAIL,PHONE_NUMBER,IBAN")]
    [InlineData("Type of access that is wanted, one of VIEW_BALANCE, VIEW_TRANSACTION, DRAFT_PAYMENT or FULL_TRANSIENT", "VIEW_BALANCE,VIEW_TRANSACTION,DRAFT_PAYMENT,FULL_TRANSIENT")]
    [InlineData("The chat restriction. Possible values are ALLOW_INCOMING or BLOCK_INCOMING", "ALLOW_INCOMING,BLOCK_INCOMING")]
    [InlineData("DEPRECATED: USE `access_type` INSTEAD | The share type, either STANDARD or MUTUAL.", "STANDARD,MUTUAL")]
    [InlineData("The type of the SDD whitelist, can be CORE or B2B.", "CORE,B2B")]
    [InlineData("The status of the created RequestResponse. Can only be PENDING.", "PENDING")]
    [InlineData("Ignored in POST requests (always set to ACTIVE) can be CANCELLED or PENDING_REOPEN in PUT requests to cancel.", "CANCELLED,PENDING_REOPEN")]
    [InlineData("In case of PUT requests with status CANCELLED it can only be REDEMPTION_VOLUNTARY, while with status PENDING_REOPEN it can only be NONE.", "REDEMPTION_VOLUNTARY,NONE")]
    [InlineData("Can be any user provided message. Should only be specified if updating the status to CANCELLED.", "")]
    [InlineData("The user's preferred name that can be put on the card.", "")]
    public void Values_are_read_from_the_listing_sentence_only(string description, string expected)
    {
        var list = EnumProse.FromDescription("S", "p", description);
        Assert.Equal(expected, list is null ? "" : string.Join(",", list.Values));
    }

    [Fact]
    public void Enums_shared_by_several_fields_are_named_by_the_naming_rule()
    {
        var proposed = EnumProse.Propose(new[]
        {
            new ProseList("MonetaryAccountBankRead", "status", "Can be ACTIVE or BLOCKED.", new[] { "ACTIVE", "BLOCKED" }),
            new ProseList("MonetaryAccountJointListing", "status", "Can be ACTIVE or BLOCKED.", new[] { "ACTIVE", "BLOCKED" }),
            new ProseList("UserPersonRead", "status", "Can be ACTIVE or BLOCKED.", new[] { "ACTIVE", "BLOCKED" }),
            new ProseList("UserCompanyRead", "status", "Can be ACTIVE or BLOCKED.", new[] { "ACTIVE", "BLOCKED" }),
            new ProseList("PaymentRead", "type", "Can be BUNQ.", new[] { "BUNQ" }),
            new ProseList("Payment", "type", "Can be SWIFT.", new[] { "SWIFT" }),
        });
        // Same values and leading words: one enum; same values, no common words: one each; Read + write schema: one, values merged.
        Assert.Equal(new[] { "MonetaryAccountStatus", "PaymentType", "UserStatus" }, proposed.Select(e => e.Name));
        Assert.Equal(new[] { "BUNQ", "SWIFT" }, proposed.Single(e => e.Name == "PaymentType").Values);
        Assert.Equal(2, proposed.Single(e => e.Name == "UserStatus").Fields.Count);
    }
}
