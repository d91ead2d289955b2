namespace Bunq.Emulator.Protocol;

/// <summary>The outcome of matching a request path against the spec's path templates.</summary>
internal readonly record struct RouteMatch(EmulatorOperation? Operation, bool PathKnown, string[] Segments);

/// <summary>
/// Matches <c>METHOD /path</c> against every operation's template. The template with the most
/// literal segments wins, so <c>/user/1/monetary-account-bank</c> never lands on a parameter.
/// A path that matches only under another method is known: that is 405, not 404.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<int, List<EmulatorOperation>> _bySegmentCount = new();

    public RouteTable(IEnumerable<EmulatorOperation> operations)
    {
        foreach (var op in operations)
        {
            if (!_bySegmentCount.TryGetValue(op.Segments.Length, out var list))
            {
                list = new List<EmulatorOperation>();
                _bySegmentCount[op.Segments.Length] = list;
            }
            list.Add(op);
        }
    }

    public RouteMatch Match(string method, string relativePath)
    {
        var segments = relativePath.Trim('/').Split('/');
        if (!_bySegmentCount.TryGetValue(segments.Length, out var candidates)) return new RouteMatch(null, false, segments);
        EmulatorOperation? best = null;
        var bestScore = -1;
        var known = false;
        foreach (var op in candidates)
        {
            var score = Score(op.Segments, segments);
            if (score < 0) continue;
            known = true;
            if (!string.Equals(op.Method, method, StringComparison.OrdinalIgnoreCase)) continue;
            if (score > bestScore)
            {
                best = op;
                bestScore = score;
            }
        }
        return new RouteMatch(best, known, segments);
    }

    /// <summary>Literal segments matched, or -1 when the template does not fit.</summary>
    private static int Score(string[] template, string[] segments)
    {
        var score = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (EmulatorOperation.IsParameter(template[i]))
            {
                if (segments[i].Length == 0) return -1;
                continue;
            }
            if (!string.Equals(template[i], segments[i], StringComparison.Ordinal)) return -1;
            score++;
        }
        return score;
    }
}
