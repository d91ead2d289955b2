using System.Globalization;
using System.Text;

namespace Bunq.Runtime;

/// <summary>
/// Makes text from an answer (header values, error descriptions, hosts) safe for a log line or an exception message:
/// control characters (ANSI escapes, CR/LF that forge log lines), C1 controls and bidirectional overrides become
/// <c>?</c>, and the length is capped. An answer is untrusted until its signature is checked, and even a signed one
/// should not be able to drive a terminal.
/// </summary>
internal static class BunqText
{
    public const int DefaultMaxLength = 256;

    public static string? Clean(string? value, int maxLength = DefaultMaxLength)
    {
        if (value is null) return null;
        StringBuilder? cleaned = null;
        var length = Math.Min(value.Length, maxLength);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            if (IsUnsafe(c))
            {
                cleaned ??= new StringBuilder(value, 0, i, length + 1);
                cleaned.Append('?');
            }
            else
            {
                cleaned?.Append(c);
            }
        }
        var text = cleaned?.ToString() ?? (length == value.Length ? value : value[..length]);
        return length < value.Length ? text + "…" : text;
    }

    private static bool IsUnsafe(char c)
    {
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return true;
        // Format characters: bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width marks.
        if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) return true;
        return char.IsSurrogate(c) && !char.IsHighSurrogate(c) && !char.IsLowSurrogate(c);
    }
}
