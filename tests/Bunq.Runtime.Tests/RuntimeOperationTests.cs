using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bunq.Runtime.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace Bunq.Runtime.Tests;

/// <summary>
/// Each request the runtime writes by hand goes out as its conventions-table fact (BunqWireFacts): the path built from
/// the fact's template, the fact's operationId (seen on the call's activity, matched by request id), its token and,
/// where bunq requires it, a signature.
/// </summary>
public sealed class RuntimeOperationTests : IDisposable
{
    private readonly ConcurrentDictionary<string, string?> _operations = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    public RuntimeOperationTests()
    {
        // Process-wide: other tests' calls are recorded too, but only this test's request ids are looked up.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BunqTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.GetTagItem("bunq.request_id") is string id) _operations[id] = a.GetTagItem("bunq.operation") as string;
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private void AssertSent(FakeBunq bunq, BunqOperation operation, string query, params long[] ids)
    {
        var path = operation.Path(ids) + query;
        var sent = bunq.Requests.Where(r => r.Path == path && r.Method == operation.Method).ToList();
        Assert.True(sent.Count > 0, $"{operation.OperationId}: nothing was sent to {operation.Method} {path}; sent: {string.Join(", ", bunq.Requests.Select(r => r.Method + " " + r.Path))}");
        foreach (var request in sent)
        {
            var requestId = request.Header("X-Bunq-Client-Request-Id");
            Assert.NotNull(requestId);
            Assert.True(_operations.TryGetValue(requestId!, out var operationId), $"no activity for {path}");
            Assert.Equal(operation.OperationId, operationId);
            var token = request.Header("X-Bunq-Client-Authentication");
            switch (operation.Auth)
            {
                case BunqAuth.None: Assert.Null(token); break;
                case BunqAuth.Installation: Assert.Equal(bunq.InstallationToken, token); break;
                default: Assert.StartsWith("session-token-", token); break;
            }
            if (operation.Signed) Assert.NotNull(request.Header("X-Bunq-Client-Signature"));
        }
    }

    private void AssertSent(FakeBunq bunq, BunqOperation operation, params long[] ids) => AssertSent(bunq, operation, "", ids);

    [Fact]
    public void A_path_is_the_template_with_the_ids_in_order_and_a_wrong_count_throws()
    {
        Assert.Equal("user/1/monetary-account/2/payment/3", BunqWireFacts.ReadPayment.Path([1, 2, 3]));
        Assert.Equal("installation", BunqWireFacts.CreateInstallation.Path([]));
        Assert.Throws<ArgumentException>(() => BunqWireFacts.ReadPayment.Path([1, 2]));
        Assert.Throws<ArgumentException>(() => BunqWireFacts.ReadUser.Path([1, 2]));
    }

    [Fact]
    public async Task Creating_a_context_sends_installation_device_and_session_as_the_table_states_them()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);

        AssertSent(bunq, BunqWireFacts.CreateInstallation);
        AssertSent(bunq, BunqWireFacts.CreateDeviceServer);
        AssertSent(bunq, BunqWireFacts.CreateSessionServer);
    }

    [Fact]
    public async Task A_psd2_context_registers_its_credential_as_the_table_states_it()
    {
        using var certificateKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=Operation test PISP, C=NL", certificateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var bunq = new FakeBunq { UserType = "UserPaymentServiceProvider", UserId = 5 };
        using var context = await BunqApiContext.CreatePsd2Async(new BunqPsd2ContextOptions
        {
            Certificate = certificate,
            CertificateChain = new X509Certificate2Collection(certificate),
            Environment = BunqEnvironment.Custom("http://127.0.0.1:5099/v1"),
            HttpClient = new HttpClient(bunq, disposeHandler: false),
            ClientOptions = Fixtures.Options(),
        });

        AssertSent(bunq, BunqWireFacts.CreatePaymentServiceProviderCredential);
    }

    [Theory]
    [InlineData("person")]
    [InlineData("company")]
    public async Task A_sandbox_user_is_created_as_the_table_states_it(string kind)
    {
        var bunq = new FakeBunq { Route = _ => StubAnswer.Ok("""{"Response":[{"ApiKey":{"api_key":"sandbox_abc123"}}]}""") };
        using var http = new HttpClient(bunq, disposeHandler: false);
        var environment = BunqEnvironment.Custom("http://127.0.0.1:5099/v1");
        _ = kind == "person"
            ? await BunqSandbox.CreateUserPersonAsync(environment, http, Fixtures.Options())
            : await BunqSandbox.CreateUserCompanyAsync(environment, http, Fixtures.Options());

        AssertSent(bunq, kind == "person" ? BunqWireFacts.CreateSandboxUserPerson : BunqWireFacts.CreateSandboxUserCompany);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(7L)]
    public async Task Notification_filters_are_read_and_written_as_the_table_states_them(long? account)
    {
        var bunq = new FakeBunq();
        var written = false;
        bunq.Route = r =>
        {
            if (r.Method == HttpMethod.Post) written = true;
            return StubAnswer.Ok(written
                ? """{"Response":[{"NotificationFilterUrl":{"category":"PAYMENT","notification_target":"https://example.com/cb"}}]}"""
                : """{"Response":[]}""");
        };
        using var context = await Fixtures.CreateContextAsync(bunq);
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), Fixtures.Options());

        await client.EnsureCallbacksAsync(42, "https://example.com/cb", ["PAYMENT"], account);

        if (account is { } a)
        {
            AssertSent(bunq, BunqWireFacts.ListNotificationFilterUrlForMonetaryAccount, 42, a);
            AssertSent(bunq, BunqWireFacts.CreateNotificationFilterUrlForMonetaryAccount, 42, a);
        }
        else
        {
            AssertSent(bunq, BunqWireFacts.ListNotificationFilterUrlForUser, 42);
            AssertSent(bunq, BunqWireFacts.CreateNotificationFilterUrlForUser, 42);
        }
    }

    [Fact]
    public async Task An_oauth_connection_is_read_as_the_table_states_it()
    {
        var bunq = new FakeBunq
        {
            Route = _ => StubAnswer.Ok("""{"Response":[{"UserApiKey":{"id":42,"requested_by_user":{"UserPerson":{"id":7}},"granted_by_user":{"UserPerson":{"id":8}}}}]}"""),
        };
        using var context = await Fixtures.CreateContextAsync(bunq);
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), Fixtures.Options());

        var connection = await BunqOAuthConnection.ReadAsync(client, 42);

        Assert.Equal(8, connection.GrantedBy.Id);
        AssertSent(bunq, BunqWireFacts.ReadUser, 42);
    }

    [Fact]
    public async Task The_primary_account_is_listed_as_the_table_states_it_with_the_largest_page()
    {
        var bunq = new FakeBunq();
        var store = new BunqMemoryContextStore();
        using (var created = await Fixtures.CreateContextAsync(bunq)) await store.SaveAsync(created);
        bunq.Route = _ => StubAnswer.Ok("""{"Response":[{"MonetaryAccountBank":{"id":9,"status":"ACTIVE"}}]}""");
        var services = new ServiceCollection();
        services.AddBunq(options =>
        {
            options.ContextStore = store;
            options.Client.RateLimits.Enabled = false;
        });
        services.AddHttpClient(BunqServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => bunq);
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(9, await provider.GetRequiredService<IBunqContextAccessor>().GetPrimaryMonetaryAccountIdAsync());
        AssertSent(bunq, BunqWireFacts.ListMonetaryAccountBank, "?count=200", bunq.UserId);
    }
}
