using System.Globalization;
using System.Text;

namespace Bunq.Runtime.Wire;

/// <summary>
/// A call the runtime sends without the generated client, as the conventions table states it (BunqWireFacts.g.cs):
/// the spec's path template and operationId, the token and whether bunq requires the body signed. Requests are built
/// from it (<see cref="BunqRequest(BunqOperation, ReadOnlySpan{long})"/>) so that no call site restates bunq's paths.
/// </summary>
internal sealed class BunqOperation
{
    public BunqOperation(HttpMethod method, string pathTemplate, string operationId, BunqAuth auth, bool signed)
    {
        Method = method;
        PathTemplate = pathTemplate;
        OperationId = operationId;
        Auth = auth;
        Signed = signed;
    }

    public HttpMethod Method { get; }

    /// <summary>The spec's path, parameters as the spec names them: <c>/user/{userID}/notification-filter-url</c>.</summary>
    public string PathTemplate { get; }

    public string OperationId { get; }

    public BunqAuth Auth { get; }

    public bool Signed { get; }

    /// <summary>
    /// The template relative to the base URL with <paramref name="ids"/> in the order of its parameters. A count that
    /// differs from the template's is a bug at the call site, so it throws rather than sending a wrong path.
    /// </summary>
    public string Path(ReadOnlySpan<long> ids)
    {
        var path = new StringBuilder(PathTemplate.Length);
        var used = 0;
        for (var i = 1; i < PathTemplate.Length; i++)
        {
            var c = PathTemplate[i];
            if (c != '{')
            {
                path.Append(c);
                continue;
            }
            if (used == ids.Length) throw new ArgumentException($"{OperationId} needs more ids than {ids.Length}.", nameof(ids));
            path.Append(ids[used++].ToString(CultureInfo.InvariantCulture));
            i = PathTemplate.IndexOf('}', i);
        }
        if (used != ids.Length) throw new ArgumentException($"{OperationId} takes {used} ids, not {ids.Length}.", nameof(ids));
        return path.ToString();
    }
}
