using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunq.Emulator;
using Bunq.Robustness.Tests.Support;
using Bunq.Runtime;
using Xunit.Abstractions;

namespace Bunq.Robustness.Tests;

/// <summary>
/// 20 clients (one API context each, one IP) against the emulator with rate limits on, paying each other, listing and
/// reading, with every session ended midway: nothing is lost or doubled, money adds up, no request id repeats and no
/// 429 reaches a caller.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Clients = 20;
    private const decimal StartingBalance = 500m;

    /// <summary>
    /// bunq's real limits (GET 3, POST 5 per 3 s per IP and endpoint, session-server 1 per 30 s) would make 20 clients
    /// on one IP crawl, so the emulator and the runtime get the same, wider limits: still enforced on both sides.
    /// </summary>
    private static BunqEmulatorRateLimits ServerLimits => new()
    {
        Get = 100,
        Post = 40,
        Put = 20,
        Delete = 20,
        Window = TimeSpan.FromSeconds(1),
        SessionServer = 25,
        SessionServerWindow = TimeSpan.FromSeconds(3),
    };

    private static BunqRateLimitOptions ClientLimits => new()
    {
        Enabled = true,
        GetLimit = 100,
        PostLimit = 40,
        PutLimit = 20,
        DeleteLimit = 20,
        Window = TimeSpan.FromSeconds(1),
        SessionServerLimit = 25,
        SessionServerWindow = TimeSpan.FromSeconds(3),
    };

    [Fact]
    public async Task Twenty_clients_lose_nothing_under_load_and_a_session_expiry()
    {
        var budget = Robust.Full ? 10_000 : 1_000;
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = true, RateLimit = ServerLimits, StartingBalance = StartingBalance });
        var wire = new WireCounter(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 });
        using var http = new HttpClient(wire);
        var limiter = new BunqRateLimiter(ClientLimits);
        // The client counts a call when it sends it, the emulator when it arrives; under CPU load arrivals bunch up and a
        // few calls meet 429 although both sides use the same limits. The runtime retries them (no Retry-After: 1 s, 2 s,
        // 4 s, …); six retries instead of three keep a loaded CI machine from turning that into a flaky failure.
        BunqClientOptions Options() => new() { RateLimiter = limiter, RateLimits = ClientLimits, MaxRetries = 6 };

        // Set up: one context per client, its bank account and IBAN, and what its account already lists.
        var clients = new List<Client>();
        for (var i = 0; i < Clients; i++)
        {
            var options = Options();
            var context = await BunqApiContext.CreateAsync(new BunqContextOptions
            {
                ApiKey = emulator.CreateSandboxUser(),
                Environment = BunqEnvironment.Custom(emulator.BaseUrl),
                HttpClient = http,
                ClientKey = StubBunq.ClientKey,
                ClientOptions = options,
            });
            var api = new BunqApiClient(context, http, options);
            var (account, iban) = await BankAccountAsync(api, context.UserId);
            clients.Add(new Client(i, context, api, context.UserId, account, iban, (await ListAllAsync(api, context.UserId, account)).Count));
        }

        var created = new ConcurrentBag<(int Payer, int Payee, long Id, decimal Amount)>();
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentQueue<string>();
        var issued = 0;
        var expired = 0;
        var tooMany = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var random = new Random(1000 + client.Index);
            while (true)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > budget) break;
                if (n == budget / 2 && Interlocked.Exchange(ref expired, 1) == 0) emulator.ExpireSessions();
                var roll = random.Next(100);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (roll < 55)
                    {
                        var payee = clients[(client.Index + 1 + random.Next(Clients - 1)) % Clients];
                        var amount = (1 + random.Next(99)) / 100m;
                        var answer = await client.Api.SendAsync(PaymentTo(client, payee, amount, n), default);
                        created.Add((client.Index, payee.Index, Bunq.Runtime.Json.BunqEnvelope.ReadId(answer), amount));
                    }
                    else if (roll < 80)
                    {
                        await client.Api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{client.UserId}/monetary-account/{client.AccountId}/payment?count=50"), default);
                    }
                    else if (roll < 90)
                    {
                        await client.Api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{client.UserId}/monetary-account/{client.AccountId}"), default);
                    }
                    else
                    {
                        await client.Api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{client.UserId}/monetary-account"), default);
                    }
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (BunqTooManyRequestsException)
                {
                    Interlocked.Increment(ref tooMany);
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"client {client.Index} call {n}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        })));
        stopwatch.Stop();

        // Every payment the clients were told was created is listed exactly once on the payer's side; balances add up.
        var balances = new decimal[Clients];
        foreach (var client in clients)
        {
            var listed = await ListAllAsync(client.Api, client.UserId, client.AccountId);
            var outgoing = created.Where(c => c.Payer == client.Index).ToList();
            var incoming = created.Where(c => c.Payee == client.Index).ToList();
            var counts = listed.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.Count());
            foreach (var payment in outgoing)
            {
                var times = counts.GetValueOrDefault(payment.Id);
                if (times != 1) failures.Enqueue($"payment {payment.Id} of client {client.Index} is listed {times} times");
            }
            if (listed.Count != client.ListedBefore + outgoing.Count + incoming.Count)
            {
                failures.Enqueue($"client {client.Index} lists {listed.Count} payments, expected {client.ListedBefore} + {outgoing.Count} out + {incoming.Count} in");
            }
            balances[client.Index] = await BalanceAsync(client.Api, client.UserId, client.AccountId);
            var expected = StartingBalance - outgoing.Sum(p => p.Amount) + incoming.Sum(p => p.Amount);
            if (balances[client.Index] != expected) failures.Enqueue($"client {client.Index} has {balances[client.Index]}, expected {expected}");
        }

        var requestIds = wire.RequestIds.ToList();
        var ordered = latencies.OrderBy(x => x).ToArray();
        double Percentile(double p) => ordered.Length == 0 ? 0 : ordered[Math.Min(ordered.Length - 1, (int)Math.Ceiling(p * ordered.Length) - 1)];
        output.WriteLine($"{Clients} clients, {budget} calls in {stopwatch.Elapsed.TotalSeconds:0.0} s: {budget / stopwatch.Elapsed.TotalSeconds:0} calls/s; latency p50 {Percentile(0.50):0.0} ms, p99 {Percentile(0.99):0.0} ms, max {ordered.LastOrDefault():0.0} ms");
        output.WriteLine($"payments created {created.Count}, sum of balances {balances.Sum()} (start {Clients * StartingBalance}); wire: {requestIds.Count} requests, {wire.Status429} answered 429 (retried), {wire.Status401} answered 401, session-server calls {wire.SessionServer}");
        output.WriteLine($"429 reaching a caller: {tooMany}; other failures: {failures.Count}");
        foreach (var failure in failures.Take(20)) output.WriteLine("FAILED " + failure);

        Assert.Empty(failures);
        Assert.Equal(0, tooMany);
        Assert.Equal(Clients * StartingBalance, balances.Sum());
        // A re-send after 429 or a gone session carries the call's id again; an id bunq executed is never seen twice.
        var executed = requestIds.Where(r => r.Status is not (429 or 401)).Select(r => r.Id).ToList();
        Assert.Equal(executed.Count, executed.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(requestIds, r => r.Status == 400);
        Assert.True(wire.Status401 > 0, "the sessions were ended midway, so some call must have met a 401");
        Assert.True(created.Count > budget / 3, $"only {created.Count} payments");
        foreach (var client in clients)
        {
            client.Api.Dispose();
            client.Context.Dispose();
        }
    }

    private static BunqRequest PaymentTo(Client payer, Client payee, decimal amount, int n) => new(HttpMethod.Post, $"user/{payer.UserId}/monetary-account/{payer.AccountId}/payment")
    {
        Body = Encoding.UTF8.GetBytes($$"""{"amount":{"value":"{{amount.ToString("0.00", CultureInfo.InvariantCulture)}}","currency":"EUR"},"counterparty_alias":{"type":"IBAN","value":"{{payee.Iban}}","name":"client {{payee.Index}}"},"description":"load {{n}}"}"""),
        ContentType = "application/json",
    };

    private static async Task<(long Account, string Iban)> BankAccountAsync(BunqApiClient api, long user)
    {
        var answer = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account"), default);
        using var document = JsonDocument.Parse(answer.Body);
        var bank = document.RootElement.GetProperty("Response").EnumerateArray().Select(e => e.EnumerateObject().First()).First(p => p.Name == "MonetaryAccountBank").Value;
        var iban = bank.GetProperty("alias").EnumerateArray().First(a => a.GetProperty("type").GetString() == "IBAN").GetProperty("value").GetString()!;
        return (bank.GetProperty("id").GetInt64(), iban);
    }

    private static async Task<decimal> BalanceAsync(BunqApiClient api, long user, long account)
    {
        var answer = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account/{account}"), default);
        using var document = JsonDocument.Parse(answer.Body);
        var value = document.RootElement.GetProperty("Response")[0].EnumerateObject().First().Value.GetProperty("balance").GetProperty("value").GetString()!;
        return decimal.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Every payment of the account, following <c>older_url</c> page by page (bounded).</summary>
    private static async Task<List<(long Id, string Amount)>> ListAllAsync(BunqApiClient api, long user, long account)
    {
        var result = new List<(long, string)>();
        var path = $"user/{user}/monetary-account/{account}/payment?count=200";
        for (var page = 0; path is not null && page < 1000; page++)
        {
            var answer = await api.SendAsync(new BunqRequest(HttpMethod.Get, path), default);
            using var document = JsonDocument.Parse(answer.Body);
            foreach (var element in document.RootElement.GetProperty("Response").EnumerateArray())
            {
                var payment = element.GetProperty("Payment");
                result.Add((payment.GetProperty("id").GetInt64(), payment.GetProperty("amount").GetProperty("value").GetString()!));
            }
            path = document.RootElement.TryGetProperty("Pagination", out var pagination) && pagination.TryGetProperty("older_url", out var older) && older.ValueKind == JsonValueKind.String
                ? older.GetString()!.TrimStart('/') is var url && url.StartsWith("v1/", StringComparison.Ordinal) ? url[3..] : url
                : null;
        }
        return result;
    }

    private sealed record Client(int Index, BunqApiContext Context, BunqApiClient Api, long UserId, long AccountId, string Iban, int ListedBefore);

    /// <summary>Counts what crossed the wire: every request id, and the statuses the runtime handled itself.</summary>
    private sealed class WireCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _status429;
        private int _status401;
        private int _sessionServer;

        public ConcurrentQueue<(string Id, int Status)> RequestIds { get; } = new();

        public int Status429 => _status429;

        public int Status401 => _status401;

        public int SessionServer => _sessionServer;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = request.Headers.TryGetValues("X-Bunq-Client-Request-Id", out var ids) ? ids.Single() : "(none)";
            if (request.RequestUri!.AbsolutePath.EndsWith("/session-server", StringComparison.Ordinal)) Interlocked.Increment(ref _sessionServer);
            var response = await base.SendAsync(request, cancellationToken);
            RequestIds.Enqueue((id, (int)response.StatusCode));
            if ((int)response.StatusCode == 429) Interlocked.Increment(ref _status429);
            if ((int)response.StatusCode == 401) Interlocked.Increment(ref _status401);
            return response;
        }
    }
}
