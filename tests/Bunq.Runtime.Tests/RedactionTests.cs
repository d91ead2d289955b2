using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Bunq.Runtime.Tests;

/// <summary>What a debugger, a ToString or a serialiser shows of contexts, sessions and options: never a secret.</summary>
public sealed class RedactionTests
{
    [Fact]
    public async Task A_context_and_its_session_show_no_secret_in_ToString_or_the_debugger()
    {
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        var session = context.Session!;
        var secrets = new[] { Fixtures.ApiKey, context.InstallationToken, session.Token };

        foreach (var shown in new object[] { context, session })
        {
            var text = shown.ToString()!;
            foreach (var secret in secrets) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.NotNull(shown.GetType().GetCustomAttribute<DebuggerDisplayAttribute>());
            AssertDebuggerHidesSecrets(shown, secrets);
        }
    }

    [Fact]
    public void Context_options_never_show_or_serialise_the_api_key()
    {
        var options = new BunqContextOptions { ApiKey = Fixtures.ApiKey, ClientKey = TestKeys.Client, Description = "shop" };
        Assert.DoesNotContain(Fixtures.ApiKey, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("API key set", options.ToString(), StringComparison.Ordinal);
        AssertDebuggerHidesSecrets(options, new[] { Fixtures.ApiKey });

        var json = SerializeOptions(options);
        Assert.DoesNotContain(Fixtures.ApiKey, json, StringComparison.Ordinal);
        Assert.DoesNotContain("ApiKey", json, StringComparison.Ordinal);
        Assert.Contains("shop", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_settings_never_show_or_serialise_the_api_key()
    {
        var settings = new BunqSettings { ApiKey = Fixtures.ApiKey, ContextFile = "ctx.json" };
        Assert.DoesNotContain(Fixtures.ApiKey, settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("API key set", settings.ToString(), StringComparison.Ordinal);
        Assert.NotNull(typeof(BunqSettings).GetCustomAttribute<DebuggerDisplayAttribute>());
        AssertDebuggerHidesSecrets(settings, new[] { Fixtures.ApiKey });

        var json = JsonSerializer.Serialize(settings, ReflectionJson);
        Assert.DoesNotContain(Fixtures.ApiKey, json, StringComparison.Ordinal);
        Assert.Contains("ctx.json", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_OAuth_options_never_show_or_serialise_the_client_secret()
    {
        const string secret = "oauth-client-secret-0123456789abcdef";
        var options = new BunqOAuthOptions { ClientId = "client-7", ClientSecret = secret, RedirectUri = "https://shop.example/back" };
        Assert.DoesNotContain(secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("client-7", options.ToString(), StringComparison.Ordinal);
        AssertDebuggerHidesSecrets(options, new[] { secret });

        var json = JsonSerializer.Serialize(options, ReflectionJson);
        Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        Assert.Contains("client-7", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_OAuth_authorization_never_shows_or_serialises_its_state()
    {
        const string state = "state-0123456789abcdef0123456789";
        var authorization = new BunqOAuthAuthorization(new Uri("https://oauth.bunq.com/auth?response_type=code&state=" + state), state);
        Assert.DoesNotContain(state, authorization.ToString(), StringComparison.Ordinal);
        Assert.Contains("oauth.bunq.com/auth", authorization.ToString(), StringComparison.Ordinal);
        Assert.NotNull(typeof(BunqOAuthAuthorization).GetCustomAttribute<DebuggerDisplayAttribute>());
        AssertDebuggerHidesSecrets(authorization, new[] { state });

        var json = JsonSerializer.Serialize(authorization, ReflectionJson);
        Assert.DoesNotContain("\"State\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transport_attempt_shows_neither_its_token_nor_its_key()
    {
        const string token = "session-token-0123456789abcdef0123456789abcdef";
        var type = typeof(BunqTransport).GetNestedType("Attempt", BindingFlags.NonPublic)!;
        var transport = new BunqTransport(() => new HttpClient(), Fixtures.Options());
        var attempt = Activator.CreateInstance(type, transport, BunqEnvironment.Sandbox, new BunqRequest(HttpMethod.Post, "user/1/payment"), token, TestKeys.Client, null, "req-1", CancellationToken.None)!;

        var text = attempt.ToString()!;
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("req-1", text, StringComparison.Ordinal);
        Assert.NotNull(type.GetCustomAttribute<DebuggerDisplayAttribute>());
        AssertDebuggerHidesSecrets(attempt, new[] { token });
    }

    private static readonly JsonSerializerOptions ReflectionJson = new() { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    private static string SerializeOptions(BunqContextOptions options)
    {
        // Reflection-based serialisation, as a config dump or a structured logger would do it.
        var resolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        // ClientOptions holds a TimeProvider and a logger, which are not data: leave it out of the dump.
        resolver.Modifiers.Add(info =>
        {
            if (info.Type == typeof(BunqContextOptions))
            {
                foreach (var property in info.Properties.Where(p => p.Name is "ClientOptions" or "HttpClient" or "Environment").ToList()) info.Properties.Remove(property);
            }
        });
        return JsonSerializer.Serialize(options, new JsonSerializerOptions { TypeInfoResolver = resolver });
    }

    private static bool HasPrivateKey(System.Security.Cryptography.RSA rsa)
    {
        try
        {
            rsa.ExportParameters(includePrivateParameters: true);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Every field and property whose value holds a secret is hidden from the debugger's views.</summary>
    private static void AssertDebuggerHidesSecrets(object shown, string[] secrets)
    {
        const BindingFlags All = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var type = shown.GetType();
        var members = type.GetFields(All).Where(f => f.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
            .Select(f => (Member: (MemberInfo)f, Value: f.GetValue(shown)))
            .Concat(type.GetProperties(All).Where(p => p.GetIndexParameters().Length == 0).Select(p => (Member: (MemberInfo)p, Value: p.GetValue(shown))));
        var checkedAny = false;
        foreach (var (member, value) in members)
        {
            var text = value switch
            {
                null => "",
                string s => s,
                System.Security.Cryptography.RSA rsa when HasPrivateKey(rsa) => "private key",
                _ => value.GetType().GetProperties(All).Any(p => p.PropertyType == typeof(string) && p.Name == "Token") ? "holds a token" : value.ToString() ?? "",
            };
            if (!secrets.Any(s => text.Contains(s, StringComparison.Ordinal)) && text is not ("private key" or "holds a token")) continue;
            checkedAny = true;
            var browsable = member.GetCustomAttribute<DebuggerBrowsableAttribute>();
            Assert.True(browsable?.State == DebuggerBrowsableState.Never, $"{type.Name}.{member.Name} shows a secret in the debugger");
        }
        Assert.True(checkedAny, $"no member of {type.Name} holds a secret: the check checked nothing");
    }
}
