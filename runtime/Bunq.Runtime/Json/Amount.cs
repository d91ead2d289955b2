using System.Globalization;
using System.Text.Json;

namespace Bunq.Runtime.Json;

/// <summary>
/// bunq's money: <c>{"value":"12.50","currency":"EUR"}</c>. The value stays the string bunq sent,
/// so nothing is lost to rounding; <see cref="Decimal"/> reads it as a number.
/// </summary>
public sealed class Amount : IBunqModel<Amount>, IEquatable<Amount>
{
    /// <summary>An empty amount, for readers that fill in the fields.</summary>
    public Amount()
    {
    }

    /// <summary>An amount as bunq writes it: <paramref name="value"/> a decimal string such as <c>"12.50"</c>, <paramref name="currency"/> an ISO 4217 code.</summary>
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

    /// <summary>What the wire sent beside or instead of <c>value</c> and <c>currency</c>, kept and written back (docs/wire-drift.md).</summary>
    public BunqUnknownFields? UnknownFields
    {
        get => _unknownFields;
        set => _unknownFields = value;
    }

    private BunqUnknownFields? _unknownFields;

    // Bit 1: the wire sent "value": null; bit 2: "currency": null. Written back as they came.
    private byte _nulls;

    /// <summary>Reads bunq's <c>{"value":"12.50","currency":"EUR"}</c>.</summary>
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
            var which = reader.ValueTextEquals("value"u8) ? 1 : reader.ValueTextEquals("currency"u8) ? 2 : 0;
            if (which == 0)
            {
                BunqJson.KeepUnknown(ref reader, ref amount._unknownFields, "Amount");
                continue;
            }
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) amount._nulls |= (byte)which;
            // A number where bunq writes a string ("12.50") keeps its text exactly and is written back as a number.
            else if (which == 1) amount.Value = BunqJson.ReadString(ref reader, ref amount._unknownFields, "Amount", "value");
            else amount.Currency = BunqJson.ReadString(ref reader, ref amount._unknownFields, "Amount", "currency");
        }
        return amount;
    }

    /// <summary>Writes bunq's <c>{"value":…,"currency":…}</c>.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        Write(writer, "value"u8, "value", Value, 1);
        Write(writer, "currency"u8, "currency", Currency, 2);
        _unknownFields?.WriteUndeclared(writer);
        writer.WriteEndObject();
    }

    private void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8Name, string name, string? text, byte nullBit)
    {
        if (text is not null)
        {
            writer.WritePropertyName(utf8Name);
            if (_unknownFields is null || !_unknownFields.TryWriteKept(writer, name, text)) writer.WriteStringValue(text);
        }
        else if ((_nulls & nullBit) != 0)
        {
            writer.WriteNull(utf8Name);
        }
        else
        {
            _unknownFields?.WriteKept(writer, name);
        }
    }

    /// <summary>True for the same value string and currency; <c>"12.5"</c> and <c>"12.50"</c> differ, as on the wire.</summary>
    public bool Equals(Amount? other) => other is not null && Value == other.Value && Currency == other.Currency;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Amount);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Value, Currency);

    /// <summary>The value and currency, e.g. <c>12.50 EUR</c>.</summary>
    public override string ToString() => $"{Value} {Currency}";
}
