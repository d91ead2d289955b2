using System.Text.Json;
using Bunq.Runtime.Wire;

namespace Bunq.Runtime;

/// <summary>One URL notification filter: bunq POSTs callbacks of <see cref="Category"/> to <see cref="NotificationTarget"/>.</summary>
public sealed record BunqNotificationFilter(string Category, string NotificationTarget);

/// <summary>bunq's limit of two callback URLs per category would be exceeded; nothing was written.</summary>
public sealed class BunqCallbackLimitException : BunqException
{
    /// <summary>Creates the exception for <paramref name="category"/>, which already has the targets bunq allows.</summary>
    public BunqCallbackLimitException(string category, IReadOnlyList<string> existingTargets)
        : base($"bunq allows 2 callback URLs per category and {category} already has {existingTargets.Count} other URLs; remove one of them first. Nothing was changed.", null)
    {
        Category = category;
        ExistingTargets = existingTargets;
    }

    /// <summary>The notification category (<c>PAYMENT</c>, <c>MUTATION</c>, …) that has no room for another target.</summary>
    public string Category { get; }

    /// <summary>The URLs already registered for <see cref="Category"/> (not secrets: bunq shows them in the app).</summary>
    public IReadOnlyList<string> ExistingTargets { get; }
}

/// <summary>bunq's filters, read back after the write, do not hold what was written.</summary>
public sealed class BunqNotificationFilterException : BunqException
{
    /// <summary>Creates the exception for bunq's answer <paramref name="responseId"/>.</summary>
    public BunqNotificationFilterException(string message, string? responseId) : base(message, responseId) { }
}

/// <summary>
/// Registers callback URLs without deleting anyone else's: bunq's <c>POST …/notification-filter-url</c> replaces the
/// whole list, so a careless write drops the filters other integrations registered.
/// </summary>
public static class BunqNotificationFilters
{
    /// <summary>bunq's limit ("Rate limits": 2 callback URLs per notification category).</summary>
    public const int MaxUrlsPerCategory = 2;

    /// <summary>The URL filters of the user, or of one monetary account when <paramref name="monetaryAccountId"/> is given.</summary>
    public static async Task<IReadOnlyList<BunqNotificationFilter>> ListAsync(this IBunqApiClient api, long userId, long? monetaryAccountId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.SendAsync(Request(BunqWireFacts.ListNotificationFilterUrlForUser, BunqWireFacts.ListNotificationFilterUrlForMonetaryAccount, userId, monetaryAccountId), cancellationToken).ConfigureAwait(false);
        return Read(response);
    }

    /// <summary>
    /// Makes sure bunq calls <paramref name="url"/> for every one of <paramref name="categories"/>: reads the current
    /// filters, adds what is missing, keeps every other filter, writes the merged list, reads it back and checks it.
    /// Writes nothing when everything is in place already. Throws <see cref="BunqCallbackLimitException"/> (before any
    /// write) when a category already has two other URLs, and <see cref="BunqNotificationFilterException"/> when bunq's
    /// list after the write lacks a filter it should hold.
    /// </summary>
    /// <returns>The filters as bunq holds them after the call.</returns>
    public static async Task<IReadOnlyList<BunqNotificationFilter>> EnsureCallbacksAsync(
        this IBunqApiClient api, long userId, string url, IEnumerable<string> categories, long? monetaryAccountId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(categories);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || target.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException("The callback URL must be an absolute https:// URL (bunq calls only HTTPS; http:// is for a local emulator).", nameof(url));
        }
        var wanted = categories.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) throw new ArgumentException("Name at least one category.", nameof(categories));

        var current = await api.ListAsync(userId, monetaryAccountId, cancellationToken).ConfigureAwait(false);
        var merged = current.Distinct().ToList();
        var missing = wanted.Where(c => !merged.Contains(new BunqNotificationFilter(c, url))).ToList();
        if (missing.Count == 0) return current;
        foreach (var category in missing)
        {
            var others = merged.Where(f => f.Category == category).Select(f => f.NotificationTarget).ToList();
            if (others.Count >= MaxUrlsPerCategory) throw new BunqCallbackLimitException(category, others);
            merged.Add(new BunqNotificationFilter(category, url));
        }

        var body = BunqApiContext.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("notification_filters"u8);
            foreach (var filter in merged)
            {
                w.WriteStartObject();
                w.WriteString("category"u8, filter.Category);
                w.WriteString("notification_target"u8, filter.NotificationTarget);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
        var written = await api.SendAsync(
            Request(BunqWireFacts.CreateNotificationFilterUrlForUser, BunqWireFacts.CreateNotificationFilterUrlForMonetaryAccount, userId, monetaryAccountId, body),
            cancellationToken).ConfigureAwait(false);

        var after = await api.ListAsync(userId, monetaryAccountId, cancellationToken).ConfigureAwait(false);
        var lost = merged.Where(f => !after.Contains(f)).ToList();
        if (lost.Count > 0)
        {
            throw new BunqNotificationFilterException(
                "After the write bunq's notification filters lack " + string.Join(", ", lost.Select(f => $"{f.Category} → {f.NotificationTarget}")) + ".",
                written.ResponseId);
        }
        return after;
    }

    // bunq keeps a user's filters and each account's apart: two operations, one per owner.
    private static BunqRequest Request(BunqOperation forUser, BunqOperation forAccount, long userId, long? monetaryAccountId, ReadOnlyMemory<byte> body = default)
    {
        var contentType = body.IsEmpty ? null : "application/json";
        return monetaryAccountId is { } account
            ? new BunqRequest(forAccount, userId, account) { Body = body, ContentType = contentType }
            : new BunqRequest(forUser, userId) { Body = body, ContentType = contentType };
    }

    private static BunqNotificationFilter ReadFilter(JsonElement value, string? responseId)
    {
        if (value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("category", out var category) && category.ValueKind == JsonValueKind.String
            && value.TryGetProperty("notification_target", out var target) && target.ValueKind == JsonValueKind.String)
        {
            return new BunqNotificationFilter(category.GetString()!, target.GetString()!);
        }
        throw new BunqResponseFormatException(
            "A notification filter in bunq's answer has no category or notification_target; nothing was written, so that no filter is lost.", responseId);
    }

    private static List<BunqNotificationFilter> Read(BunqResponse response)
    {
        var filters = new List<BunqNotificationFilter>();
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (!document.RootElement.TryGetProperty("Response", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new BunqResponseFormatException("The notification-filter-url answer has no Response array.", response.ResponseId);
            }
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) continue;
                foreach (var element in item.EnumerateObject())
                {
                    var value = element.Value;
                    if (value.ValueKind != JsonValueKind.Object) continue;
                    // One element per filter ({"NotificationFilterUrl":{"category","notification_target"}}), or the
                    // spec's listing shape ({"NotificationFilterUrl":{"notification_filters":[…]}}): both are read. Any
                    // other shape stops here: writing without knowing the current list would delete other filters.
                    if (value.TryGetProperty("notification_filters", out var nested) && nested.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var filter in nested.EnumerateArray()) filters.Add(ReadFilter(filter, response.ResponseId));
                    }
                    else
                    {
                        filters.Add(ReadFilter(value, response.ResponseId));
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            throw new BunqResponseFormatException("The notification-filter-url answer is not valid JSON.", response.ResponseId, ex);
        }
        return filters;
    }
}
