using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>bunq's documented protocol: context creation, signatures both ways, tokens, status codes.</summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private BunqEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await BunqEmulator.StartAsync(TestKeys.Options());

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public void The_base_url_is_loopback_with_v1()
    {
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/v1$", _emulator.BaseUrl);
        Assert.DoesNotContain(":0/", _emulator.BaseUrl);
    }

    [Fact]
    public async Task A_sandbox_user_returns_an_API_key_envelope()
    {
        using var bunq = new RawBunq(_emulator.BaseUrl);
        var answer = await bunq.SendAsync(HttpMethod.Post, "sandbox-user-person", "{}", token: null);

        Assert.Equal(200, answer.Status);
        var element = Assert.Single(answer.ResponseArray);
        Assert.StartsWith("sandbox_", element!["ApiKey"]!["api_key"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(answer.ResponseId));
        Assert.False(string.IsNullOrEmpty(answer.ServerSignature));
    }

    [Fact]
    public async Task An_installation_returns_an_id_a_token_and_a_server_key_and_signs_with_it()
    {
        using var bunq = new RawBunq(_emulator.BaseUrl);
        var body = new JsonObject { ["client_public_key"] = bunq.ClientKey.ExportSubjectPublicKeyInfoPem() }.ToJsonString();
        var answer = await bunq.SendAsync(HttpMethod.Post, "installation", body, token: null, sign: false);

        Assert.Equal(200, answer.Status);
        var keys = answer.ResponseArray.Select(e => ((JsonObject)e!).Single().Key).ToArray();
        Assert.Equal(new[] { "Id", "Token", "ServerPublicKey" }, keys);
        Assert.True(answer.Element("Id")["id"]!.GetValue<long>() > 0);
        var token = answer.Element("Token");
        Assert.False(string.IsNullOrEmpty(token["token"]!.GetValue<string>()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$", token["created"]!.GetValue<string>());

        using var server = RSA.Create();
        server.ImportFromPem(answer.Element("ServerPublicKey")["server_public_key"]!.GetValue<string>());
        Assert.True(server.VerifyData(answer.Body, Convert.FromBase64String(answer.ServerSignature!), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(_emulator.ServerPublicKeyPem, answer.Element("ServerPublicKey")["server_public_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_full_context_gives_a_session_with_a_UserPerson()
    {
        using var bunq = new RawBunq(_emulator.BaseUrl);
        var sandbox = await bunq.SendAsync(HttpMethod.Post, "sandbox-user-person", "{}", token: null);
        var apiKey = sandbox.Element("ApiKey")["api_key"]!.GetValue<string>();
        await bunq.CreateContextAsync(apiKey);

        var session = await bunq.SendAsync(HttpMethod.Post, "session-server", new JsonObject { ["secret"] = apiKey }.ToJsonString(), bunq.InstallationToken);
        RawBunq.Check(session);
        var keys = session.ResponseArray.Select(e => ((JsonObject)e!).Single().Key).ToArray();
        Assert.Equal(new[] { "Id", "Token", "UserPerson" }, keys);
        var user = session.Element("UserPerson");
        Assert.Equal(bunq.UserId, user["id"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(user["display_name"]!.GetValue<string>()));
        Assert.True(user["session_timeout"]!.GetValue<long>() > 0);
        Assert.NotEqual(bunq.SessionToken, session.Element("Token")["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sandbox_company_s_session_carries_a_UserCompany()
    {
        using var bunq = new RawBunq(_emulator.BaseUrl);
        var sandbox = await bunq.SendAsync(HttpMethod.Post, "sandbox-user-company", "{}", token: null);
        var apiKey = sandbox.Element("ApiKey")["api_key"]!.GetValue<string>();
        var installBody = new JsonObject { ["client_public_key"] = bunq.ClientKey.ExportSubjectPublicKeyInfoPem() }.ToJsonString();
        var installation = await bunq.SendAsync(HttpMethod.Post, "installation", installBody, token: null, sign: false);
        var installationToken = installation.Element("Token")["token"]!.GetValue<string>();
        RawBunq.Check(await bunq.SendAsync(HttpMethod.Post, "device-server", new JsonObject { ["description"] = "d", ["secret"] = apiKey }.ToJsonString(), installationToken));
        var session = await bunq.SendAsync(HttpMethod.Post, "session-server", new JsonObject { ["secret"] = apiKey }.ToJsonString(), installationToken);

        Assert.Equal(200, session.Status);
        Assert.True(session.Element("UserCompany")["id"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task A_device_server_call_with_an_unknown_API_key_is_400()
    {
        using var bunq = new RawBunq(_emulator.BaseUrl);
        var installBody = new JsonObject { ["client_public_key"] = bunq.ClientKey.ExportSubjectPublicKeyInfoPem() }.ToJsonString();
        var installation = await bunq.SendAsync(HttpMethod.Post, "installation", installBody, token: null, sign: false);
        var token = installation.Element("Token")["token"]!.GetValue<string>();

        var device = await bunq.SendAsync(HttpMethod.Post, "device-server", new JsonObject { ["description"] = "d", ["secret"] = "sandbox_nope" }.ToJsonString(), token);

        Assert.Equal(400, device.Status);
    }

    [Fact]
    public async Task A_session_server_call_without_a_signature_is_466_and_with_a_wrong_one_is_401()
    {
        using var bunq = new RawBunq(_emulator.BaseUrl);
        var apiKey = _emulator.CreateSandboxUser();
        var installBody = new JsonObject { ["client_public_key"] = bunq.ClientKey.ExportSubjectPublicKeyInfoPem() }.ToJsonString();
        var installation = await bunq.SendAsync(HttpMethod.Post, "installation", installBody, token: null, sign: false);
        var token = installation.Element("Token")["token"]!.GetValue<string>();
        RawBunq.Check(await bunq.SendAsync(HttpMethod.Post, "device-server", new JsonObject { ["description"] = "d", ["secret"] = apiKey }.ToJsonString(), token));
        var body = new JsonObject { ["secret"] = apiKey }.ToJsonString();

        var unsigned = await bunq.SendAsync(HttpMethod.Post, "session-server", body, token, sign: false);
        var wrong = await bunq.SendAsync(HttpMethod.Post, "session-server", body, token, signature: bunq.Sign(Encoding.UTF8.GetBytes(body + " ")));

        Assert.Equal(466, unsigned.Status);
        Assert.Equal(401, wrong.Status);
        Assert.Contains("signature", wrong.ErrorDescription, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_payment_without_a_signature_is_466_with_a_wrong_one_is_401_and_nothing_moves()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);
        var path = $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment";
        var body = Payment("12.50", "bravo@bunq.com").ToJsonString();

        var unsigned = await bunq.SendAsync(HttpMethod.Post, path, body, sign: false);
        var forged = Convert.ToBase64String(TestKeys.Stranger.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var wrong = await bunq.SendAsync(HttpMethod.Post, path, body, signature: forged);

        Assert.Equal(466, unsigned.Status);
        Assert.Equal(401, wrong.Status);
        Assert.True(unsigned.SignatureValid);
        Assert.True(wrong.SignatureValid);
        var payments = await bunq.GetAsync(path);
        Assert.Empty(payments.ResponseArray);
    }

    [Fact]
    public async Task A_signed_payment_is_accepted_with_an_id()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);
        var answer = await bunq.PostAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment", Payment("12.50", "bravo@bunq.com"));

        RawBunq.Check(answer);
        var id = answer.Element("Id")["id"]!.GetValue<long>();
        var read = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment/{id}");
        RawBunq.Check(read);
        Assert.Equal("-12.50", read.Element("Payment")["amount"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_call_without_a_token_is_401_with_an_error_envelope()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);

        var noToken = await bunq.SendAsync(HttpMethod.Get, $"user/{bunq.UserId}", null, token: null);
        var installationToken = await bunq.SendAsync(HttpMethod.Get, $"user/{bunq.UserId}", null, token: bunq.InstallationToken);

        Assert.Equal(401, noToken.Status);
        Assert.Equal("Insufficient authorisation.", noToken.ErrorDescription);
        Assert.NotNull(noToken.Json["Error"]![0]!["error_description_translated"]);
        Assert.Equal(401, installationToken.Status);
    }

    [Fact]
    public async Task A_wrong_method_is_405_and_an_unknown_path_or_id_is_404()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);

        var wrongMethod = await bunq.SendAsync(HttpMethod.Delete, $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment", null);
        var unknownPath = await bunq.GetAsync($"user/{bunq.UserId}/no-such-thing");
        var unknownId = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment/987654");
        var otherUser = await bunq.GetAsync($"user/{bunq.UserId + 1000}/monetary-account");
        var unknownAccount = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account/987654/payment");

        Assert.Equal(405, wrongMethod.Status);
        Assert.Equal(404, unknownPath.Status);
        Assert.Equal(404, unknownId.Status);
        Assert.Equal(404, otherUser.Status);
        Assert.Equal(404, unknownAccount.Status);
        Assert.True(unknownId.SignatureValid);
        Assert.NotNull(unknownId.ResponseId);
    }

    [Fact]
    public async Task An_expired_session_is_401_and_a_new_session_works()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);
        RawBunq.Check(await bunq.GetAsync($"user/{bunq.UserId}"));

        _emulator.ExpireSessions();
        var expired = await bunq.GetAsync($"user/{bunq.UserId}");
        var session = await bunq.SendAsync(HttpMethod.Post, "session-server", new JsonObject { ["secret"] = bunq.ApiKey }.ToJsonString(), bunq.InstallationToken);
        var newToken = session.Element("Token")["token"]!.GetValue<string>();
        var again = await bunq.SendAsync(HttpMethod.Get, $"user/{bunq.UserId}", null, token: newToken);

        Assert.Equal(401, expired.Status);
        Assert.Equal("Insufficient authorisation.", expired.ErrorDescription);
        Assert.Equal(200, again.Status);
    }

    [Fact]
    public async Task Anchor_endpoints_answer_union_elements()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);

        var users = await bunq.GetAsync("user");
        var user = await bunq.GetAsync($"user/{bunq.UserId}");
        var accounts = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account");

        RawBunq.Check(users);
        Assert.Equal(bunq.UserId, Assert.Single(users.ResponseArray)!["UserPerson"]!["id"]!.GetValue<long>());
        Assert.Equal(bunq.UserId, user.Element("UserPerson")["id"]!.GetValue<long>());
        var kinds = accounts.ResponseArray.Select(e => ((JsonObject)e!).Single().Key).OrderBy(k => k).ToArray();
        Assert.Equal(new[] { "MonetaryAccountBank", "MonetaryAccountSavings" }, kinds);
        var bank = accounts.Element("MonetaryAccountBank");
        Assert.Equal("500.00", bank["balance"]!["value"]!.GetValue<string>());
        var iban = bank["alias"]!.AsArray().Single(a => a!["type"]!.GetValue<string>() == "IBAN")!["value"]!.GetValue<string>();
        Assert.Matches("^NL\\d{2}BUNQ\\d{10}$", iban);
    }

    [Fact]
    public async Task Creating_a_MonetaryAccountBank_adds_that_variant()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);

        var created = await bunq.PostAsync($"user/{bunq.UserId}/monetary-account-bank", new JsonObject { ["currency"] = "EUR", ["description"] = "Holidays" });
        RawBunq.Check(created);
        var id = created.Element("Id")["id"]!.GetValue<long>();
        var asBank = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account-bank/{id}");
        var asAnchor = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account/{id}");
        var asSavings = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account-savings/{id}");

        Assert.Equal("Holidays", asBank.Element("MonetaryAccountBank")["description"]!.GetValue<string>());
        Assert.Equal("0.00", asAnchor.Element("MonetaryAccountBank")["balance"]!["value"]!.GetValue<string>());
        Assert.Equal(404, asSavings.Status);
    }

    [Fact]
    public async Task A_generic_resource_can_be_created_read_updated_listed_and_deleted()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);
        var paymentId = (await bunq.PostAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment", Payment("1.00", "x@bunq.example"))).Element("Id")["id"]!.GetValue<long>();
        var notes = $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment/{paymentId}/note-text";

        var created = await bunq.PostAsync(notes, new JsonObject { ["content"] = "first" });
        var id = created.Element("Id")["id"]!.GetValue<long>();
        var updated = await bunq.PutAsync($"{notes}/{id}", new JsonObject { ["content"] = "second" });
        var read = await bunq.GetAsync($"{notes}/{id}");
        var list = await bunq.GetAsync(notes);
        var deleted = await bunq.SendAsync(HttpMethod.Delete, $"{notes}/{id}", null);
        var gone = await bunq.GetAsync($"{notes}/{id}");
        var unknownParent = await bunq.PostAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment/987654/note-text", new JsonObject { ["content"] = "x" });

        RawBunq.Check(updated);
        Assert.Equal(id, updated.Element("Id")["id"]!.GetValue<long>());
        var note = read.Element("NoteText");
        Assert.Equal("second", note["content"]!.GetValue<string>());
        Assert.Equal(id, note["id"]!.GetValue<long>());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$", note["updated"]!.GetValue<string>());
        Assert.Single(list.ResponseArray);
        Assert.Equal(200, deleted.Status);
        Assert.Equal(404, gone.Status);
        Assert.Equal(404, unknownParent.Status);
    }

    [Fact]
    public async Task Attachments_round_trip_their_bytes_and_content_type()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 0, 255 };

        var publicUpload = await bunq.SendAsync(HttpMethod.Post, "attachment-public", null, bytes: png, contentType: "image/png", description: "cookies");
        RawBunq.Check(publicUpload);
        var uuid = publicUpload.Element("Uuid")["uuid"]!.GetValue<string>();
        var publicContent = await bunq.GetAsync($"attachment-public/{uuid}/content");
        var publicRead = await bunq.GetAsync($"attachment-public/{uuid}");

        var accountUpload = await bunq.SendAsync(HttpMethod.Post, $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/attachment", null, bytes: png, contentType: "image/jpeg", description: "receipt");
        RawBunq.Check(accountUpload);
        var attachmentId = accountUpload.Element("Id")["id"]!.GetValue<long>();
        var accountContent = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/attachment/{attachmentId}/content");
        var noDescription = await bunq.SendAsync(HttpMethod.Post, "attachment-public", null, bytes: png, contentType: "image/png");

        RawBunq.Check(publicContent);
        Assert.Equal(png, publicContent.Body);
        Assert.Equal("image/png", publicContent.ContentType);
        Assert.Equal("cookies", publicRead.Element("AttachmentPublic")["attachment"]!["description"]!.GetValue<string>());
        RawBunq.Check(accountContent);
        Assert.Equal(png, accountContent.Body);
        Assert.Equal("image/jpeg", accountContent.ContentType);
        Assert.Equal(400, noDescription.Status);
    }

    internal static JsonObject Payment(string value, string email, string description = "Payment for drinks.") => new()
    {
        ["amount"] = new JsonObject { ["value"] = value, ["currency"] = "EUR" },
        ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = email, ["name"] = "Bravo" },
        ["description"] = description,
    };
}
