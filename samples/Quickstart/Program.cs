// The bunq quickstart on a typed client: open a session, list the accounts, ask sugardaddy for money,
// pay someone, and page through every payment. With no arguments it runs against the built-in bunq
// emulator; with --base-url (and --api-key) against any bunq-compatible server, e.g. bunq's sandbox.
using System.Globalization;
using Bunq.Emulator;
using Bunq.Runtime;
using Bunq.Runtime.Json;
using Quickstart.Bunq;

var options = QuickstartOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Quickstart [--base-url URL] [--api-key KEY] [--context FILE]");
    Console.Error.WriteLine("  no arguments: start the built-in bunq emulator and run against it");
    Console.Error.WriteLine("  --base-url https://public-api.sandbox.bunq.com/v1: bunq's sandbox (a sandbox user is created when --api-key is absent)");
    return 2;
}

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
var ct = cancel.Token;
await using var emulator = options.BaseUrl is null ? await BunqEmulator.StartAsync(new BunqEmulatorOptions(), ct) : null;
var baseUrl = options.BaseUrl ?? emulator!.BaseUrl;
Console.WriteLine($"bunq API: {baseUrl}{(emulator is null ? "" : " (built-in emulator)")}");

try
{
    // One HTTP client over the runtime's handler: no redirects followed, every answer checked on the wire.
    using var http = new HttpClient(new BunqClientOptions().CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    var environment = BunqEnvironment.Custom(baseUrl);
    var apiKey = options.ApiKey;
    if (apiKey is null)
    {
        // bunq's sandbox hands out a user with an API key to anyone who asks; so does the emulator.
        apiKey = await BunqSandbox.CreateUserPersonAsync(environment, http, cancellationToken: ct);
        Console.WriteLine("Created a sandbox user.");
    }

    // 1. Installation → device-server → session-server, then save the context (atomically, owner-only).
    using var context = await BunqApiContext.CreateAsync(new BunqContextOptions
    {
        ApiKey = apiKey,
        Environment = environment,
        Description = "Bunq.CodeGen quickstart",
        PermittedIps = { "*" },
        HttpClient = http,
    }, ct);
    var store = new BunqContextFileStore(options.ContextFile);
    await store.SaveAsync(context, ct);
    Console.WriteLine($"Session open for user {context.UserId}; context saved to {store.Path}.");

    // One entry point: the client makes its transport (and disposes it); the context's user is the default scope.
    using var bunq = new BunqClient(context);

    // 2. The accounts: a union of bank, savings, joint, … accounts; switch on the type.
    var accounts = await bunq.MonetaryAccounts.ListAsync(cancellationToken: ct);
    long? primary = null;
    foreach (var account in accounts.Items)
    {
        var (kind, id, description, balance) = account switch
        {
            MonetaryAccount.Bank bank => ("bank", bank.Value.Id, bank.Value.Description, bank.Value.Balance),
            MonetaryAccount.Savings savings => ("savings", savings.Value.Id, savings.Value.Description, savings.Value.Balance),
            MonetaryAccount.Joint joint => ("joint", joint.Value.Id, joint.Value.Description, joint.Value.Balance),
            MonetaryAccount.External external => ("external", external.Value.Id, external.Value.Description, external.Value.Balance),
            _ => (account.ObjectType, null, null, null),
        };
        Console.WriteLine($"  {kind,-8} #{id} {description} {balance}");
        if (primary is null && account is MonetaryAccount.Bank) primary = id;
    }
    var accountId = primary ?? throw new InvalidOperationException("The user has no bank account.");

    // 3. Ask sugardaddy@bunq.com for money (bunq's sandbox pays such requests at once).
    var requestId = await bunq.MonetaryAccount(accountId).RequestInquiries.CreateAsync(new RequestInquiryRequest
    {
        AmountInquired = Amount.Of(100m, "EUR"),
        CounterpartyAlias = new PointerRequest { Type = PointerType.Email, Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" },
        Description = "Quickstart top-up",
        AllowBunqme = false,
    }, cancellationToken: ct);
    Console.WriteLine($"Asked sugardaddy for 100.00 EUR (request #{requestId}).");

    // 4. Pay someone; bunq requires this call to be signed, which the runtime always does. The request id is the
    //    payment's idempotency key: keep it, and a retry after an unknown outcome cannot pay twice (docs/payments.md).
    var paymentRequestId = BunqCallOptions.NewRequestId();
    var paymentId = await bunq.MonetaryAccount(accountId).Payments.CreateAsync(new PaymentRequest
    {
        Amount = Amount.Of(12.50m, "EUR"),
        CounterpartyAlias = new PointerRequest { Type = PointerType.Email, Value = "bravo@bunq.com", Name = "Bravo" },
        Description = "Quickstart lunch",
    }, new BunqCallOptions { RequestId = paymentRequestId }, ct);
    Console.WriteLine($"Paid 12.50 EUR (payment #{paymentId}).");

    // 5. Every payment, newest first, following bunq's pagination to the end.
    var count = 0;
    var total = 0m;
    await foreach (var payment in bunq.MonetaryAccount(accountId).Payments.ListAllAsync(pageSize: 200, cancellationToken: ct))
    {
        count++;
        total += payment.Amount?.Decimal ?? 0m;
        Console.WriteLine($"  #{payment.Id} {payment.Created:yyyy-MM-dd HH:mm} {payment.Amount} {payment.Description}");
    }

    var after = await bunq.MonetaryAccounts.GetAsync(accountId, cancellationToken: ct);
    var balanceAfter = after.Value is MonetaryAccount.Bank b ? b.Value.Balance : null;
    Console.WriteLine();
    Console.WriteLine("Summary");
    Console.WriteLine($"  accounts:       {accounts.Items.Count}");
    Console.WriteLine($"  payments:       {count} (net {total.ToString("0.00", CultureInfo.InvariantCulture)} EUR)");
    Console.WriteLine($"  balance now:    {balanceAfter}");
    Console.WriteLine($"  session expires {context.SessionExpiresAt:u}");
    return 0;
}
catch (BunqApiException ex)
{
    Console.Error.WriteLine($"bunq answered {ex.StatusCode}: {ex.Message} (response id {ex.ResponseId})");
    return 1;
}
catch (BunqException ex)
{
    // Unreachable host, timeout, redirect, unsigned answer, …: one line, never a stack trace.
    Console.Error.WriteLine($"bunq call failed: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"bad argument: {ex.Message}");
    return 2;
}

internal sealed record QuickstartOptions(string? BaseUrl, string? ApiKey, string ContextFile)
{
    public static QuickstartOptions? Parse(string[] args)
    {
        string? baseUrl = null, apiKey = null;
        var contextFile = Path.Combine(Path.GetTempPath(), "bunq-quickstart.context.json");
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length) return null;
            switch (args[i])
            {
                case "--base-url": baseUrl = args[++i]; break;
                case "--api-key": apiKey = args[++i]; break;
                case "--context": contextFile = args[++i]; break;
                default: return null;
            }
        }
        return new QuickstartOptions(baseUrl, apiKey, contextFile);
    }
}
