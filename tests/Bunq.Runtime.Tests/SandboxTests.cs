namespace Bunq.Runtime.Tests;

public sealed class SandboxTests
{
    [Theory]
    [InlineData("person")]
    [InlineData("company")]
    public async Task A_sandbox_user_comes_back_as_an_api_key(string kind)
    {
        var bunq = new FakeBunq
        {
            Route = r => StubAnswer.Ok("""{"Response":[{"ApiKey":{"api_key":"sandbox_abc123"}}]}"""),
        };
        var environment = BunqEnvironment.Custom("http://127.0.0.1:5099/v1");
        using var http = new HttpClient(bunq, disposeHandler: false);
        var key = kind == "person"
            ? await BunqSandbox.CreateUserPersonAsync(environment, http, Fixtures.Options())
            : await BunqSandbox.CreateUserCompanyAsync(environment, http, Fixtures.Options());
        Assert.Equal("sandbox_abc123", key);
        var call = Assert.Single(bunq.Requests);
        Assert.Equal("sandbox-user-" + kind, call.Path);
        Assert.Null(call.Header("X-Bunq-Client-Authentication"));
    }

    [Fact]
    public async Task Production_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => BunqSandbox.CreateUserPersonAsync(BunqEnvironment.Production));
    }
}
