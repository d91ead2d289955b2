using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bunq.Runtime;

/// <summary>
/// bunq's <c>Pagination</c> object. Lists are newest first: <see cref="OlderUrl"/> leads to the next
/// page of older items, <see cref="NewerUrl"/> back to newer ones, and <see cref="FutureUrl"/> polls
/// for items that did not exist when the page was read.
/// </summary>
public sealed class Pagination
{
    /// <summary>No neighbouring pages: what a list answer without a <c>Pagination</c> object means.</summary>
    public static readonly Pagination None = new(null, null, null);

    /// <summary>The three URLs of bunq's <c>Pagination</c> object, each null when bunq sent none.</summary>
    public Pagination(string? olderUrl, string? newerUrl, string? futureUrl)
    {
        OlderUrl = olderUrl;
        NewerUrl = newerUrl;
        FutureUrl = futureUrl;
    }

    /// <summary><c>older_url</c>: the next page of older items; null at the end.</summary>
    public string? OlderUrl { get; }

    /// <summary><c>newer_url</c>: the page of newer items; null on the newest page.</summary>
    public string? NewerUrl { get; }

    /// <summary><c>future_url</c>: polls for items created after this page was read.</summary>
    public string? FutureUrl { get; }

    /// <summary>The options that read the next page of older items; null at the end.</summary>
    public BunqPageOptions? Older => BunqPageOptions.FromUrl(OlderUrl);

    /// <summary>The options that read newer items; null when this is the newest page.</summary>
    public BunqPageOptions? Newer => BunqPageOptions.FromUrl(NewerUrl);

    /// <summary>The options that poll for items created after this page was read.</summary>
    public BunqPageOptions? Future => BunqPageOptions.FromUrl(FutureUrl);

    /// <summary>Reads bunq's <c>Pagination</c> object; anything else reads as <see cref="None"/>.</summary>
    public static Pagination ReadJson(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return None;
        }
        string? older = null, newer = null, future = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("older_url"u8) ? 1 : reader.ValueTextEquals("newer_url"u8) ? 2 : reader.ValueTextEquals("future_url"u8) ? 3 : 0;
            reader.Read();
            var value = which == 0 ? null : Json.BunqJson.ReadString(ref reader);
            if (which == 0) reader.Skip();
            if (which == 1) older = value;
            else if (which == 2) newer = value;
            else if (which == 3) future = value;
        }
        return new Pagination(older, newer, future);
    }

    /// <summary>Writes bunq's <c>Pagination</c> object.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("future_url"u8, FutureUrl);
        writer.WriteString("newer_url"u8, NewerUrl);
        writer.WriteString("older_url"u8, OlderUrl);
        writer.WriteEndObject();
    }
}

/// <summary>
/// <c>count</c> (1–200, bunq's default is 10), <c>older_id</c> and <c>newer_id</c> for a list call.
/// bunq rejects both ids at once, so setting one clears the other.
/// </summary>
public sealed class BunqPageOptions
{
    /// <summary>The largest page bunq serves.</summary>
    public const int MaxCount = 200;

    private int? _count;
    private long? _olderId;
    private long? _newerId;

    /// <summary>Items per page, 1 to <see cref="MaxCount"/>; null leaves bunq's default of 10.</summary>
    public int? Count
    {
        get => _count;
        set
        {
            if (value is < 1 or > MaxCount)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "bunq pages hold 1 to 200 items.");
            }
            _count = value;
        }
    }

    /// <summary>List items older than this id; setting it clears <see cref="NewerId"/> (bunq refuses both).</summary>
    public long? OlderId
    {
        get => _olderId;
        set
        {
            _olderId = value;
            if (value is not null) _newerId = null;
        }
    }

    /// <summary>List items newer than this id; setting it clears <see cref="OlderId"/> (bunq refuses both).</summary>
    public long? NewerId
    {
        get => _newerId;
        set
        {
            _newerId = value;
            if (value is not null) _olderId = null;
        }
    }

    /// <summary>The same options as a new object, field for field (no setter runs, so nothing is cleared or checked again).</summary>
    internal BunqPageOptions Copy() => new() { _count = _count, _olderId = _olderId, _newerId = _newerId };

    /// <summary>Options for a first page of <paramref name="count"/> items.</summary>
    public static BunqPageOptions WithCount(int count) => new() { Count = count };

    /// <summary>Reads <c>count</c>, <c>older_id</c> and <c>newer_id</c> from a pagination URL; null for a null URL.</summary>
    public static BunqPageOptions? FromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        var query = url!.IndexOf('?') is var q and >= 0 ? url.Substring(q + 1) : "";
        var options = new BunqPageOptions();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var name = part.Substring(0, eq);
            var value = Uri.UnescapeDataString(part.Substring(eq + 1));
            if (name == "count" && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
            {
                options._count = Math.Clamp(count, 1, MaxCount);
            }
            else if (name == "older_id" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var older))
            {
                options.OlderId = older;
            }
            else if (name == "newer_id" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var newer))
            {
                options.NewerId = newer;
            }
        }
        return options;
    }

    /// <summary>Appends the query to a path: <c>user/1/payment</c> → <c>user/1/payment?count=200&amp;older_id=5</c>.</summary>
    public string AppendTo(string path)
    {
        if (_count is null && _olderId is null && _newerId is null) return path;
        var sb = new StringBuilder(path);
        var separator = path.Contains('?') ? '&' : '?';
        void Add(string name, long value)
        {
            sb.Append(separator).Append(name).Append('=').Append(value.ToString(CultureInfo.InvariantCulture));
            separator = '&';
        }
        if (_count is { } c) Add("count", c);
        if (_olderId is { } o) Add("older_id", o);
        if (_newerId is { } n) Add("newer_id", n);
        return sb.ToString();
    }
}

/// <summary>One page of a list: the items (newest first) and where the neighbouring pages are.</summary>
public sealed class BunqPage<T>
{
    /// <summary>A page of <paramref name="items"/> with bunq's <paramref name="pagination"/> and response id.</summary>
    public BunqPage(IReadOnlyList<T> items, Pagination pagination, string? responseId)
    {
        Items = items;
        Pagination = pagination;
        ResponseId = responseId;
    }

    /// <summary>The items of this page, newest first.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>Where the older, newer and future pages are.</summary>
    public Pagination Pagination { get; }

    /// <summary>bunq's <c>X-Bunq-Client-Response-Id</c> of the page's answer.</summary>
    public string? ResponseId { get; }

    /// <summary>True when bunq says there are older items.</summary>
    public bool HasOlder => Pagination.OlderUrl is not null;
}

/// <summary>Follows <c>older_url</c> from the newest page to the oldest, one page in memory at a time.</summary>
public static class BunqPaging
{
    /// <summary>Every item from the newest to the oldest, reading <paramref name="pageSize"/> items per call with <paramref name="fetchPage"/>.</summary>
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(
        Func<BunqPageOptions, CancellationToken, Task<BunqPage<T>>> fetchPage,
        int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in new BunqPageable<T>(fetchPage, pageSize).WithCancellation(cancellationToken).ConfigureAwait(false)) yield return item;
    }
}

/// <summary>Builds request paths: ids formatted invariantly, strings escaped.</summary>
public static class BunqPath
{
    /// <summary>An id as a path segment, formatted invariantly.</summary>
    public static string Segment(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>An id as a path segment, formatted invariantly.</summary>
    public static string Segment(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A string as a path segment, percent-escaped so it cannot change the path.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
