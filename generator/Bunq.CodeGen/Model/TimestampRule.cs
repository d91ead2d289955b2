using System;
using System.Linq;
using Bunq.CodeGen.Model.Conventions;
using System.Text.RegularExpressions;

namespace Bunq.CodeGen.Model;

/// <summary>
/// bunq declares its times as plain strings (<c>"2015-06-13 23:19:16.215547"</c>); the format, the name or the
/// description gives them away (the names and words are the conventions table's model.timestamps). Each rule is one <see cref="TimestampRuleKind"/> so a test can hold every one.
/// Dates without a time (<c>date_start</c>, <c>expiry_date</c>: <c>"2025-01-31"</c>) stay strings: no rule matches them.
/// </summary>
internal sealed class TimestampRule
{
    private static readonly Lazy<TimestampRule> EmbeddedRule = new Lazy<TimestampRule>(() => new TimestampRule(BunqConventions.Embedded.Facts.Model));

    // "When bunq.to payment is about to expire." — but not "When the status is PENDING_FIRST_USE: the value of the token."
    private static readonly Regex WhenSentence = new Regex(@"^When\b[^:]*$", RegexOptions.CultureInvariant);

    private readonly ModelFacts _facts;
    private readonly Regex _descriptionWord;

    /// <summary>The rule over the table's <c>model.timestamps</c> entry.</summary>
    public TimestampRule(ModelFacts facts)
    {
        _facts = facts;
        _descriptionWord = new Regex(@"\b" + Regex.Escape(facts.TimestampDescriptionWord) + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>The rule over the embedded table (tests and callers after the model stage accepted it).</summary>
    public static TimestampRule Embedded => EmbeddedRule.Value;

    public bool Matches(string? format, string jsonName, string? description) => Rule(format, jsonName, description) != TimestampRuleKind.None;

    /// <summary>The first rule that makes the field a timestamp, or <see cref="TimestampRuleKind.None"/>.</summary>
    public TimestampRuleKind Rule(string? format, string jsonName, string? description)
    {
        if (format == "date-time") return TimestampRuleKind.Format;
        if (_facts.TimestampNames.Contains(jsonName, StringComparer.Ordinal)) return TimestampRuleKind.CreatedUpdated;
        var words = jsonName.Split('_');
        if (words.Any(w => _facts.TimestampNotWords.Contains(w, StringComparer.Ordinal))) return TimestampRuleKind.None;
        // time_responded, status_timestamp, bunqto_time_responded, time_start.
        if (words.Any(w => _facts.TimestampWords.Contains(w, StringComparer.Ordinal))) return TimestampRuleKind.TimeWord;
        var text = (description ?? "").Trim();
        if (text.Length == 0) return TimestampRuleKind.None;
        if (_descriptionWord.IsMatch(text)) return TimestampRuleKind.DescriptionSaysTimestamp;
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
