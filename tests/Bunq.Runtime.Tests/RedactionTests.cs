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
