using Bunq.CodeGen.Model;
using Bunq.CodeGen.Model.Conventions;
using Bunq.CodeGen.Tests.Load;
using Bunq.CodeGen.Tests.TestSupport;

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

    [Theory]
    [InlineData("MonetaryAccountBank_5aec7a7717a55", "status", "MonetaryAccountStatus")]
    [InlineData("Card_5be1d7ce018a8", "sub_status", "CardSubStatus")]
    [InlineData("CardListing", "sub_status", "CardSubStatus")]
    [InlineData("Card", "sub_status", null)]
    [InlineData("CardUpdate", "sub_status", null)]
    [InlineData("Card_5BE1D7CE018A8", "status", null)]
    public void The_enum_lookup_uses_the_models_schema_name_and_a_hashed_copy_takes_the_enum_of_its_stem(string schema, string property, string? expected)
    {
        // Card_<hash> is the 2018 read shape later specs call CardRead; an unhashed schema the table does not name stays
        // a string, so the committed spec's client is what the table says and nothing more.
        Assert.Equal(expected, BunqConventions.Embedded.EnumFor(schema, property)?.Name);
    }

    [Fact]
    public void No_stem_and_field_of_the_table_have_two_enums()
    {
        // A hashed 2018 schema is looked up by its stem; two enums there would make the lookup pick one by table order.
        var clashes = BunqConventions.Embedded.Enums
            .SelectMany(e => e.Fields.Select(f => (Key: ApiModelBuilder.Stem(f.Schema) + "." + f.Property, e.Name)))
            .GroupBy(x => x.Key)
            .Where(g => g.Select(x => x.Name).Distinct().Count() > 1)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(x => x.Name).Distinct()))
            .ToList();
        Assert.True(clashes.Count == 0, string.Join("\n", clashes));
    }

    [SharedSpecsFact]
    public void A_2018_spec_gets_the_typed_enums_of_the_current_specs()
    {
        var path = SpecFiles.RequireSharedSpec("2018-11-06_ea1d7d5.json");
        var model = ApiModelBuilder.Build(path, File.ReadAllText(path));
        Assert.False(model.HasErrors);
        string TypeOf(string type, string json) => model.Types.Single(t => t.Name == type).Properties.Single(p => p.JsonName == json).Type.ToString();
        Assert.Equal("MonetaryAccountStatus", TypeOf("MonetaryAccountBank", "status"));
        Assert.Equal("CardSubStatus", TypeOf("Card", "sub_status"));
        Assert.Equal("CardBatchEntryStatus", TypeOf("CardBatchEntryRequest", "status"));
        var enums = model.Types.Count(t => t.Kind == TypeKind.Enum);
        // 32 when this was written; 11 when the lookup used the raw names.
        Assert.True(enums >= 30, $"only {enums} extensible enums in the 2018-11 client");
    }
}
