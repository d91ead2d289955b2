using System.Text.Json;
using Bunq.Runtime.Json;
using Bunq.Runtime.Wire;

namespace Bunq.Runtime;

/// <summary><c>POST /installation</c> → <c>Id</c>, <c>Token</c>, <c>ServerPublicKey</c>. Hand-written: the runtime must not depend on generated code.</summary>
internal sealed class InstallationAnswer : IBunqMultiResult<InstallationAnswer>
{
    public long? Id { get; private set; }

    public string? Token { get; private set; }

    public string? ServerPublicKey { get; private set; }

    public static InstallationAnswer CreateEmpty() => new();

    public bool ReadPart(string objectType, ref Utf8JsonReader reader)
    {
        switch (objectType)
        {
            case BunqWireFacts.IdKey:
                Id = ContextJson.ReadLongField(ref reader, "id"u8);
                return true;
            case BunqWireFacts.TokenKey:
                Token = ContextJson.ReadStringField(ref reader, "token"u8);
                return true;
            case BunqWireFacts.ServerPublicKeyKey:
                ServerPublicKey = ContextJson.ReadStringField(ref reader, "server_public_key"u8);
                return true;
            default:
                return false;
        }
    }
}

/// <summary><c>POST /session-server</c> → <c>Id</c>, <c>Token</c> and the logged-in user.</summary>
internal sealed class SessionServerAnswer : IBunqMultiResult<SessionServerAnswer>
{
    public long? Id { get; private set; }

    public string? Token { get; private set; }

    public long? UserId { get; private set; }

    /// <summary>Seconds; 0 or absent means bunq did not say.</summary>
    public long? SessionTimeout { get; private set; }

    /// <summary>Which user element bunq sent: UserPerson, UserCompany, UserApiKey or UserPaymentServiceProvider.</summary>
    public string? UserType { get; private set; }

    public static SessionServerAnswer CreateEmpty() => new();

    public bool ReadPart(string objectType, ref Utf8JsonReader reader)
    {
        switch (objectType)
        {
            case BunqWireFacts.IdKey:
                Id = ContextJson.ReadLongField(ref reader, "id"u8);
                return true;
            case BunqWireFacts.TokenKey:
                Token = ContextJson.ReadStringField(ref reader, "token"u8);
                return true;
            default:
                if (Array.IndexOf(BunqWireFacts.SessionServerUserKeys, objectType) < 0) return false;
                UserType = objectType;
                ReadUser(ref reader);
                return true;
        }
    }

    private void ReadUser(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                UserId = BunqJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("session_timeout"u8))
            {
                reader.Read();
                SessionTimeout = BunqJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("requested_by_user"u8) && SessionTimeout is null)
            {
                // A UserApiKey (OAuth) carries no timeout itself; the user who requested the key has it.
                reader.Read();
                SessionTimeout = ReadAnchoredTimeout(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static long? ReadAnchoredTimeout(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        long? timeout = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTimeout = reader.ValueTextEquals("session_timeout"u8);
                reader.Read();
                if (isTimeout) timeout ??= BunqJson.ReadInt64(ref reader);
                else reader.Skip();
            }
        }
        return timeout;
    }
}

/// <summary><c>POST /payment-service-provider-credential</c>: bunq sends the credential as <c>CredentialPasswordIp</c>.</summary>
internal sealed class Psd2CredentialAnswer : IBunqMultiResult<Psd2CredentialAnswer>
{
    public long? Id { get; private set; }

    public string? TokenValue { get; private set; }

    public string? Status { get; private set; }

    public static Psd2CredentialAnswer CreateEmpty() => new();

    public bool ReadPart(string objectType, ref Utf8JsonReader reader)
    {
        if (objectType == "Id" && Id is null)
        {
            Id = ContextJson.ReadLongField(ref reader, "id"u8);
            return true;
        }
        if (objectType is not ("CredentialPasswordIp" or "PaymentServiceProviderCredential") || reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("id"u8) ? 1 : reader.ValueTextEquals("token_value"u8) ? 2 : reader.ValueTextEquals("status"u8) ? 3 : 0;
            reader.Read();
            switch (which)
            {
                case 1: Id = BunqJson.ReadInt64(ref reader); break;
                case 2: TokenValue = BunqJson.ReadString(ref reader); break;
                case 3: Status = BunqJson.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return true;
    }
}

internal static class ContextJson
{
    public static long? ReadLongField(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        long? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match) value = BunqJson.ReadInt64(ref reader);
            else reader.Skip();
        }
        return value;
    }

    public static string? ReadStringField(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match) value = BunqJson.ReadString(ref reader);
            else reader.Skip();
        }
        return value;
    }
}
