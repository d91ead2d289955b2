using System;
using System.Collections.Generic;
using System.Linq;

namespace Bunq.CodeGen.Model;

/// <summary>
/// Names of the generated client's resources and their id parameters, from bunq's object names: the conventions
/// table's <c>resourceNames</c> first, then the casing of the object-type key bunq sends (one casing per bunq name:
/// <c>bunqme-tab</c> is <c>BunqMeTab</c> everywhere), then the operationId's resource.
/// </summary>
internal static class ResourceNaming
{
    /// <summary>
    /// The plural of a PascalCase name, never pluralising twice: a name whose last word already reads as a plural
    /// (Insights, ConfirmationOfFunds, MonetaryAccountSavings) stays as it is. Only the ending decides, and the ending
    /// is the last word's, so the name is handled whole.
    /// </summary>
    public static string Plural(string name) => string.IsNullOrEmpty(name) ? name : PluralWord(name);

    private static string PluralWord(string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower.EndsWith("s", StringComparison.Ordinal))
        {
            // Address, Status, Analysis, Alias, Bonus: singular nouns in s take -es; anything else ending in s
            // (Insights, Funds, Savings, Details) is already a plural.
            foreach (var singular in SingularEndingsInS)
            {
                if (lower.EndsWith(singular, StringComparison.Ordinal)) return word + "es";
            }
            return word;
        }
        if (lower.EndsWith("x", StringComparison.Ordinal) || lower.EndsWith("z", StringComparison.Ordinal) ||
            lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal))
        {
            return word + "es";
        }
        if (lower.Length > 1 && lower.EndsWith("y", StringComparison.Ordinal) && "aeiou".IndexOf(lower[lower.Length - 2]) < 0)
        {
            return word.Substring(0, word.Length - 1) + "ies";
        }
        return word + "s";
    }

    private static readonly string[] SingularEndingsInS = { "ss", "us", "is", "as" };

    /// <summary>
    /// The bunq object name of a resource: <paramref name="overrideName"/> (the conventions table), else an
    /// object-type key that spells the same name in other casing (BunqmeTab → BunqMeTab), else the name itself.
    /// </summary>
    public static string Singular(string resource, string? overrideName, IEnumerable<string> keys)
    {
        if (!string.IsNullOrEmpty(overrideName)) return overrideName!;
        var pascal = CSharpNames.Pascal(resource);
        foreach (var key in keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (key != pascal && string.Equals(key, pascal, StringComparison.OrdinalIgnoreCase)) return key;
        }
        return pascal;
    }

    /// <summary>
    /// An id parameter named after the resource it points to: <c>{itemId}</c> after <c>/payment</c> is
    /// <c>paymentId</c>, <c>{bunqme-tabID}</c> is <c>bunqMeTabId</c>, <c>{attachment-publicUUID}</c> is <c>attachmentPublicUuid</c>.
    /// </summary>
    /// <param name="wireName">The placeholder's name in the path.</param>
    /// <param name="collection">The path segment before the placeholder, null when there is none.</param>
    /// <param name="singularOf">The resource's object name for a PascalCase segment, e.g. BunqmeTab → BunqMeTab.</param>
    /// <param name="uuidSuffix">The placeholder ending that marks a uuid (the table's model.idAnswers.uuidParameterSuffix).</param>
    public static string ParameterName(string wireName, string? collection, Func<string, string> singularOf, string uuidSuffix)
    {
        if (collection is null || collection.StartsWith("{", StringComparison.Ordinal)) return CSharpNames.Camel(wireName);
        var suffix = wireName.EndsWith(uuidSuffix, StringComparison.OrdinalIgnoreCase) ? CSharpNames.Pascal(uuidSuffix) : "Id";
        return CSharpNames.Camel(singularOf(CSharpNames.Pascal(collection)) + suffix);
    }
}
