using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Tests.Emit;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tests.Model;

public sealed class ResourceNamingTests : IClassFixture<FullSpecFixture>
{
    private readonly FullSpecFixture _fixture;

    public ResourceNamingTests(FullSpecFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("Payment", "Payments")]
    [InlineData("RequestInquiry", "RequestInquiries")]
    [InlineData("Day", "Days")]
    [InlineData("PaymentBatch", "PaymentBatches")]
    [InlineData("NotificationFilterPush", "NotificationFilterPushes")]
    [InlineData("InsightsSearch", "InsightsSearches")]
    [InlineData("Box", "Boxes")]
    [InlineData("Address", "Addresses")]
    [InlineData("CardStatus", "CardStatuses")]
    [InlineData("Analysis", "Analysises")]
    [InlineData("Alias", "Aliases")]
    [InlineData("Insights", "Insights")]
    [InlineData("ConfirmationOfFunds", "ConfirmationOfFunds")]
    [InlineData("MonetaryAccountSavings", "MonetaryAccountSavings")]
    [InlineData("GeneratedCvc2", "GeneratedCvc2s")]
    [InlineData("Quiz", "Quizes")]
    [InlineData("A", "As")]
    [InlineData("", "")]
    public void Plural_changes_the_last_word_once(string singular, string plural)
        => Assert.Equal(plural, ResourceNaming.Plural(singular));

    [Fact]
    public void Singular_prefers_the_table_then_the_casing_bunq_sends_then_the_operation_id()
    {
        Assert.Equal("CustomerLimit", ResourceNaming.Singular("Limit", "CustomerLimit", new[] { "Limit" }));
        Assert.Equal("BunqMeTab", ResourceNaming.Singular("BunqmeTab", null, new[] { "BunqMeTab" }));
        Assert.Equal("MasterCardAction", ResourceNaming.Singular("MastercardAction", null, new[] { "Payment", "MasterCardAction" }));
        // A key that is another object (ScheduledInstance) does not rename the resource.
        Assert.Equal("ScheduleInstance", ResourceNaming.Singular("ScheduleInstance", null, new[] { "ScheduledInstance" }));
        Assert.Equal("Payment", ResourceNaming.Singular("payment", null, new string[0]));
    }

    [Theory]
    [InlineData("itemId", "payment", "paymentId")]
    [InlineData("bunqme-tabID", "bunqme-tab", "bunqMeTabId")]
    [InlineData("attachment-publicUUID", "attachment-public", "attachmentPublicUuid")]
    [InlineData("monetary-accountID", "monetary-account", "monetaryAccountId")]
    [InlineData("itemId", null, "itemId")]
    [InlineData("photoID", "{place-lookupID}", "photoId")]
    public void Id_parameters_are_named_after_their_resource(string wire, string? collection, string expected)
        => Assert.Equal(expected, ResourceNaming.ParameterName(wire, collection, pascal => pascal == "BunqmeTab" ? "BunqMeTab" : pascal, "uuid"));

    [Fact]
    public void The_2025_client_has_no_bare_path_segments_no_doubled_plurals_and_one_casing_per_bunq_name()
    {
        var resources = _fixture.Model.Resources;
        var properties = resources.Select(r => r.PropertyName).ToList();
        foreach (var bare in new[] { "Contents", "Names", "Instances", "Replaces", "Definitions", "Ips", "Limits", "Statements", "PdfContents" })
        {
            Assert.DoesNotContain(bare, properties);
        }
        foreach (var doubled in new[] { "Insightses", "ConfirmationOfFundses", "MonetaryAccountSavingses" })
        {
            Assert.DoesNotContain(doubled, properties);
        }
        // Every plural is its object name's plural, taken once.
        Assert.All(resources, r => Assert.Equal(ResourceNaming.Plural(r.Name), r.PropertyName));
        Assert.Contains("Insights", properties);
        Assert.Contains("ConfirmationOfFunds", properties);
        Assert.Contains("MonetaryAccountSavings", properties);
        Assert.Contains("BunqMeTabs", properties);
        Assert.DoesNotContain("BunqmeTabs", properties);

        var cards = resources.Single(r => r.PropertyName == "Cards");
        Assert.Equal(ResourceScope.User, cards.Scope);
        Assert.Contains(cards.Operations, o => o.MethodName == "ReplaceAsync" && o.Path.EndsWith("/replace", StringComparison.Ordinal));
        var statements = resources.Single(r => r.PropertyName == "CustomerStatements");
        Assert.Equal(ResourceScope.MonetaryAccount, statements.Scope);
        Assert.Contains(statements.Operations, o => o.MethodName == "DownloadContentAsync");
        var payments = resources.Single(r => r.PropertyName == "Payments");
        Assert.Equal("MonetaryAccount(id).Payments", payments.Accessor);
        var get = payments.Operations.Single(o => o.MethodName == "GetAsync");
        Assert.Equal(new[] { "userId", "monetaryAccountId", "paymentId" }, get.PathParameters.Select(p => p.CSharpName));
        Assert.DoesNotContain(resources.SelectMany(r => r.Operations).SelectMany(o => o.PathParameters), p => p.CSharpName == "itemId");
    }

    [Fact]
    public void Every_resource_method_is_virtual_and_every_resource_has_a_protected_constructor()
    {
        var classes = new HashSet<string>(_fixture.Model.Resources.Select(r => r.ClassName + ".g.cs")) { "BunqClient.g.cs" };
        foreach (var file in _fixture.Files.Where(f => classes.Contains(f.HintName)))
        {
            Assert.DoesNotContain("public async ", file.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("sealed", file.Text, StringComparison.Ordinal);
            Assert.Contains("        protected ", file.Text, StringComparison.Ordinal);
        }
    }
}
