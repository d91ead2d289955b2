using System.Collections.Concurrent;
using System.Text;

namespace Bunq.Robustness.Tests.Support;

/// <summary>One exchange as it crossed the wire.</summary>
internal sealed record Exchange(string Method, string Path, int Status, Dictionary<string, string> RequestHeaders, Dictionary<string, string> ResponseHeaders, byte[] RequestBody, byte[] ResponseBody)
{
    public string ResponseText => Encoding.UTF8.GetString(ResponseBody);
}

/// <summary>Records every request and answer between the runtime and the server, unchanged.</summary>
internal sealed class Recorder(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public ConcurrentQueue<Exchange> Exchanges { get; } = new();

    /// <summary>Optional: rewrites an answer before the runtime sees it (a tampering proxy).</summary>
    public Func<HttpRequestMessage, HttpResponseMessage, byte[], Task>? Tamper { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var requestHeaders = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var contentType = response.Content.Headers.ContentType;
        response.Content = new ByteArrayContent(body);
        if (contentType is not null) response.Content.Headers.ContentType = contentType;
        var responseHeaders = response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Exchanges.Enqueue(new Exchange(request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode, requestHeaders, responseHeaders, requestBody, body));
        if (Tamper is not null) await Tamper(request, response, body);
        return response;
    }
}
