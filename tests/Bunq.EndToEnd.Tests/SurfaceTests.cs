using Bunq.Runtime;
using Bunq.Runtime.Json;
using EndToEnd.Bunq;
using NSubstitute;

namespace Bunq.EndToEnd.Tests;

/// <summary>The generated client's surface: one entry point, the user and account scopes, and mocks of every resource.</summary>
public sealed class SurfaceTests
{
    [Fact]
    public async Task A_test_mocks_a_payment_read_and_a_list_without_faking_the_wire()
    {
        var payment = new Payment { Id = 42, Description = "lunch" };
        var bunq = Substitute.For<BunqClient>();
        var account = Substitute.For<MonetaryAccountScope>();
        var payments = Substitute.For<PaymentsClient>();
        bunq.MonetaryAccount(7).Returns(account);
        account.Payments.Returns(payments);
        payments.GetAsync(42, Arg.Any<BunqCallOptions?>(), Arg.Any<CancellationToken>()).Returns(new BunqResponse<Payment>(payment, responseId: "response-0"));
        payments.ListAsync(Arg.Any<BunqPageOptions?>(), Arg.Any<BunqCallOptions?>(), Arg.Any<CancellationToken>())
            .Returns(new BunqPage<Payment>(new[] { payment, new Payment { Id = 41 } }, Pagination.None, "response-1"));

        var read = await bunq.MonetaryAccount(7).Payments.GetAsync(42);
        var page = await bunq.MonetaryAccount(7).Payments.ListAsync();

        Assert.Same(payment, read.Value);
        Assert.Equal("response-0", read.ResponseId);
        Assert.Equal(new long?[] { 42, 41 }, page.Items.Select(p => p.Id));
        Assert.Equal("response-1", page.ResponseId);
        await payments.Received(1).GetAsync(42, Arg.Any<BunqCallOptions?>(), Arg.Any<CancellationToken>());
        // An account the test did not set up is not the mocked one.
        Assert.NotSame(payments, bunq.MonetaryAccount(8).Payments);
    }

    [Fact]
    public async Task The_context_constructor_is_the_one_entry_point_and_its_user_and_accounts_are_the_scopes()
    {
        await using var bank = await Bank.OpenAsync();
        var accountId = await bank.PrimaryAccountAsync();
        using var bunq = new BunqClient(bank.Context, bank.Options);

        var accounts = await bunq.MonetaryAccounts.ListAsync();
        var paymentId = await bunq.MonetaryAccount(accountId).Payments.CreateAsync(new PaymentRequest
        {
            Amount = Amount.Of(1m, "EUR"),
            CounterpartyAlias = new PointerRequest { Type = "EMAIL", Value = "bravo@bunq.example", Name = "Bravo" },
            Description = "scoped",
        });
        var read = await bunq.MonetaryAccount(accountId).Payments.GetAsync(paymentId);
        var asUser = await bunq.User(bank.UserId).MonetaryAccounts.GetAsync(accountId);

        Assert.NotEmpty(accounts.Items);
        Assert.Equal("scoped", read.Value.Description);
        Assert.NotNull(read.ResponseId);
        Assert.IsType<MonetaryAccount.Bank>(asUser.Value);
    }

    [Fact]
    public void The_model_factory_builds_objects_and_union_cases()
    {
        var payment = BunqModelFactory.Payment(id: 5, description: "coffee", amount: Amount.Of(2.5m, "EUR"));
        var account = BunqModelFactory.MonetaryAccount(BunqModelFactory.MonetaryAccountSavings(id: 9, description: "rainy day"));

        Assert.Equal((5L, "coffee", 2.5m), (payment.Id!.Value, payment.Description, payment.Amount!.Decimal));
        var savings = Assert.IsType<MonetaryAccount.Savings>(account);
        Assert.Equal("MonetaryAccountSavings", savings.ObjectType);
        Assert.Equal(9, savings.Value.Id);
        Assert.Null(BunqModelFactory.Payment().Description);
    }

    [Fact]
    public void The_model_factory_builds_every_answer_model_and_no_enum()
    {
        var models = typeof(BunqClient).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(BunqClient).Namespace && !t.IsNested && t.GetInterfaces().Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IBunqModel<>) || i.GetGenericTypeDefinition() == typeof(IBunqMultiResult<>))))
            .ToList();
        var built = typeof(BunqModelFactory).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(m => m.ReturnType)
            .ToHashSet();

        Assert.Contains(typeof(Payment), built);
        Assert.Contains(typeof(MonetaryAccount), built);
        // An extensible enum is a value, not an answer: new PointerType() would be a value bunq never sends.
        Assert.DoesNotContain(built, t => t.IsValueType);
        Assert.Empty(built.Except(models));
    }

    [Fact]
    public async Task A_transport_that_does_not_know_its_user_says_how_to_name_one()
    {
        var bunq = new BunqClient(Substitute.For<IBunqApiClient>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bunq.MonetaryAccounts.ListAsync());

        Assert.Contains("new BunqClient(api, userId)", error.Message, StringComparison.Ordinal);
    }
}
