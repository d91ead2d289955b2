namespace Bunq.Runtime;

/// <summary>
/// The calls bunq answers before any installation exists: <c>POST /sandbox-user-person</c> and
/// <c>-company</c>. There is no token, no client key to sign with and no server key to verify against yet
/// (that key is what the installation returns), so this client refuses every call that needs a token. Used by
/// <see cref="BunqSandbox"/>; everything else goes through <see cref="BunqApiClient"/> and a context.
/// </summary>
internal sealed class BunqPublicClient : IBunqApiClient, IDisposable
{
    private readonly BunqTransport _transport;
    private readonly BunqEnvironment _environment;
    private readonly HttpClient? _ownedHttp;

    public BunqPublicClient(BunqEnvironment environment, HttpClient? httpClient = null, BunqClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        options ??= new BunqClientOptions();
        if (httpClient is null) _ownedHttp = httpClient = options.CreateHttpClient();
        var http = httpClient;
        _transport = new BunqTransport(() => http, options);
    }

    public Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Auth != BunqAuth.None)
        {
            throw new InvalidOperationException($"{request.Method.Method} {request.Path} needs a bunq token; create a BunqApiContext and use BunqApiClient.");
        }
        return _transport.SendAsync(_environment, request, token: null, clientKey: null, serverKey: null, cancellationToken);
    }

    public void Dispose() => _ownedHttp?.Dispose();
}
