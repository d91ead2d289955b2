using System.Text.Json;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests.Pinning;

/// <summary>A stand-in for a generated model that keeps what it does not declare, as generated models do.</summary>
internal sealed class ProbeItem : IBunqModel<ProbeItem>
{
    private BunqUnknownFields? _unknown;

    public long? Id { get; private set; }

    public string? Name { get; private set; }

    public BunqUnknownFields? UnknownFields => _unknown;

    public static ProbeItem ReadJson(ref Utf8JsonReader reader)
    {
        var item = new ProbeItem();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return item;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                item.Id = BunqJson.ReadInt64(ref reader, ref item._unknown, "ProbeItem", "id");
            }
            else if (reader.ValueTextEquals("strict"u8))
            {
                // A reader that trusts the spec: a number here makes GetString throw, as a careless model would.
                reader.Read();
                item.Name = reader.GetString();
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                item.Name = BunqJson.ReadString(ref reader, ref item._unknown, "ProbeItem", "name");
            }
            else
            {
                BunqJson.KeepUnknown(ref reader, ref item._unknown, "ProbeItem");
            }
        }
        return item;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Id is { } id)
        {
            writer.WritePropertyName("id"u8);
            if (_unknown is null || !_unknown.TryWriteKept(writer, "id", id)) writer.WriteNumberValue(id);
        }
        else
        {
            _unknown?.WriteKept(writer, "id");
        }
        if (Name is not null) writer.WriteString("name"u8, Name);
        _unknown?.WriteUndeclared(writer);
        writer.WriteEndObject();
    }
}

/// <summary>A <c>{"Items":[…]}</c> wrapper that older answers sent as the bare list.</summary>
internal sealed class ProbeWrapper : IBunqModel<ProbeWrapper>
{
    public List<ProbeItem> Items { get; } = new();

    public static bool ReadsBareArray => true;

    public static ProbeWrapper ReadJson(ref Utf8JsonReader reader)
    {
        var wrapper = new ProbeWrapper();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            wrapper.Items.AddRange(BunqJson.ReadModelList<ProbeItem>(ref reader) ?? new List<ProbeItem>());
            return wrapper;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return wrapper;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var items = reader.ValueTextEquals("Items"u8);
            reader.Read();
            if (items) wrapper.Items.AddRange(BunqJson.ReadModelList<ProbeItem>(ref reader) ?? new List<ProbeItem>());
            else reader.Skip();
        }
        return wrapper;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("Items"u8);
        BunqJson.WriteModelList(writer, Items);
        writer.WriteEndObject();
    }
}

/// <summary>A multi-element answer: reads <c>Id</c> and <c>Token</c>, refuses the rest without touching the reader.</summary>
internal sealed class ProbeMulti : IBunqMultiResult<ProbeMulti>
{
    public long? Id { get; private set; }

    public string? Token { get; private set; }

    public static ProbeMulti CreateEmpty() => new();

    public bool ReadPart(string objectType, ref Utf8JsonReader reader)
    {
        switch (objectType)
        {
            case "Id":
                Id = BunqJson.ReadModel<ProbeItem>(ref reader)?.Id;
                return true;
            case "Token":
                Token = BunqJson.ReadModel<ProbeItem>(ref reader)?.Name;
                return true;
            default:
                return false;
        }
    }
}
