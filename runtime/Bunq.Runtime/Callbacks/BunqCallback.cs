using System.Text.Json;
using Bunq.Runtime.Json;

namespace Bunq.Runtime;

/// <summary>
/// A notification bunq POSTs to a NotificationUrl:
/// <c>{"NotificationUrl":{"target_url":…,"category":…,"event_type":…,"object":{"&lt;Type&gt;":{…}}}}</c>.
/// The object stays raw JSON: read it with <see cref="ReadObject{T}"/> once <see cref="ObjectType"/> says what it is.
/// Verify the request came from bunq (certificate pinning, or bunq's <c>X-Bunq-Server-Signature</c> with
/// <see cref="Security.BunqSigner.Verify"/>) before acting on it.
/// </summary>
public sealed class BunqCallback
{
    private BunqCallback(string? targetUrl, string? category, string? eventType, string? objectType, ReadOnlyMemory<byte> objectJson)
    {
        TargetUrl = targetUrl;
        Category = category;
        EventType = eventType;
        ObjectType = objectType;
        ObjectJson = objectJson;
    }

    /// <summary>The URL bunq delivered the callback to (<c>NotificationUrl.target_url</c>), when it says.</summary>
    public string? TargetUrl { get; }

    /// <summary>e.g. <c>PAYMENT</c>, <c>MUTATION</c>, <c>REQUEST</c>, <c>CARD_TRANSACTION_SUCCESSFUL</c>.</summary>
    public string? Category { get; }

    /// <summary>e.g. <c>PAYMENT_CREATED</c>, <c>MUTATION_RECEIVED</c>.</summary>
    public string? EventType { get; }

    /// <summary>The key inside <c>object</c>: <c>Payment</c>, <c>RequestInquiry</c>, <c>MasterCardAction</c>, …</summary>
    public string? ObjectType { get; }

    /// <summary>The exact bytes of the object's value (the part inside <c>{"&lt;Type&gt;": …}</c>).</summary>
    public ReadOnlyMemory<byte> ObjectJson { get; }

    /// <summary>Reads the callback's object (<c>NotificationUrl.object</c>) as the generated model <typeparamref name="T"/>.</summary>
    public T ReadObject<T>() where T : IBunqModel<T>
    {
        if (ObjectJson.IsEmpty) throw new BunqResponseFormatException("The callback carries no object.", null);
        return BunqJson.Deserialize<T>(ObjectJson.Span);
    }

    /// <summary>Reads bunq's callback body (<c>{"NotificationUrl":{…}}</c>); throws <see cref="BunqResponseFormatException"/> when it is not one.</summary>
    public static BunqCallback Parse(ReadOnlyMemory<byte> body)
    {
        string? targetUrl = null, category = null, eventType = null, objectType = null;
        ReadOnlyMemory<byte> objectJson = default;
        var span = body.Span;
        try
        {
            var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Format("The callback is not a JSON object.");
            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isNotification = reader.ValueTextEquals("NotificationUrl"u8);
                reader.Read();
                if (!isNotification || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                found = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var which = reader.ValueTextEquals("target_url"u8) ? 1 : reader.ValueTextEquals("category"u8) ? 2
                        : reader.ValueTextEquals("event_type"u8) ? 3 : reader.ValueTextEquals("object"u8) ? 4 : 0;
                    reader.Read();
                    switch (which)
                    {
                        case 1: targetUrl = BunqJson.ReadString(ref reader); break;
                        case 2: category = BunqJson.ReadString(ref reader); break;
                        case 3: eventType = BunqJson.ReadString(ref reader); break;
                        case 4:
                            if (reader.TokenType != JsonTokenType.StartObject)
                            {
                                reader.Skip();
                                break;
                            }
                            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                            {
                                var key = reader.GetString();
                                reader.Read();
                                if (objectType is null)
                                {
                                    objectType = key;
                                    var start = (int)reader.TokenStartIndex;
                                    reader.Skip();
                                    objectJson = body.Slice(start, (int)reader.BytesConsumed - start);
                                }
                                else
                                {
                                    reader.Skip();
                                }
                            }
                            break;
                        default: reader.Skip(); break;
                    }
                }
            }
            if (!found) throw Format("The callback has no \"NotificationUrl\" object.");
        }
        catch (JsonException ex)
        {
            throw new BunqResponseFormatException("The callback is not valid JSON.", null, ex);
        }
        return new BunqCallback(targetUrl, category, eventType, objectType, objectJson);
    }

    private static BunqResponseFormatException Format(string message) => new(message, null);
}
