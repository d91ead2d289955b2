using System.Globalization;
using System.Text.Json;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>
/// JSON equality as bunq's wire means it: the same members (in any order) with the same values; numbers compare by
/// their exact decimal value, so <c>52.30</c> equals <c>52.3</c> but <c>53.2</c> never equals <c>53</c>.
/// </summary>
internal static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        if (Difference(e.RootElement, a.RootElement, "") is { } where)
        {
            Assert.Fail("JSON differs at " + where + "\nexpected: " + expected + "\nactual:   " + actual);
        }
    }

    /// <summary>The JSON pointer of the first difference; null when equal.</summary>
    public static string? Difference(JsonElement expected, JsonElement actual, string pointer)
    {
        if (expected.ValueKind != actual.ValueKind) return pointer + " (" + expected.ValueKind + " vs " + actual.ValueKind + ")";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (names.Count != names.Distinct().Count() || actualNames.Count != actualNames.Distinct().Count()) return pointer + " (a member twice)";
                foreach (var name in names.Union(actualNames))
                {
                    if (!expected.TryGetProperty(name, out var ev)) return pointer + "/" + name + " (not expected)";
                    if (!actual.TryGetProperty(name, out var av)) return pointer + "/" + name + " (missing)";
                    if (Difference(ev, av, pointer + "/" + name) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength()) return pointer + " (length " + expected.GetArrayLength() + " vs " + actual.GetArrayLength() + ")";
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    if (Difference(expected[i], actual[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture)) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Number:
                return SameNumber(expected.GetRawText(), actual.GetRawText()) ? null : pointer + " (" + expected.GetRawText() + " vs " + actual.GetRawText() + ")";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : pointer + " (\"" + expected.GetString() + "\" vs \"" + actual.GetString() + "\")";
            default:
                return null;
        }
    }

    private static bool SameNumber(string a, string b)
    {
        if (a == b) return true;
        const NumberStyles Style = NumberStyles.Float;
        return decimal.TryParse(a, Style, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, Style, CultureInfo.InvariantCulture, out var y) && x == y;
    }
}
