using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>
/// The resource naming rules on their own, without the 2025 client that <see cref="ResourceNamingTests"/> builds, so
/// mutation testing can run them per mutant in milliseconds.
/// </summary>
public sealed class ResourceNamingRuleTests
{
    [Theory]
    [InlineData("RequestInquiry", "RequestInquiries")]
    [InlineData("MonetaryAccountJoinDay", "MonetaryAccountJoinDays")]
    [InlineData("Key", "Keys")]
    [InlineData("Y", "Ys")]
    [InlineData("CardStatus", "CardStatuses")]
    [InlineData("UserAddress", "UserAddresses")]
    [InlineData("TaxAnalysis", "TaxAnalysises")]
    [InlineData("BankAlias", "BankAliases")]
    [InlineData("CardDetails", "CardDetails")]
    [InlineData("PaymentBatch", "PaymentBatches")]
    [InlineData("NotificationPush", "NotificationPushes")]
    [InlineData("TaxBox", "TaxBoxes")]
    [InlineData("UserQuiz", "UserQuizes")]
    [InlineData("Payment", "Payments")]
    [InlineData("GeneratedCvc2", "GeneratedCvc2s")]
    [InlineData("ABC", "ABCs")]
    [InlineData("", "")]
    public void Plural_changes_only_the_last_word_and_never_twice(string singular, string plural)
        => Assert.Equal(plural, ResourceNaming.Plural(singular));

    [Fact]
    public void Plural_of_a_null_name_is_null()
        => Assert.Null(ResourceNaming.Plural(null!));

    [Fact]
    public void The_table_name_wins_then_a_key_in_other_casing_then_the_name_itself()
    {
        Assert.Equal("CustomerLimit", ResourceNaming.Singular("limit", "CustomerLimit", new[] { "Limit" }));
        Assert.Equal("BunqMeTab", ResourceNaming.Singular("bunqme-tab", "", new[] { "Payment", "BunqMeTab" }));
        Assert.Equal("BunqmeTab", ResourceNaming.Singular("bunqme-tab", null, new[] { "BunqmeTab" }));
        // Two keys in other casings: the ordinal first one, whatever order bunq lists them in.
        Assert.Equal("BUNQMETAB", ResourceNaming.Singular("BunqmeTab", null, new[] { "BunqMeTab", "BUNQMETAB" }));
        Assert.Equal("Payment", ResourceNaming.Singular("payment", null, new[] { "PaymentX" }));
    }

    [Theory]
    [InlineData("itemId", "payment", "paymentId")]
    [InlineData("itemUuid", "attachment-public", "attachmentPublicUuid")]
    [InlineData("attachment-publicUUID", "attachment-public", "attachmentPublicUuid")]
    [InlineData("itemId", null, "itemId")]
    [InlineData("event", null, "@event")]
    [InlineData("photoID", "{place-lookupID}", "photoId")]
    [InlineData("itemId", "bunqme-tab", "bunqMeTabId")]
    public void An_id_parameter_is_named_after_the_collection_before_it(string wire, string? collection, string expected)
        => Assert.Equal(expected, ResourceNaming.ParameterName(wire, collection, pascal => pascal == "BunqmeTab" ? "BunqMeTab" : pascal, "uuid"));
}
