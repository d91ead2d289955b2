using Bunq.CodeGen.Model;

namespace Bunq.Emulator.Protocol;

/// <summary>
/// What the emulator needs to know about one operation of the spec: its route, what it does,
/// what its answer looks like and how it must be authenticated.
/// </summary>
internal sealed record EmulatorOperation(
    string OperationId,
    string Method,
    string Path,
    OperationKind Kind,
    ResultShape Shape,
    IReadOnlyList<string> Keys,
    TokenKind Token,
    bool SignatureRequired,
    bool BinaryRequest,
    IReadOnlyCollection<string> ResponseFields)
{
    public string[] Segments { get; } = Path.Trim('/').Split('/');

    /// <summary><c>METHOD /path</c> with every parameter written <c>{}</c>: the key the protocol's own endpoints are found by, whatever the spec names the parameters.</summary>
    public string Route => Method + " " + string.Join('/', Path.Split('/').Select(s => IsParameter(s) ? "{}" : s));

    /// <summary>The one object-type key, when the operation has exactly one.</summary>
    public string? Key => Keys.Count == 1 ? Keys[0] : null;

    public static bool IsParameter(string segment) => segment.Length > 1 && segment[0] == '{';

    public static EmulatorOperation FromModel(ApiOperation op, IReadOnlyCollection<string> responseFields) => new(
        op.OperationId,
        op.Method.ToUpperInvariant(),
        op.Path,
        op.Kind,
        op.Shape,
        op.Keys.ToArray(),
        op.Token,
        op.SignatureRequired,
        op.BinaryRequest,
        responseFields);

    public override string ToString() => $"{Method} {Path}";
}
