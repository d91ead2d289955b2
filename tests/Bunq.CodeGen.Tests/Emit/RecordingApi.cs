using System.Text;
using Bunq.Runtime;
using Bunq.Runtime.Json;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>
/// An <see cref="IBunqApiClient"/> that keeps every request a generated client builds and answers with the given
/// bodies in turn (an empty list after them), reporting the reading's drift under the request's operation id.
/// </summary>
internal sealed class RecordingApi : IBunqApiClient
{
    private readonly Queue<string> _answers;

    public RecordingApi(params string[] answers) => _answers = new Queue<string>(answers);

    public List<BunqRequest> Requests { get; } = new();

    public List<BunqDriftEvent> Drift { get; } = new();

    public Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var body = _answers.Count > 0 ? _answers.Dequeue() : "{\"Response\":[]}";
        return Task.FromResult(new BunqResponse(200, Encoding.UTF8.GetBytes(body), "application/json", "response-1")
        {
            OperationId = request.OperationId,
            Drift = new BunqDriftReporter(Drift.Add, null),
        });
    }

    /// <summary>What a request said on the wire, as one comparable value.</summary>
    public static Sent Describe(BunqRequest request) => new(
        request.Method.Method, request.Path, request.Auth, request.SignatureRequired, request.OperationId, request.ExpectsBinary,
        request.ContentType, request.AttachmentDescription, Encoding.UTF8.GetString(request.Body.Span));

    public sealed record Sent(
        string Method, string Path, BunqAuth Auth, bool Signed, string? OperationId, bool Binary, string? ContentType, string? Description, string Body);
}
