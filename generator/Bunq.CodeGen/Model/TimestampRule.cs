using System;
using System.Text.RegularExpressions;

namespace Bunq.CodeGen.Model;

/// <summary>
/// bunq declares its times as plain strings (<c>"2015-06-13 23:19:16.215547"</c>); the format, the name or the
/// description gives them away. Each rule is one <see cref="TimestampRuleKind"/> so a test can hold every one.
/// Dates without a time (<c>date_start</c>, <c>expiry_date</c>: <c>"2025-01-31"</c>) stay strings: no rule matches them.
/// </summary>
internal static class TimestampRule
{
    // "When bunq.to payment is about to expire." — but not "When the status is PENDING_FIRST_USE: the value of the token."
    private static readonly Regex WhenSentence = new Regex(@"^When\b[^:]*$", RegexOptions.CultureInvariant);

    private static readonly Regex TimestampWord = new Regex(@"\btimestamp\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static bool Matches(string? format, string jsonName, string? description) => Rule(format, jsonName, description) != TimestampRuleKind.None;

    /// <summary>The first rule that makes the field a timestamp, or <see cref="TimestampRuleKind.None"/>.</summary>
    public static TimestampRuleKind Rule(string? format, string jsonName, string? description)
    {
        if (format == "date-time") return TimestampRuleKind.Format;
        if (jsonName == "created" || jsonName == "updated") return TimestampRuleKind.CreatedUpdated;
        var words = jsonName.Split('_');
        if (Array.IndexOf(words, "zone") >= 0) return TimestampRuleKind.None;
        // time_responded, status_timestamp, bunqto_time_responded, time_start.
        if (Array.IndexOf(words, "time") >= 0 || Array.IndexOf(words, "timestamp") >= 0) return TimestampRuleKind.TimeWord;
        var text = (description ?? "").Trim();
        if (text.Length == 0) return TimestampRuleKind.None;
        if (TimestampWord.IsMatch(text)) return TimestampRuleKind.DescriptionSaysTimestamp;
        if (WhenSentence.IsMatch(text) && text.IndexOf('\n') < 0) return TimestampRuleKind.DescriptionIsWhen;
        return TimestampRuleKind.None;
    }
}

public enum TimestampRuleKind
{
    None,
    /// <summary>The spec says <c>format: date-time</c>.</summary>
    Format,
    /// <summary><c>created</c>, <c>updated</c>.</summary>
    CreatedUpdated,
    /// <summary>A name with the word <c>time</c> or <c>timestamp</c> (not <c>time_zone</c>).</summary>
    TimeWord,
    /// <summary>A description with the word "timestamp" ("The timestamp of when the bunq.to payment was responded to.").</summary>
    DescriptionSaysTimestamp,
    /// <summary>A description that is one "When …" clause ("When the transaction will expire.").</summary>
    DescriptionIsWhen,
}
