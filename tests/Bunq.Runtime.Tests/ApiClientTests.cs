using System.Text;
using Bunq.Runtime.Security;

namespace Bunq.Runtime.Tests;

public sealed class ApiClientTests
{
    private static async Task<(FakeBunq Bunq, BunqApiContext Context, BunqApiClient Client)> SetupAsync(BunqClientOptions? options = null)
    {
        var bunq = new FakeBunq();
        var context = await Fixtures.CreateContextAsync(bunq);
        var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), options ?? Fixtures.Options());
        return (bunq, context, client);
    }

    [Fact]
    public async Task Every_call_carries_bunqs_headers_the_session_token_and_a_body_signature()
    {
        var (bunq, context, client) = await SetupAsync(new BunqClientOptions { UserAgent = "my-app/2.0", RateLimits = new BunqRateLimitOptions { Enabled = false } });
        bunq.Route = r => StubAnswer.Ok("""{"Response":[{"Id":{"id":1561}}]}""");
        var body = Encoding.UTF8.GetBytes("""{"amount":{"value":"12.50","currency":"EUR"},"description":"Payment for drinks \u00e9"}""");

        var first = await client.SendAsync(new BunqRequest(HttpMethod.Post, "user/42/monetary-account/9/payment") { Body = body, ContentType = "application/json" }, default);
        await client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);

        Assert.Equal(1561, Json.BunqEnvelope.ReadId(first));
        var calls = bunq.Requests.Where(r => r.Path.StartsWith("user/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, calls.Length);
        foreach (var call in calls)
        {
            Assert.Equal("no-cache", call.Header("Cache-Control"));
            Assert.Equal("my-app/2.0", call.Header("User-Agent"));
            Assert.Equal("en_US", call.Header("X-Bunq-Language"));
            Assert.Equal("nl_NL", call.Header("X-Bunq-Region"));
            Assert.Equal("0 0 0 0 000", call.Header("X-Bunq-Geolocation"));
            Assert.Equal(context.Session!.Token, call.Header("X-Bunq-Client-Authentication"));
            Assert.True(Guid.TryParse(call.Header("X-Bunq-Client-Request-Id"), out _));
        }
        Assert.NotEqual(calls[0].Header("X-Bunq-Client-Request-Id"), calls[1].Header("X-Bunq-Client-Request-Id"));
        Assert.Equal(body, calls[0].Body);
        Assert.Equal("application/json", calls[0].Header("Content-Type"));
        Assert.True(BunqSigner.Verify(bunq.ClientKey!, body, calls[0].Header("X-Bunq-Client-Signature")));
        Assert.Null(calls[1].Header("X-Bunq-Client-Signature"));
        Assert.Empty(bunq.BadSignatures);
    }

    [Fact]
    public async Task Attachment_uploads_send_raw_bytes_with_their_type_and_description()
    {
        var (bunq, _, client) = await SetupAsync();
        bunq.Route = r => StubAnswer.Ok("""{"Response":[{"Uuid":{"uuid":"8a3b-uuid"}}]}""");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 255 };

        var response = await client.SendAsync(new BunqRequest(HttpMethod.Post, "attachment-public") { Body = png, ContentType = "image/png", AttachmentDescription = "Check out these cookies." }, default);

        Assert.Equal("8a3b-uuid", Json.BunqEnvelope.ReadUuid(response));
        var call = bunq.RequestsTo("attachment-public").Single();
        Assert.Equal("image/png", call.Header("Content-Type"));
        Assert.Equal("Check out these cookies.", call.Header("X-Bunq-Attachment-Description"));
        Assert.Equal(png, call.Body);
        Assert.True(BunqSigner.Verify(bunq.ClientKey!, png, call.Header("X-Bunq-Client-Signature")));
    }

    [Fact]
    public async Task Binary_answers_come_back_as_verified_bytes()
    {
        var (bunq, _, client) = await SetupAsync();
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        bunq.Route = r => new StubAnswer(200, bytes) { ContentType = "image/jpeg" };
        var response = await client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42/attachment/5/content") { ExpectsBinary = true }, default);
        var binary = BunqBinary.From(response);
        Assert.Equal(bytes, binary.Content.ToArray());
        Assert.Equal("image/jpeg", binary.ContentType);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("tampered-body")]
    [InlineData("garbage")]
    [InlineData("other-key")]
    public async Task An_answer_without_a_valid_server_signature_is_rejected(string how)
    {
        var (bunq, _, client) = await SetupAsync();
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        const string json = """{"Response":[{"Id":{"id":1}}]}""";
        bunq.Route = how switch
        {
            "missing" => _ => new StubAnswer(200, json) { Sign = false },
            "tampered-body" => _ => new StubAnswer(200, json) { SignOver = Encoding.UTF8.GetBytes("""{"Response":[{"Id":{"id":2}}]}""") },
            "garbage" => _ => new StubAnswer(200, json) { RawSignature = "not base64 at all!!" },
            _ => _ => new StubAnswer(200, json) { RawSignature = BunqSigner.Sign(otherKey, Encoding.UTF8.GetBytes(json)) },
        };
        var ex = await Assert.ThrowsAsync<BunqSignatureException>(() => client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default));
        Assert.Equal(200, ex.StatusCode);
        Assert.NotNull(ex.ResponseId);
    }

    [Fact]
    public async Task A_payment_whose_answer_is_unsigned_too_large_or_not_the_envelope_has_an_unknown_outcome()
    {
        var options = Fixtures.Options();
        options.MaxJsonResponseBytes = 64;
        var (bunq, _, client) = await SetupAsync(options);
        var payment = Encoding.UTF8.GetBytes("""{"amount":{"value":"12.50","currency":"EUR"}}""");
        const string id = "4f5e1c39-0d3a-4b49-9f53-95a7f0f3c1aa";
        var answers = new Dictionary<BunqAmbiguousReason, StubAnswer>
        {
            [BunqAmbiguousReason.UnverifiedAnswer] = new StubAnswer(200, """{"Response":[{"Id":{"id":1}}]}""") { Sign = false },
            [BunqAmbiguousReason.AnswerTooLarge] = StubAnswer.Ok("{\"Response\":[{\"Id\":{\"id\":1}}],\"padding\":\"" + new string('x', 100) + "\"}"),
            [BunqAmbiguousReason.UnexpectedAnswer] = StubAnswer.Ok("""{"Response":[{"Uuid":{"uuid":"not an id"}}]}"""),
        };
        foreach (var (reason, answer) in answers)
        {
            bunq.Route = _ => answer;
            var request = new BunqRequest(HttpMethod.Post, "user/42/monetary-account/9/payment") { Body = payment, ContentType = "application/json", OperationId = "CREATE_Payment", CallOptions = new BunqCallOptions { RequestId = id } };

            // The body reached bunq (or someone in its place): whatever the answer, the caller must retry with the same id.
            var ex = await Assert.ThrowsAsync<BunqAmbiguousResultException>(async () => Json.BunqEnvelope.ReadId(await client.SendAsync(request, default)));

            Assert.Equal(reason, ex.Reason);
            Assert.Equal(id, ex.RequestId);
            Assert.Equal("POST", ex.Method);
            Assert.Equal("CREATE_Payment", ex.OperationId);
            Assert.Equal(200, ex.StatusCode);
            Assert.Equal(id, Assert.IsAssignableFrom<BunqException>(ex.InnerException).RequestId);
            Assert.IsType(reason switch
            {
                BunqAmbiguousReason.UnverifiedAnswer => typeof(BunqSignatureException),
                BunqAmbiguousReason.AnswerTooLarge => typeof(BunqResponseTooLargeException),
                _ => typeof(BunqResponseFormatException),
            }, ex.InnerException);
        }
        Assert.Equal(3, bunq.RequestsTo("user/42/monetary-account/9/payment").Count());
    }

    [Fact]
    public async Task A_read_whose_answer_is_not_the_envelope_names_its_request_id()
    {
        var (bunq, _, client) = await SetupAsync();
        bunq.Route = _ => StubAnswer.Ok("""{"Response":[{"Uuid":{"uuid":"not an id"}}]}""");
        var request = new BunqRequest(HttpMethod.Get, "user/42") { CallOptions = new BunqCallOptions { RequestId = "read-1" } };

        var ex = await Assert.ThrowsAsync<BunqResponseFormatException>(async () => Json.BunqEnvelope.ReadId(await client.SendAsync(request, default)));

        Assert.Equal("read-1", ex.RequestId);
    }

    [Fact]
    public async Task Unsigned_error_and_binary_answers_are_rejected_too()
    {
        var (bunq, _, client) = await SetupAsync();
        bunq.Route = r => r.Path.Contains("content", StringComparison.Ordinal)
            ? new StubAnswer(200, new byte[] { 1, 2, 3 }) { ContentType = "application/pdf", Sign = false }
            : new StubAnswer(404, """{"Error":[{"error_description":"Not found","error_description_translated":"Niet gevonden"}]}""") { Sign = false };
        var error = await Assert.ThrowsAsync<BunqSignatureException>(() => client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42/payment/1"), default));
        Assert.Equal(404, error.StatusCode);
        await Assert.ThrowsAsync<BunqSignatureException>(() => client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42/export/1/content") { ExpectsBinary = true }, default));
    }

    [Fact]
    public async Task Verification_can_be_switched_off_for_an_emulator()
    {
        var options = Fixtures.Options();
        options.VerifyServerSignature = false;
        var (bunq, _, client) = await SetupAsync(options);
        bunq.Route = _ => new StubAnswer(200, """{"Response":[{"Id":{"id":3}}]}""") { Sign = false };
        Assert.Equal(3, Json.BunqEnvelope.ReadId(await client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default)));
    }

    [Fact]
    public async Task Installation_auth_calls_carry_the_installation_token()
    {
        var (bunq, context, client) = await SetupAsync();
        bunq.Route = _ => StubAnswer.Ok("""{"Response":[{"Id":{"id":3}}]}""");
        await client.SendAsync(new BunqRequest(HttpMethod.Post, "installation/101/server-public-key") { Auth = BunqAuth.Installation, Body = "{}"u8.ToArray() }, default);
        await client.SendAsync(new BunqRequest(HttpMethod.Post, "sandbox-user-person") { Auth = BunqAuth.None, Body = "{}"u8.ToArray() }, default);
        Assert.Equal(bunq.InstallationToken, bunq.RequestsTo("installation/101/server-public-key").Single().Header("X-Bunq-Client-Authentication"));
        Assert.Null(bunq.RequestsTo("sandbox-user-person").Single().Header("X-Bunq-Client-Authentication"));
    }
}

public sealed class UnwiredHttpClientTests
{
    private static BunqContextOptions Creation(HttpClient http) => new()
    {
        ApiKey = Fixtures.ApiKey,
        Environment = BunqEnvironment.Custom("https://bunq.example.test/v1"),
        HttpClient = http,
        ClientKey = TestKeys.Client,
        ClientOptions = Fixtures.Options(),
    };

    [Fact]
    public async Task A_POST_over_a_client_not_built_over_the_runtimes_handler_is_refused_before_its_body_leaves()
    {
        var bunq = new FakeBunq();
        using var http = new HttpClient(bunq, disposeHandler: false);

        // POST /installation is the first call: an outer handler of this client could re-send it and would see its answer unchecked.
        var ex = await Assert.ThrowsAsync<BunqWireHandlerMissingException>(() => BunqApiContext.CreateAsync(Creation(http)));

        Assert.Contains("CreateHttpHandler", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.RequestId);
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task The_same_client_built_over_the_runtimes_handler_sends()
    {
        var bunq = new FakeBunq();
        using var http = new HttpClient(new BunqWireHandler(bunq), disposeHandler: false);

        using var context = await BunqApiContext.CreateAsync(Creation(http));

        Assert.Single(bunq.RequestsTo("session-server"));
    }
}
