using Bunq.Runtime.Security;

namespace Bunq.Runtime.Tests;

public sealed class SecretsTests
{
    [Fact]
    public async Task Keys_tokens_and_signatures_never_appear_in_logs_or_exception_messages()
    {
        var logger = new CapturingLogger();
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq, logger: logger);
        var options = Fixtures.Options(logger: logger);
        options.MaxRetries = 1;
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), options);
        var failures = new List<Exception>();
        var step = 0;
        bunq.Route = r => (step++) switch
        {
            0 => StubAnswer.Error(401, "Insufficient authorisation.", "x"),
            1 => StubAnswer.Ok("""{"Response":[{"Id":{"id":1}}]}"""),
            2 => StubAnswer.Error(429, "Too many requests.", "x"),
            3 => StubAnswer.Error(429, "Too many requests.", "x"),
            4 => new StubAnswer(200, """{"Response":[]}""") { RawSignature = "AAAA" },
            _ => StubAnswer.Error(490, "Insufficient balance.", "x"),
        };
        await client.SendAsync(new BunqRequest(HttpMethod.Post, "user/42/payment") { Body = """{"amount":{"value":"1.00","currency":"EUR"}}"""u8.ToArray() }, default);
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await client.SendAsync(new BunqRequest(HttpMethod.Post, "user/42/payment") { Body = "{}"u8.ToArray() }, default);
            }
            catch (BunqException ex)
            {
                failures.Add(ex);
            }
        }
        Assert.Equal(3, failures.Count);
        Assert.Equal(2, bunq.SessionServerCalls);

        var secrets = new List<string>
        {
            Fixtures.ApiKey,
            bunq.InstallationToken,
            "session-token-1-c0ffee",
            "session-token-2-c0ffee",
            BunqSigner.ExportPrivateKeyPem(context.ClientKey).Split('\n')[1],
        };
        secrets.AddRange(bunq.Requests.Select(r => r.Header("X-Bunq-Client-Signature")).OfType<string>());
        Assert.True(secrets.Count > 6);
        Assert.NotEmpty(logger.Lines);
        var text = string.Join("\n", logger.Lines) + "\n" + string.Join("\n", failures.Select(f => f.ToString())) + "\n" + context;
        foreach (var secret in secrets) Assert.DoesNotContain(secret, text);
    }
}
