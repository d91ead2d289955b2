using System.Globalization;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.State;

/// <summary>bunq's <c>{"value":"12.50","currency":"EUR"}</c>, read strictly (the emulator is the one being strict).</summary>
internal readonly record struct Money(decimal Value, string Currency)
{
    public JsonObject ToJson() => new()
    {
        ["value"] = Value.ToString("0.00", CultureInfo.InvariantCulture),
        ["currency"] = Currency,
    };

    public Money Negate() => this with { Value = -Value };

    public static Money? Read(JsonNode? node)
    {
        if (node is not JsonObject amount) return null;
        var text = amount["value"] is JsonValue v ? v.ToString() : null;
        var currency = amount["currency"] is JsonValue c ? c.ToString() : null;
        if (text is null || currency is null) return null;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return null;
        return new Money(decimal.Round(value, 2), currency);
    }

    /// <summary>The amount of a request body: positive, two decimals at most.</summary>
    public static Money ReadPositive(JsonNode? node, string field)
    {
        var money = Read(node) ?? throw EmulatorException.BadRequest($"The field \"{field}\" must be an amount {{\"value\":\"…\",\"currency\":\"…\"}}.");
        if (money.Value <= 0m) throw EmulatorException.BadRequest($"The field \"{field}\" must be more than zero.");
        return money;
    }
}
