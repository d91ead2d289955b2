using Bunq.CodeGen.Diff;
using Bunq.CodeGen.Tests.TestSupport;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary>
/// bunq's spec 1.3.0 → 1.3.17 (npm): 4 paths and 10 schemas added, properties added and removed. The expected findings
/// below were worked out from the two files with a script before this test was written, one by one.
/// </summary>
public sealed class NpmPairDiffTests
{
    private static IReadOnlyList<DiffFinding> Findings() =>
        SpecDiff.Compare(DiffSpecs.Side(DiffSpecs.Npm(DiffSpecs.NpmOld)), DiffSpecs.Side(DiffSpecs.Npm(DiffSpecs.NpmNew)));

    private static readonly (string Rule, DiffLevel Level, string Subject, string? Member)[] Expected =
    {
        // MonetaryAccountProfileFill (response only) drops method_fill.
        ("response-property-removed", DiffLevel.Breaking, "MonetaryAccountProfileFill", "MonetaryAccountProfileFill.MethodFill"),
        // The 4 new paths carry 6 operations; monetary-account-external gains POST and PUT.
        ("operation-added", DiffLevel.Info, "CREATE_AdditionalTransactionInformationCategoryUserDefined_for_User", "AdditionalTransactionInformationCategoryUserDefineds.CreateAsync"),
        ("operation-added", DiffLevel.Info, "CREATE_MonetaryAccountExternal_for_User", "MonetaryAccountExternals.CreateAsync"),
        ("operation-added", DiffLevel.Info, "CREATE_PaymentServiceProviderIssuerTransaction_for_User", "PaymentServiceProviderIssuerTransactions.CreateAsync"),
        ("operation-added", DiffLevel.Info, "List_all_AdditionalTransactionInformationCategory_for_User", "AdditionalTransactionInformationCategories.ListAsync"),
        ("operation-added", DiffLevel.Info, "List_all_PaymentServiceProviderIssuerTransaction_for_User", "PaymentServiceProviderIssuerTransactions.ListAsync"),
        ("operation-added", DiffLevel.Info, "READ_PaymentServiceProviderIssuerTransaction_for_User", "PaymentServiceProviderIssuerTransactions.GetAsync"),
        ("operation-added", DiffLevel.Info, "UPDATE_MonetaryAccountExternal_for_User", "MonetaryAccountExternals.UpdateAsync"),
        ("operation-added", DiffLevel.Info, "UPDATE_PaymentServiceProviderIssuerTransaction_for_User", "PaymentServiceProviderIssuerTransactions.UpdateAsync"),
        // Description-only edits: CurrencyConversionListing/Read.type, MonetaryAccountExternal reason, reason_description, status, sub_status.
        ("property-description-changed", DiffLevel.Info, "CurrencyConversion", "CurrencyConversion.Type"),
        ("property-description-changed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.Reason"),
        ("property-description-changed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.ReasonDescription"),
        ("property-description-changed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.Status"),
        ("property-description-changed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.SubStatus"),
        // CurrencyConversionQuote + order_type and RequestResponse + currency_conversion_quote_id are writable: request side, optional.
        ("request-property-added", DiffLevel.Info, "CurrencyConversionQuoteRequest", "CurrencyConversionQuoteRequest.OrderType"),
        ("request-property-added", DiffLevel.Info, "RequestResponseRequest", "RequestResponseRequest.CurrencyConversionQuoteId"),
        // CurrencyConversionListing/Read + order_type, InsightListing + category_color/icon, RequestResponse* + monetary_account_preferred_id.
        ("response-property-added", DiffLevel.Info, "CurrencyConversion", "CurrencyConversion.OrderType"),
        ("response-property-added", DiffLevel.Info, "Insight", "Insight.CategoryColor"),
        ("response-property-added", DiffLevel.Info, "Insight", "Insight.CategoryIcon"),
        ("response-property-added", DiffLevel.Info, "RequestResponse", "RequestResponse.MonetaryAccountPreferredId"),
        // The 10 new schemas.
        ("schema-added", DiffLevel.Info, "AdditionalTransactionInformationCategoryListing", "AdditionalTransactionInformationCategory"),
        ("schema-added", DiffLevel.Info, "AdditionalTransactionInformationCategoryUserDefined", "AdditionalTransactionInformationCategoryUserDefinedRequest"),
        ("schema-added", DiffLevel.Info, "AdditionalTransactionInformationCategoryUserDefinedCreate", null),
        ("schema-added", DiffLevel.Info, "MonetaryAccountExternalCreate", null),
        ("schema-added", DiffLevel.Info, "MonetaryAccountExternalUpdate", null),
        ("schema-added", DiffLevel.Info, "PaymentServiceProviderIssuerTransaction", "PaymentServiceProviderIssuerTransactionRequest"),
        ("schema-added", DiffLevel.Info, "PaymentServiceProviderIssuerTransactionCreate", null),
        ("schema-added", DiffLevel.Info, "PaymentServiceProviderIssuerTransactionListing", "PaymentServiceProviderIssuerTransaction"),
        ("schema-added", DiffLevel.Info, "PaymentServiceProviderIssuerTransactionRead", "PaymentServiceProviderIssuerTransaction"),
        ("schema-added", DiffLevel.Info, "PaymentServiceProviderIssuerTransactionUpdate", null),
        // MonetaryAccountExternal gains write-only service (now a request body); RegistryMembership gains write-only
        // membership_ticount_id but is only ever read, so no generated member carries it.
        ("schema-property-added", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternalRequest.Service"),
        ("schema-property-added", DiffLevel.Info, "RegistryMembership", null),
        // The schema MonetaryAccountExternal loses its 11 read-only fields, but MonetaryAccountExternalRead/Listing still
        // declare them, so the generated response type keeps them: info, naming the member that stays.
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.Alias"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.AllAutoSaveId"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.Avatar"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.Balance"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.Created"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.Id"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.MonetaryAccountProfile"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.OverdraftLimit"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.PublicUuid"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.Updated"),
        ("schema-property-removed", DiffLevel.Info, "MonetaryAccountExternal", "MonetaryAccountExternal.UserId"),
        // New C# types: two responses, three request bodies.
        ("type-added", DiffLevel.Info, "AdditionalTransactionInformationCategory", "AdditionalTransactionInformationCategory"),
        ("type-added", DiffLevel.Info, "AdditionalTransactionInformationCategoryUserDefinedRequest", "AdditionalTransactionInformationCategoryUserDefinedRequest"),
        ("type-added", DiffLevel.Info, "MonetaryAccountExternalRequest", "MonetaryAccountExternalRequest"),
        ("type-added", DiffLevel.Info, "PaymentServiceProviderIssuerTransaction", "PaymentServiceProviderIssuerTransaction"),
        ("type-added", DiffLevel.Info, "PaymentServiceProviderIssuerTransactionRequest", "PaymentServiceProviderIssuerTransactionRequest"),
    };

    [SharedSpecsFact]
    public void Every_finding_is_the_expected_one_in_order()
    {
        var actual = Findings().Select(f => (f.Rule, f.Level, f.Subject, f.Member)).ToList();
        // Compared one by one so a failure names the first finding that differs.
        for (var i = 0; i < Math.Min(actual.Count, Expected.Length); i++)
        {
            Assert.Equal(Expected[i], actual[i]);
        }
        Assert.Equal(Expected.Length, actual.Count);
    }

    [SharedSpecsFact]
    public void Operation_findings_name_the_member_and_point_at_the_new_path_only()
    {
        var added = Findings().Single(f => f.Rule == "operation-added" && f.Subject == "READ_PaymentServiceProviderIssuerTransaction_for_User");
        Assert.Null(added.OldPointer);
        Assert.Equal("/paths/~1user~1{userID}~1payment-service-provider-issuer-transaction~1{itemId}/get", added.NewPointer);
        Assert.Contains("`PaymentServiceProviderIssuerTransactions.GetAsync`", added.Message);
        Assert.Contains("GET /user/{userID}/payment-service-provider-issuer-transaction/{itemId}", added.Message);
    }

    [SharedSpecsFact]
    public void Removed_response_field_is_breaking_and_points_into_the_old_schema()
    {
        var removed = Findings().Single(f => f.Rule == "response-property-removed");
        Assert.Equal(DiffLevel.Breaking, removed.Level);
        Assert.Equal("/components/schemas/MonetaryAccountProfileFill/properties/method_fill", removed.OldPointer);
        Assert.Null(removed.NewPointer);
        Assert.StartsWith("`MonetaryAccountProfileFill.MethodFill` was removed", removed.Message);
    }

    [SharedSpecsFact]
    public void Schema_field_dropped_but_still_generated_says_which_schema_keeps_it()
    {
        var balance = Findings().Single(f => f.Rule == "schema-property-removed" && f.Member == "MonetaryAccountExternal.Balance");
        Assert.Equal("/components/schemas/MonetaryAccountExternal/properties/balance", balance.OldPointer);
        Assert.Null(balance.NewPointer);
        Assert.Contains("`MonetaryAccountExternalRead` still declares `balance`", balance.Message);
    }

    [SharedSpecsFact]
    public void Every_pointer_exists_in_the_file_it_names()
    {
        var oldDoc = DiffSpecs.Document(DiffSpecs.Npm(DiffSpecs.NpmOld));
        var newDoc = DiffSpecs.Document(DiffSpecs.Npm(DiffSpecs.NpmNew));
        foreach (var f in Findings())
        {
            Assert.True(f.OldPointer is not null || f.NewPointer is not null, $"{f.Rule} {f.Subject}: no pointer at all");
            if (f.OldPointer is not null) Assert.True(DiffSpecs.PointerExists(oldDoc, f.OldPointer), $"{f.Rule} {f.Subject}: old pointer {f.OldPointer} is not in 1.3.0");
            if (f.NewPointer is not null) Assert.True(DiffSpecs.PointerExists(newDoc, f.NewPointer), $"{f.Rule} {f.Subject}: new pointer {f.NewPointer} is not in 1.3.17");
            // Not just "somewhere that exists": a field finding points at the field on the side where it exists.
            if (f.Rule.EndsWith("-property-removed", StringComparison.Ordinal)) Assert.Contains("/properties/", f.OldPointer);
            if (f.Rule.EndsWith("-property-added", StringComparison.Ordinal)) Assert.Contains("/properties/", f.NewPointer);
            if (f.Rule.StartsWith("operation-", StringComparison.Ordinal)) Assert.StartsWith("/paths/", f.NewPointer ?? f.OldPointer);
        }
    }

    [SharedSpecsFact]
    public void Reverse_direction_turns_additions_into_breaking_removals()
    {
        var backwards = SpecDiff.Compare(DiffSpecs.Side(DiffSpecs.Npm(DiffSpecs.NpmNew)), DiffSpecs.Side(DiffSpecs.Npm(DiffSpecs.NpmOld)));
        Assert.Equal(8, backwards.Count(f => f.Rule == "operation-removed" && f.Level == DiffLevel.Breaking));
        Assert.Contains(backwards, f => f.Rule == "operation-removed" && f.Member == "PaymentServiceProviderIssuerTransactions.ListAsync" && f.Message.Contains("is gone"));
        Assert.Contains(backwards, f => f.Rule == "response-property-removed" && f.Member == "Insight.CategoryColor" && f.Level == DiffLevel.Breaking);
        Assert.Contains(backwards, f => f.Rule == "request-property-removed" && f.Member == "CurrencyConversionQuoteRequest.OrderType" && f.Level == DiffLevel.Warning);
        Assert.Contains(backwards, f => f.Rule == "type-removed" && f.Subject == "MonetaryAccountExternalRequest" && f.Level == DiffLevel.Breaking);
        Assert.Contains(backwards, f => f.Rule == "response-property-added" && f.Member == "MonetaryAccountProfileFill.MethodFill" && f.Level == DiffLevel.Info);
    }
}
