using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bunq.Benchmarks.Data;
using Bunq.Runtime;
using Bunq.Runtime.Json;

namespace Bunq.Benchmarks.Runtime;

/// <summary>
/// The runtime's cost per request: <see cref="BunqApiClient"/> over an <see cref="HttpMessageHandler"/> that answers at
/// once with a fixed, server-signed envelope, against a bare <see cref="HttpClient"/> call on the same handler.
/// The difference is the overhead: bunq's headers, the request id, the URL, the session check, the envelope read,
/// and, where switched on, the rate limiter's bookkeeping, the server-signature check and the body signature.
/// </summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private const string Path = "user/7701/monetary-account/112233/payment/1650000000";

    private RSA _clientKey = null!;
    private RSA _serverKey = null!;
    private BunqApiContext _context = null!;
    private BunqApiContext _loopbackContext = null!;
    private HttpClient _http = null!;
    private BunqApiClient _plain = null!;
    private BunqApiClient _verifyOnly = null!;
    private BunqApiClient _defaults = null!;
    private byte[] _requestBody = [];

    [GlobalSetup]
    public void Setup()
    {
        _clientKey = Bunq.Runtime.Security.BunqSigner.CreateKey();
        _serverKey = Bunq.Runtime.Security.BunqSigner.CreateKey();
        _context = RuntimeFixture.Context(_clientKey, _serverKey);
        _http = new HttpClient(new FixedAnswerHandler(SampleData.IdEnvelope(1_650_000_123), _serverKey), disposeHandler: true);
        _loopbackContext = RuntimeFixture.Context(_clientKey, _serverKey, RuntimeFixture.LoopbackBaseUrl);
        _plain = new BunqApiClient(_loopbackContext, _http, new BunqClientOptions
        {
            VerifyServerSignature = false,
            RateLimits = new BunqRateLimitOptions { Enabled = false },
        });
        _verifyOnly = new BunqApiClient(_context, _http, new BunqClientOptions { RateLimits = new BunqRateLimitOptions { Enabled = false } });
        // Everything as shipped: server signatures checked, rate limiter on (its clock never makes it wait).
        _defaults = new BunqApiClient(_context, _http, new BunqClientOptions { TimeProvider = new SteppingClock() });
        _requestBody = BunqJson.Serialize(new Client.PaymentRequest
        {
            Amount = Amount.Of(23.45m, "EUR"),
            CounterpartyAlias = new Client.PointerRequest { Type = "IBAN", Value = "NL13RABO0123456789", Name = "Daan Bakker" },
            Description = "Terugbetaling concertkaartjes",
        });
        if (Get(_plain).GetAwaiter().GetResult() != 1_650_000_123 || Get(_verifyOnly).GetAwaiter().GetResult() != 1_650_000_123 || Get(_defaults).GetAwaiter().GetResult() != 1_650_000_123
            || PostSigned().GetAwaiter().GetResult() != 1_650_000_123)
        {
            throw new InvalidOperationException("The runtime did not read the fixed answer.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _verifyOnly.Dispose();
        _defaults.Dispose();
        _http.Dispose();
        _context.Dispose();
        _loopbackContext.Dispose();
        _clientKey.Dispose();
        _serverKey.Dispose();
    }

    [Benchmark(Baseline = true, Description = "request: bare HttpClient GET, same handler")]
    public async Task<int> BareHttpClient()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RuntimeFixture.BaseUrl + Path);
        using var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
        var body = await answer.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
        return body.Length;
    }

    [Benchmark(Description = "request: BunqApiClient GET, no signature check, no limiter")]
    public Task<long> HeadersAndEnvelope() => Get(_plain);

    [Benchmark(Description = "request: BunqApiClient GET, server-signature check, no limiter")]
    public Task<long> VerifyOnly() => Get(_verifyOnly);

    [Benchmark(Description = "request: BunqApiClient GET, defaults (verify + limiter)")]
    public Task<long> Defaults() => Get(_defaults);

    [Benchmark(Description = "request: BunqApiClient POST, defaults (sign + verify + limiter)")]
    public Task<long> SignedPost() => PostSigned();

    private static async Task<long> Get(BunqApiClient client)
    {
        var response = await client.SendAsync(new BunqRequest(HttpMethod.Get, Path) { OperationId = "READ_Payment_for_User_MonetaryAccount" }, CancellationToken.None).ConfigureAwait(false);
        return BunqEnvelope.ReadId(response);
    }

    private async Task<long> PostSigned()
    {
        var request = new BunqRequest(HttpMethod.Post, "user/7701/monetary-account/112233/payment")
        {
            Body = _requestBody,
            ContentType = "application/json",
            SignatureRequired = true,
            OperationId = "CREATE_Payment_for_User_MonetaryAccount",
        };
        var response = await _defaults.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        return BunqEnvelope.ReadId(response);
    }
}
