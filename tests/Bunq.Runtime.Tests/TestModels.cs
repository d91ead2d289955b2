using System.Text.Json;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests;

/// <summary>A hand-written stand-in for a generated model: a payment with a few fields.</summary>
internal sealed class TestPayment : IBunqModel<TestPayment>
{
    public long? Id { get; set; }

    public Amount? Amount { get; set; }

    public string? Description { get; set; }

    public static TestPayment ReadJson(ref Utf8JsonReader reader)
    {
        var payment = new TestPayment();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return payment;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "id": payment.Id = BunqJson.ReadInt64(ref reader); break;
                case "amount": payment.Amount = BunqJson.ReadModel<Amount>(ref reader); break;
                case "description": payment.Description = BunqJson.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return payment;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Id is { } id) writer.WriteNumber("id"u8, id);
        if (Description is not null) writer.WriteString("description"u8, Description);
        writer.WriteEndObject();
    }
}

/// <summary>A hand-written tagged union: one key per element, unknown keys kept by name.</summary>
internal sealed class TestMonetaryAccount : IBunqModel<TestMonetaryAccount>
{
    public string Kind { get; private set; } = "";

    public long? Id { get; private set; }

    public string? Description { get; private set; }

    public static TestMonetaryAccount ReadJson(ref Utf8JsonReader reader)
    {
        var account = new TestMonetaryAccount();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return account;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            account.Kind = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "id") account.Id = BunqJson.ReadInt64(ref reader);
                else if (name == "description") account.Description = BunqJson.ReadString(ref reader);
                else reader.Skip();
            }
        }
        return account;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteEndObject();
    }
}
