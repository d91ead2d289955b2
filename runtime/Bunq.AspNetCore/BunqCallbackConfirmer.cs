using System.Globalization;
using System.Text.Json;
using Bunq.Runtime;
using Bunq.Runtime.Wire;

namespace Bunq.AspNetCore;

/// <summary>
/// Re-reads a callback's object over the signed API: a callback that survived the signature check could still be a
/// replay of an old one aimed at a different account, but the object bunq answers for its id cannot lie.
/// </summary>
internal sealed class BunqCallbackConfirmer
{
    // Object key → the operation that reads it back by user, account and id (the spec spells two keys differently
    // in its operationIds: MastercardAction, BunqmeTab).
    private static readonly Dictionary<string, BunqOperation> Readers = new(StringComparer.Ordinal)
    {
        ["Payment"] = BunqWireFacts.ReadPayment,
        ["RequestInquiry"] = BunqWireFacts.ReadRequestInquiry,
        ["RequestResponse"] = BunqWireFacts.ReadRequestResponse,
        ["DraftPayment"] = BunqWireFacts.ReadDraftPayment,
        ["MasterCardAction"] = BunqWireFacts.ReadMastercardAction,
        ["BunqMeTab"] = BunqWireFacts.ReadBunqmeTab,
        ["IdealMerchantTransaction"] = BunqWireFacts.ReadIdealMerchantTransaction,
    };

    // The fields that must agree between the callback and the object read back: what the money is.
    private static readonly string[] AmountFields = { "amount", "amount_inquired", "amount_responded", "amount_billing", "amount_local" };

    private readonly IBunqApiClient _api;
    private readonly IBunqContextAccessor _contexts;

    public BunqCallbackConfirmer(IBunqApiClient api, IBunqContextAccessor contexts)
    {
        _api = api;
        _contexts = contexts;
    }

    /// <summary>Null when confirmed; else why not (for the log).</summary>
    public async Task<string?> ConfirmAsync(BunqCallback callback, CancellationToken cancellationToken)
    {
        if (callback.ObjectType is not { } type || !Readers.TryGetValue(type, out var reader))
        {
            return $"object type {callback.ObjectType ?? "(none)"} cannot be re-read";
        }
        using var sent = JsonDocument.Parse(callback.ObjectJson);
        var root = sent.RootElement;
        if (!TryLong(root, "id", out var id) || !TryLong(root, "monetary_account_id", out var account))
        {
            return "the object carries no id or monetary_account_id";
        }
        var userId = await _contexts.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
        BunqResponse answer;
        try
        {
            answer = await _api.SendAsync(new BunqRequest(reader, userId, account, id), cancellationToken).ConfigureAwait(false);
        }
        catch (BunqNotFoundException)
        {
            return $"bunq has no {type} {id} on account {account}";
        }
        catch (BunqForbiddenException)
        {
            return $"{type} {id} on account {account} is not visible to this user";
        }
        using var read = JsonDocument.Parse(answer.Body);
        if (!read.RootElement.TryGetProperty("Response", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0
            || items[0].ValueKind != JsonValueKind.Object || !items[0].TryGetProperty(type, out var stored))
        {
            return $"bunq's answer for {type} {id} has no {type}";
        }
        if (!TryLong(stored, "id", out var storedId) || storedId != id) return $"bunq answered another {type} than {id}";
        foreach (var field in AmountFields)
        {
            var hasSent = root.TryGetProperty(field, out var sentAmount) && sentAmount.ValueKind == JsonValueKind.Object;
            var hasStored = stored.TryGetProperty(field, out var storedAmount) && storedAmount.ValueKind == JsonValueKind.Object;
            if (hasSent != hasStored || (hasSent && !SameAmount(sentAmount, storedAmount))) return $"{field} of {type} {id} differs from bunq's";
        }
        return null;
    }

    private static bool SameAmount(JsonElement a, JsonElement b)
        => Text(a, "currency") == Text(b, "currency")
            && decimal.TryParse(Text(a, "value"), NumberStyles.Number, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(Text(b, "value"), NumberStyles.Number, CultureInfo.InvariantCulture, out var y)
            && x == y;

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryLong(JsonElement element, string name, out long value)
    {
        value = 0;
        if (!element.TryGetProperty(name, out var property)) return false;
        return property.ValueKind switch
        {
            JsonValueKind.Number => property.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(property.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}
