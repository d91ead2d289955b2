using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Bunq.Runtime.Json;
using Bunq.Runtime.Security;

namespace Bunq.Runtime;

/// <summary>
/// The JSON form of an API context, for stores. It holds the API key, the private key and the tokens in
/// clear text: keep it owner-only or protect it (<see cref="IBunqContextProtector"/>).
/// </summary>
public static class BunqContextJson
{
    /// <summary>The version written; readers accept this and older.</summary>
    public const int FormatVersion = 1;

    private const string FormatName = "bunq-api-context";

    /// <summary>Serialises the context (keys, installation, device and session) in the runtime's versioned, checksummed format; protect the bytes before storing them.</summary>
    public static byte[] Write(BunqApiContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = context.Session;
        return BunqApiContext.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("format"u8, FormatName);
            w.WriteNumber("version"u8, FormatVersion);
            w.WriteString("environment"u8, context.Environment.Name);
            w.WriteString("base_url"u8, context.Environment.BaseUrl.AbsoluteUri);
            w.WriteString("api_key"u8, context.ApiKey);
            if (context.DeviceDescription is not null) w.WriteString("device_description"u8, context.DeviceDescription);
            w.WriteStartArray("permitted_ips"u8);
            foreach (var ip in context.PermittedIps) w.WriteStringValue(ip);
            w.WriteEndArray();
            w.WriteStartObject("installation"u8);
            w.WriteString("token"u8, context.InstallationToken);
            w.WriteString("client_private_key"u8, BunqSigner.ExportPrivateKeyPem(context.ClientKey));
            w.WriteString("server_public_key"u8, context.ServerPublicKeyPem);
            w.WriteEndObject();
            if (session is null)
            {
                w.WriteNull("session"u8);
            }
            else
            {
                w.WriteStartObject("session"u8);
                w.WriteString("token"u8, session.Token);
                w.WriteNumber("user_id"u8, session.UserId);
                w.WriteNumber("timeout_seconds"u8, (long)session.Timeout.TotalSeconds);
                w.WriteString("expires_at"u8, session.ExpiresAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
    }

    /// <summary>Reads what <see cref="Write"/> wrote; a damaged document gives <see cref="BunqContextStoreException"/>.</summary>
    public static BunqApiContext Read(ReadOnlySpan<byte> json)
    {
        string? format = null, environmentName = null, baseUrl = null, apiKey = null, description = null;
        string? installationToken = null, privateKey = null, serverKey = null;
        string? sessionToken = null, expiresAt = null;
        long? version = null, userId = null, timeoutSeconds = null;
        var ips = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Damaged("The context is not a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "format": format = BunqJson.ReadString(ref reader); break;
                    case "version": version = BunqJson.ReadInt64(ref reader); break;
                    case "environment": environmentName = BunqJson.ReadString(ref reader); break;
                    case "base_url": baseUrl = BunqJson.ReadString(ref reader); break;
                    case "api_key": apiKey = BunqJson.ReadString(ref reader); break;
                    case "device_description": description = BunqJson.ReadString(ref reader); break;
                    case "permitted_ips": ips = BunqJson.ReadStringList(ref reader) ?? new List<string>(); break;
                    case "installation":
                        ReadObject(ref reader, (string field, ref Utf8JsonReader r) =>
                        {
                            switch (field)
                            {
                                case "token": installationToken = BunqJson.ReadString(ref r); break;
                                case "client_private_key": privateKey = BunqJson.ReadString(ref r); break;
                                case "server_public_key": serverKey = BunqJson.ReadString(ref r); break;
                                default: r.Skip(); break;
                            }
                        });
                        break;
                    case "session":
                        ReadObject(ref reader, (string field, ref Utf8JsonReader r) =>
                        {
                            switch (field)
                            {
                                case "token": sessionToken = BunqJson.ReadString(ref r); break;
                                case "user_id": userId = BunqJson.ReadInt64(ref r); break;
                                case "timeout_seconds": timeoutSeconds = BunqJson.ReadInt64(ref r); break;
                                case "expires_at": expiresAt = BunqJson.ReadString(ref r); break;
                                default: r.Skip(); break;
                            }
                        });
                        break;
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0) throw Damaged("The context document is incomplete.");
        }
        catch (JsonException ex)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Damaged, "The context is not valid JSON (truncated or edited).", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Damaged, "The context has an unexpected JSON shape.", ex);
        }

        if (format != FormatName) throw Damaged("The document is not a bunq API context.");
        if (version is null or < 1) throw Damaged("The context has no format version.");
        if (version > FormatVersion)
        {
            throw new BunqContextStoreException(BunqContextStoreError.UnsupportedVersion,
                $"The context was written in format version {version}; this runtime reads up to {FormatVersion}.");
        }
        if (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(installationToken) || string.IsNullOrEmpty(privateKey) || string.IsNullOrEmpty(serverKey) || string.IsNullOrEmpty(baseUrl))
        {
            throw Damaged("The context lacks its API key, installation or environment.");
        }
        BunqSession? session = null;
        if (sessionToken is not null)
        {
            if (userId is null || timeoutSeconds is null || !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            {
                throw Damaged("The context's session is incomplete.");
            }
            session = new BunqSession(sessionToken, userId.Value, TimeSpan.FromSeconds(timeoutSeconds.Value), expires);
        }
        BunqEnvironment environment;
        try
        {
            environment = environmentName switch
            {
                "Production" => BunqEnvironment.Production,
                "Sandbox" => BunqEnvironment.Sandbox,
                _ => BunqEnvironment.Custom(baseUrl),
            };
        }
        catch (UriFormatException ex)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Damaged, "The context's base URL is not a URL.", ex);
        }
        catch (ArgumentException ex)
        {
            // e.g. a plain-HTTP base URL that is not loopback: refused rather than restored.
            throw new BunqContextStoreException(BunqContextStoreError.Damaged, "The context's base URL is not usable: " + ex.Message, ex);
        }
        return Build(environment, apiKey, privateKey, installationToken, serverKey, description, ips, session);
    }

    /// <summary>
    /// Reads the <c>bunq.conf</c> file of bunq's official SDKs (<c>environment_type</c>, <c>api_key</c>,
    /// <c>installation_context</c>, <c>session_context</c>) so an existing installation can be migrated.
    /// </summary>
    public static BunqApiContext ReadSdkConf(ReadOnlySpan<byte> json)
    {
        string? environmentType = null, apiKey = null, installationToken = null, privateKey = null, serverKey = null;
        string? sessionToken = null, expiry = null;
        long? userId = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Damaged("bunq.conf is not a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "environment_type": environmentType = BunqJson.ReadString(ref reader); break;
                    case "api_key": apiKey = BunqJson.ReadString(ref reader); break;
                    case "installation_context":
                        ReadObject(ref reader, (string field, ref Utf8JsonReader r) =>
                        {
                            switch (field)
                            {
                                case "token": installationToken = BunqJson.ReadString(ref r); break;
                                case "private_key_client": privateKey = BunqJson.ReadString(ref r); break;
                                case "public_key_server": serverKey = BunqJson.ReadString(ref r); break;
                                default: r.Skip(); break;
                            }
                        });
                        break;
                    case "session_context":
                        ReadObject(ref reader, (string field, ref Utf8JsonReader r) =>
                        {
                            switch (field)
                            {
                                case "token": sessionToken = BunqJson.ReadString(ref r); break;
                                case "expiry_time": expiry = BunqJson.ReadString(ref r); break;
                                case "user_id": userId = BunqJson.ReadInt64(ref r); break;
                                default: r.Skip(); break;
                            }
                        });
                        break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Damaged, "bunq.conf is not valid JSON.", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Damaged, "bunq.conf has an unexpected JSON shape.", ex);
        }
        if (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(installationToken) || string.IsNullOrEmpty(privateKey) || string.IsNullOrEmpty(serverKey))
        {
            throw Damaged("bunq.conf lacks its api_key or installation_context.");
        }
        var environment = string.Equals(environmentType, "PRODUCTION", StringComparison.OrdinalIgnoreCase) ? BunqEnvironment.Production : BunqEnvironment.Sandbox;
        BunqSession? session = null;
        // The SDKs write the expiry in local time without an offset; a session that is read as expired is simply renewed.
        if (!string.IsNullOrEmpty(sessionToken) && userId is not null && DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var expires))
        {
            var timeout = expires - DateTimeOffset.UtcNow;
            session = new BunqSession(sessionToken, userId.Value, timeout > TimeSpan.Zero ? timeout : TimeSpan.FromHours(1), expires);
        }
        return Build(environment, apiKey, privateKey, installationToken, serverKey, "bunq SDK", Array.Empty<string>(), session);
    }

    private delegate void FieldReader(string field, ref Utf8JsonReader reader);

    private static void ReadObject(ref Utf8JsonReader reader, FieldReader read)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.GetString()!;
            reader.Read();
            read(field, ref reader);
        }
    }

    private static BunqApiContext Build(BunqEnvironment environment, string apiKey, string privateKeyPem, string installationToken, string serverKeyPem,
        string? description, IReadOnlyList<string> ips, BunqSession? session)
    {
        RSA? clientKey = null;
        try
        {
            clientKey = BunqSigner.ImportPrivateKeyPem(privateKeyPem);
            var serverKey = BunqSigner.ImportPublicKeyPem(serverKeyPem);
            return new BunqApiContext(environment, apiKey, clientKey, installationToken, serverKey, description, ips, session);
        }
        catch (CryptographicException)
        {
            clientKey?.Dispose();
            throw Damaged("The context's keys are not readable PEM RSA keys.");
        }
    }

    private static BunqContextStoreException Damaged(string message) => new(BunqContextStoreError.Damaged, message);
}
