using System.Text.Json.Nodes;
using Bunq.Runtime.Json;

namespace Bunq.Emulator.State;

/// <summary>One stored bunq object: its object-type key (Payment, MonetaryAccountBank, …) and its JSON.</summary>
internal sealed class StoredItem
{
    public StoredItem(string collection, long id, string key, JsonObject data)
    {
        Collection = collection;
        Id = id;
        Key = key;
        Data = data;
    }

    /// <summary>The canonical collection path, e.g. <c>user/3/monetary-account/5/payment</c>.</summary>
    public string Collection { get; }

    public long Id { get; }

    public string Key { get; set; }

    public JsonObject Data { get; set; }

    public string? Uuid { get; set; }

    /// <summary>Raw bytes of attachments and exports; null for plain objects.</summary>
    public byte[]? Content { get; set; }

    public string? ContentType { get; set; }
}

/// <summary>
/// Every object the emulator knows, by canonical collection path. Ids come from one increasing
/// counter, so "newest first" is "highest id first" in every listing, as on bunq. Callers hold
/// <see cref="Gate"/> around reads and writes.
/// </summary>
internal sealed class EmulatorStore
{
    private readonly Dictionary<string, SortedDictionary<long, StoredItem>> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredItem> _byUuid = new(StringComparer.OrdinalIgnoreCase);
    private long _nextId;

    public EmulatorStore(long firstId)
    {
        _nextId = firstId;
    }

    public object Gate { get; } = new();

    public long NextId() => _nextId++;

    /// <summary>Stores <paramref name="body"/> with bunq's id, created and updated fields in front.</summary>
    public StoredItem Add(string collection, string key, JsonObject body, DateTimeOffset now, string? uuid = null)
    {
        var id = NextId();
        var stamp = BunqJson.FormatTimestamp(now);
        var data = new JsonObject { ["id"] = id, ["created"] = stamp, ["updated"] = stamp };
        if (uuid is not null) data["uuid"] = uuid;
        foreach (var (name, value) in body)
        {
            if (name is "id" or "created" or "updated" or "uuid") continue;
            data[name] = value?.DeepClone();
        }
        var item = new StoredItem(collection, id, key, data) { Uuid = uuid };
        Collection(collection).Add(id, item);
        if (uuid is not null) _byUuid[uuid] = item;
        return item;
    }

    /// <summary>Merges <paramref name="body"/> into the item, as bunq's PUT does: fields not sent stay.</summary>
    public void Merge(StoredItem item, JsonObject body, DateTimeOffset now)
    {
        foreach (var (name, value) in body)
        {
            if (name is "id" or "created" or "updated" or "uuid") continue;
            item.Data[name] = value?.DeepClone();
        }
        item.Data["updated"] = BunqJson.FormatTimestamp(now);
    }

    /// <summary>Finds by numeric id or by uuid (public attachments are addressed by uuid).</summary>
    public StoredItem? Find(string collection, string reference)
    {
        if (long.TryParse(reference, out var id))
        {
            return _collections.TryGetValue(collection, out var items) && items.TryGetValue(id, out var item) ? item : null;
        }
        return _byUuid.TryGetValue(reference, out var byUuid) && byUuid.Collection == collection ? byUuid : null;
    }

    public StoredItem? Find(string collection, long id) => Find(collection, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The items, oldest first.</summary>
    public IReadOnlyCollection<StoredItem> Items(string collection)
        => _collections.TryGetValue(collection, out var items) ? items.Values : Array.Empty<StoredItem>();

    public bool Remove(StoredItem item)
    {
        if (item.Uuid is not null) _byUuid.Remove(item.Uuid);
        return _collections.TryGetValue(item.Collection, out var items) && items.Remove(item.Id);
    }

    /// <summary>Every item and the id counter, for <see cref="EmulatorStateFile"/>.</summary>
    public JsonObject Export()
    {
        var items = new JsonArray();
        foreach (var item in _collections.Values.SelectMany(c => c.Values))
        {
            // As JsonNode: JsonArray.Add<T> would wrap the object in a JsonValue by reflection, which trimming and Native AOT break.
            items.Add((JsonNode)new JsonObject
            {
                ["collection"] = item.Collection,
                ["id"] = item.Id,
                ["key"] = item.Key,
                ["uuid"] = item.Uuid,
                ["data"] = item.Data.DeepClone(),
                ["content"] = item.Content is null ? null : Convert.ToBase64String(item.Content),
                ["contentType"] = item.ContentType,
            });
        }
        return new JsonObject { ["nextId"] = _nextId, ["items"] = items };
    }

    public void Import(JsonObject state)
    {
        _nextId = state["nextId"]!.GetValue<long>();
        foreach (var node in state["items"]!.AsArray())
        {
            var o = node!.AsObject();
            var item = new StoredItem(o["collection"]!.GetValue<string>(), o["id"]!.GetValue<long>(), o["key"]!.GetValue<string>(), o["data"]!.AsObject().DeepClone().AsObject())
            {
                Uuid = o["uuid"]?.GetValue<string>(),
                Content = o["content"] is { } content ? Convert.FromBase64String(content.GetValue<string>()) : null,
                ContentType = o["contentType"]?.GetValue<string>(),
            };
            Collection(item.Collection)[item.Id] = item;
            if (item.Uuid is not null) _byUuid[item.Uuid] = item;
        }
    }

    private SortedDictionary<long, StoredItem> Collection(string collection)
    {
        if (!_collections.TryGetValue(collection, out var items))
        {
            items = new SortedDictionary<long, StoredItem>();
            _collections[collection] = items;
        }
        return items;
    }
}
