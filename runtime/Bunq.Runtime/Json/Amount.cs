using System.Globalization;
using System.Text.Json;

namespace Bunq.Runtime.Json;

/// <summary>
/// bunq's money: <c>{"value":"12.50","currency":"EUR"}</c>. The value stays the string bunq sent,
/// so nothing is lost to rounding; <see cref="Decimal"/> reads it as a number.
/// </summary>
public sealed class Amount : IBunqModel<Amount>, IEquatable<Amount>
{
    public Amount()
    {
    }

    public Amount(string value, string currency)
    {
        Value = value;
        Currency = currency;
    }

    /// <summary>The amount as bunq writes it, two decimals: <c>"12.50"</c>.</summary>
    public string? Value { get; set; }

    /// <summary>ISO 4217 currency code.</summary>
    public string? Currency { get; set; }

    /// <summary>The value as a decimal; 0 when bunq sent nothing parsable.</summary>
    public decimal Decimal => decimal.TryParse(Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    /// <summary>An amount with two decimals as bunq expects: <c>Amount.Of(12.5m, "EUR")</c> is <c>"12.50"</c>.</summary>
    public static Amount Of(decimal value, string currency)
        => new(decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture), currency);

    public static Amount ReadJson(ref Utf8JsonReader reader)
    {
        var amount = new Amount();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return amount;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isValue = reader.ValueTextEquals("value"u8);
            var isCurrency = !isValue && reader.ValueTextEquals("currency"u8);
            reader.Read();
            if (isValue) amount.Value = BunqJson.ReadString(ref reader);
            else if (isCurrency) amount.Currency = BunqJson.ReadString(ref reader);
            else reader.Skip();
        }
        return amount;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Value is not null) writer.WriteString("value"u8, Value);
        if (Currency is not null) writer.WriteString("currency"u8, Currency);
        writer.WriteEndObject();
    }

    public bool Equals(Amount? other) => other is not null && Value == other.Value && Currency == other.Currency;

    public override bool Equals(object? obj) => Equals(obj as Amount);

    public override int GetHashCode() => HashCode.Combine(Value, Currency);

    public override string ToString() => $"{Value} {Currency}";
}
