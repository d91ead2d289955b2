using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.CodeGen.Model;
using Bunq.Emulator.State;
using Bunq.Runtime.Security;
using Bunq.Runtime.Wire;

namespace Bunq.Emulator.Protocol;

/// <summary>
/// bunq's protocol over the spec's operations: route, rate limit, authenticate, check the client
/// signature, then answer from the store. Special operations (context creation, money, attachments,
/// notification filters) have their own handlers; every other operation is served generically by
/// its kind and result shape.
/// </summary>
internal sealed class BunqProtocol : IDisposable
{
    private readonly RouteTable _routes;
    private readonly RateLimiter? _limiter;
    private readonly EmulatorStore _store;
    private readonly Bank _bank;
    private readonly RSA _serverKey;
    private readonly string _serverPublicKeyPem;

    // Segments such as monetary-account-bank or user-person address the same objects as their
    // anchor (monetary-account, user), narrowed to one object type.
    private readonly Dictionary<string, (string Anchor, string Key)> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _collectionKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyCollection<string>> _collectionFields = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Installation> _installations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public BunqProtocol(IReadOnlyList<EmulatorOperation> operations, EmulatorStore store, Bank bank, RateLimiter? limiter, string? serverPrivateKeyPem)
    {
        _routes = new RouteTable(operations);
        _store = store;
        _bank = bank;
        _limiter = limiter;
        _serverKey = serverPrivateKeyPem is null ? BunqSigner.CreateKey() : BunqSigner.ImportPrivateKeyPem(serverPrivateKeyPem);
        _serverPublicKeyPem = BunqSigner.ExportPublicKeyPem(_serverKey);
        Operations = operations;
        OAuth = new OAuthServer(bank, store);

        foreach (var op in operations)
        {
            if (op.Shape != ResultShape.Union) continue;
            var anchor = op.Segments.LastOrDefault(s => !EmulatorOperation.IsParameter(s));
            if (anchor is null) continue;
            foreach (var key in op.Keys) _aliases.TryAdd(Kebab(key), (anchor, key));
        }
        foreach (var op in operations)
        {
            if (op.Kind is not (OperationKind.Read or OperationKind.List) || op.Shape is ResultShape.Union or ResultShape.Binary || op.Key is null) continue;
            var collection = CollectionTemplate(op);
            _collectionKeys.TryAdd(collection, op.Key);
            if (op.ResponseFields.Count > 0) _collectionFields.TryAdd(collection, op.ResponseFields);
        }
    }

    public IReadOnlyList<EmulatorOperation> Operations { get; }

    /// <summary>OAuth's authorize and token endpoints, beside the API (callers hold the store's gate).</summary>
    public OAuthServer OAuth { get; }

    /// <summary>Runs <paramref name="action"/> under the store's gate, as request handling does.</summary>
    public T Locked<T>(Func<T> action)
    {
        lock (_store.Gate)
        {
            return action();
        }
    }

    public string ServerPublicKeyPem => _serverPublicKeyPem;

    public string Sign(ReadOnlySpan<byte> body) => BunqSigner.Sign(_serverKey, body);

    /// <summary>Expires every session: the next call with its token gets bunq's 401.</summary>
    public void ExpireSessions()
    {
        lock (_store.Gate)
        {
            foreach (var session in _sessions.Values) session.Expired = true;
        }
    }

    /// <summary>The error description for a request id used before on the same installation.</summary>
    public const string DuplicateRequestId = "The X-Bunq-Client-Request-Id of this request was already used on this device; the earlier request stands.";

    /// <summary>Send drifted answers: every object in a JSON answer's Response elements gets a field bunq's spec does not declare.</summary>
    public bool Drift { get; init; }

    /// <summary>The field drifted answers carry; generated clients keep it in UnknownFields and report an UnknownField event.</summary>
    public const string DriftField = "emulator_drift_probe";

    public EmulatorAnswer Handle(EmulatorRequest request)
    {
        try
        {
            var answer = Process(request);
            return Drift ? Drifted(answer) : answer;
        }
        catch (EmulatorException ex)
        {
            return Wire.Error(ex.StatusCode, ex.Message);
        }
    }

    private static EmulatorAnswer Drifted(EmulatorAnswer answer)
    {
        if (answer.StatusCode is < 200 or > 299 || answer.ContentType != "application/json") return answer;
        if (JsonNode.Parse(answer.Body) is not JsonObject root || root["Response"] is not JsonArray elements) return answer;
        foreach (var element in elements.OfType<JsonObject>())
        {
            foreach (var (_, value) in element)
            {
                // Not the id/uuid/token parts a client reads by one field: those would only say "not returned".
                if (value is JsonObject body && body.Count > 1) body[DriftField] = new JsonObject { ["since"] = "emulator --drift", ["values"] = new JsonArray(1, 2.5, "three") };
            }
        }
        return Wire.Json(answer.StatusCode, root);
    }

    private EmulatorAnswer Process(EmulatorRequest request)
    {
        if (request.Path.StartsWith("/oauth/", StringComparison.Ordinal))
        {
            lock (_store.Gate)
            {
                return OAuth.Handle(request);
            }
        }
        if (!request.Path.StartsWith("/v1/", StringComparison.Ordinal)) throw EmulatorException.NotFound();
        var relative = request.Path[3..];
        var match = _routes.Match(request.Method, relative);
        var op = match.Operation;
        if (op is null)
        {
            if (match.PathKnown) throw new EmulatorException(405, "The method you are using is not allowed for this endpoint.");
            throw EmulatorException.NotFound();
        }
        if (_limiter is not null && !_limiter.TryAcquire(request.ClientIp, op.Method, op.Path))
        {
            throw new EmulatorException(429, "Too many requests. You have reached the rate limit for this endpoint; try again in a few seconds.");
        }

        lock (_store.Gate)
        {
            Installation? installation = null;
            Session? session = null;
            switch (op.Token)
            {
                case TokenKind.Installation:
                    if (request.Authentication is null || !_installations.TryGetValue(request.Authentication, out installation))
                    {
                        throw Unauthorised();
                    }
                    break;
                case TokenKind.Session:
                    if (request.Authentication is null || !_sessions.TryGetValue(request.Authentication, out session) || session.User.Revoked || !session.TryUse(_bank.Now))
                    {
                        throw Unauthorised();
                    }
                    installation = session.Installation;
                    break;
            }
            // An OAuth connection (UserApiKey): paths name the UserApiKey's id, the items below it are the granting user's.
            if (session?.User.GrantedBy is { } granted && OAuthServer.Delegate(relative, session.User.Id, granted.Id) is { } delegated)
            {
                match = _routes.Match(request.Method, delegated);
                op = match.Operation ?? throw EmulatorException.NotFound();
                session = new Session(session.Id, session.Token, granted, session.Installation, session.Timeout, _bank.Now);
            }
            if (installation is not null)
            {
                if (!string.IsNullOrEmpty(request.Signature))
                {
                    if (!BunqSigner.Verify(installation.ClientKey, request.Body, request.Signature))
                    {
                        throw new EmulatorException(401, "The request signature is invalid.");
                    }
                }
                else if (op.SignatureRequired)
                {
                    throw new EmulatorException(466, "Request signature is required for this operation.");
                }
            }
            // bunq: "the server will respond with an error when the same ID is used again on the same DeviceServer".
            // Counted once a call is authenticated and signed (a 429 or 401 before that leaves the id unused), and
            // the first call's effect stands: a retry with the same id cannot move money a second time.
            if (installation is not null && request.RequestId is { } requestId && !installation.RequestIds.Add(requestId))
            {
                throw new EmulatorException(400, DuplicateRequestId);
            }
            var call = new Call(request, op, Canonical(op, match.Segments), installation, session);
            return Dispatch(call);
        }
    }

    public IReadOnlyList<Notification> DrainNotifications()
    {
        lock (_store.Gate)
        {
            return _bank.DrainNotifications();
        }
    }

    private EmulatorAnswer Dispatch(Call call)
    {
        var op = call.Operation;
        switch (op.Route)
        {
            case "POST /sandbox-user-person":
                return SandboxUser(company: false);
            case "POST /sandbox-user-company":
                return SandboxUser(company: true);
            case "POST /installation":
                return CreateInstallation(call);
            case "POST /device-server":
                return CreateDeviceServer(call);
            case "POST /session-server":
                return CreateSessionServer(call);
        }
        CheckParents(call);
        if (op.BinaryRequest) return Upload(call);
        if (op.Shape == ResultShape.Binary) return Download(call);
        var last = call.Canonical.LastLiteral;
        switch (op.Kind)
        {
            case OperationKind.Create when last == "payment" && call.Canonical.Parent("monetary-account") is not null:
                return CreatePayment(call);
            case OperationKind.Create when last == "payment-batch":
                return CreatePaymentBatch(call);
            case OperationKind.Create when last == "request-inquiry":
                return CreateRequestInquiry(call);
            case OperationKind.Create when last == "draft-payment":
                return CreateDraftPayment(call);
            case OperationKind.Update when last == "draft-payment":
                return UpdateDraftPayment(call);
            case OperationKind.Update when last == "request-response":
                return UpdateRequestResponse(call);
            case OperationKind.Create when last is "notification-filter-url" or "notification-filter-push" or "notification-filter-email":
                return CreateNotificationFilters(call);
            case OperationKind.Create when call.Canonical.Variant is { } variant && call.Canonical.Collection == Bank.Accounts(call.User.Id):
                return CreateAccount(call, variant);
            case OperationKind.Create:
                return CreateGeneric(call);
            case OperationKind.Read:
                return Read(call);
            case OperationKind.List:
                return List(call);
            case OperationKind.Update:
                return Update(call);
            default:
                return Delete(call);
        }
    }

    private EmulatorAnswer SandboxUser(bool company)
    {
        var user = _bank.CreateUser(company);
        return Wire.Response(new[] { Wire.Element("ApiKey", new JsonObject { ["api_key"] = user.ApiKey }) });
    }

    /// <summary>For the host: a sandbox user without an HTTP call.</summary>
    public string CreateSandboxUser(bool company)
    {
        lock (_store.Gate)
        {
            return _bank.CreateUser(company).ApiKey;
        }
    }

    private EmulatorAnswer CreateInstallation(Call call)
    {
        var body = JsonBody(call);
        var pem = body["client_public_key"] is JsonValue v ? v.ToString() : null;
        var key = ImportClientKey(pem);
        if (key.KeySize < 2048)
        {
            key.Dispose();
            throw EmulatorException.BadRequest("The public key must be a 2048-bit RSA key.");
        }
        var token = _bank.NewToken();
        var item = _store.Add("installation", "Installation", new JsonObject(), _bank.Now);
        var installation = new Installation(item.Id, token, key);
        _installations[token] = installation;
        _store.Add($"installation/{item.Id}/server-public-key", BunqWireFacts.ServerPublicKeyKey, new JsonObject { ["server_public_key"] = _serverPublicKeyPem }, _bank.Now);
        return Wire.Response(new JsonNode?[]
        {
            Wire.IdElement(item.Id),
            Wire.Element(BunqWireFacts.TokenKey, TokenObject(_store.NextId(), token)),
            Wire.Element(BunqWireFacts.ServerPublicKeyKey, new JsonObject { ["server_public_key"] = _serverPublicKeyPem }),
        });
    }

    private EmulatorAnswer CreateDeviceServer(Call call)
    {
        var body = JsonBody(call);
        var secret = body["secret"] is JsonValue s ? s.ToString() : null;
        var description = body["description"] is JsonValue d ? d.ToString() : null;
        if (string.IsNullOrEmpty(description)) throw EmulatorException.BadRequest("The field \"description\" is required.");
        if (_bank.UserByApiKey(secret) is null) throw EmulatorException.BadRequest("User credentials are incorrect. Incorrect API key or IP address.");
        call.Installation!.DeviceApiKeys.Add(secret!);
        var data = new JsonObject
        {
            ["description"] = description,
            ["ip"] = call.Request.ClientIp,
            ["status"] = "ACTIVE",
            ["permitted_ips"] = body["permitted_ips"]?.DeepClone(),
        };
        var item = _store.Add(CanonicalCollection("device-server"), "DeviceServer", data, _bank.Now);
        return Wire.Response(new[] { Wire.IdElement(item.Id) });
    }

    private EmulatorAnswer CreateSessionServer(Call call)
    {
        var body = JsonBody(call);
        var secret = body["secret"] is JsonValue s ? s.ToString() : null;
        var user = _bank.UserByApiKey(secret);
        if (user is null || user.Revoked || !call.Installation!.DeviceApiKeys.Contains(secret!))
        {
            throw EmulatorException.BadRequest("User credentials are incorrect. Incorrect API key or IP address.");
        }
        var userItem = _store.Find(Bank.Users, user.Id)!;
        var timeout = userItem.Data["session_timeout"] is JsonValue t && t.TryGetValue<long>(out var seconds) ? seconds : 604800;
        var token = _bank.NewToken();
        var id = _store.NextId();
        _sessions[token] = new Session(id, token, user, call.Installation, TimeSpan.FromSeconds(timeout), _bank.Now);
        return Wire.Response(new JsonNode?[]
        {
            Wire.IdElement(id),
            Wire.Element(BunqWireFacts.TokenKey, TokenObject(_store.NextId(), token)),
            Wire.Element(user.Key, userItem.Data.DeepClone()),
        });
    }

    private JsonObject TokenObject(long id, string token)
    {
        var now = Runtime.Json.BunqJson.FormatTimestamp(_bank.Now);
        return new JsonObject { ["id"] = id, ["created"] = now, ["updated"] = now, ["token"] = token };
    }

    private EmulatorAnswer CreatePayment(Call call)
    {
        var body = JsonBody(call);
        var account = _bank.Account(call.User, call.Canonical.ParentId("monetary-account"));
        var amount = Money.ReadPositive(body["amount"], "amount");
        var extra = new JsonObject();
        foreach (var (name, value) in body)
        {
            if (name is not ("amount" or "counterparty_alias" or "description")) extra[name] = value?.DeepClone();
        }
        var payment = _bank.Pay(call.User, account, amount, body["counterparty_alias"] as JsonObject, body["description"]?.ToString(), extra);
        return Created(call, payment);
    }

    private EmulatorAnswer CreatePaymentBatch(Call call)
    {
        var account = _bank.Account(call.User, call.Canonical.ParentId("monetary-account"));
        var batch = _bank.PayBatch(call.User, account, JsonBody(call), call.Canonical.Collection);
        return Created(call, batch);
    }

    private EmulatorAnswer CreateRequestInquiry(Call call)
    {
        var account = _bank.Account(call.User, call.Canonical.ParentId("monetary-account"));
        var inquiry = _bank.RequestInquiry(call.User, account, JsonBody(call), call.Canonical.Collection);
        return Created(call, inquiry);
    }

    private EmulatorAnswer CreateDraftPayment(Call call)
    {
        var account = _bank.Account(call.User, call.Canonical.ParentId("monetary-account"));
        var draft = _bank.CreateDraftPayment(call.User, account, JsonBody(call), call.Canonical.Collection);
        return Created(call, draft);
    }

    private EmulatorAnswer UpdateDraftPayment(Call call)
    {
        var account = _bank.Account(call.User, call.Canonical.ParentId("monetary-account"));
        var draft = FindItem(call);
        _bank.UpdateDraftPayment(call.User, account, draft, JsonBody(call));
        return Updated(call, draft);
    }

    private EmulatorAnswer UpdateRequestResponse(Call call)
    {
        var account = _bank.Account(call.User, call.Canonical.ParentId("monetary-account"));
        var response = FindItem(call);
        _bank.UpdateRequestResponse(call.User, account, response, JsonBody(call));
        return Updated(call, response);
    }

    /// <summary>
    /// bunq's POST replaces the whole set of filters of the user or monetary account, and answers
    /// every filter as its own element (sdk_csharp NotificationFilterUrlUserInternal reads the answer
    /// as a list of NotificationFilterUrl: id, created, updated, category, notification_target).
    /// </summary>
    private EmulatorAnswer CreateNotificationFilters(Call call)
    {
        var body = JsonBody(call);
        if (body["notification_filters"] is not JsonArray filters) throw EmulatorException.BadRequest("The field \"notification_filters\" must be an array.");
        foreach (var filter in filters)
        {
            if (filter is not JsonObject f || f["category"] is not JsonValue) throw EmulatorException.BadRequest("Each notification filter needs a \"category\".");
            if (f["notification_target"] is JsonValue target && !Uri.TryCreate(target.ToString(), UriKind.Absolute, out _))
            {
                throw EmulatorException.BadRequest("The field \"notification_target\" must be an absolute URL.");
            }
        }
        foreach (var existing in _store.Items(call.Canonical.Collection).ToArray()) _store.Remove(existing);
        var key = CollectionKey(call);
        var created = filters.OfType<JsonObject>().Select(f => _store.Add(call.Canonical.Collection, key, f, _bank.Now)).ToList();
        return Wire.Response(created.Select(item => (JsonNode?)Wire.Element(call.Operation.Key ?? key, item.Data.DeepClone())));
    }

    private EmulatorAnswer CreateAccount(Call call, string variant)
    {
        var account = _bank.CreateAccount(call.User, variant, JsonBody(call), 0m);
        return Created(call, account);
    }

    private EmulatorAnswer CreateGeneric(Call call)
    {
        var body = JsonBody(call);
        var fields = _collectionFields.TryGetValue(call.Canonical.Template, out var f) ? f : Array.Empty<string>();
        if (fields.Contains("monetary_account_id") && !body.ContainsKey("monetary_account_id") && call.Canonical.Parent("monetary-account") is { } account)
        {
            body["monetary_account_id"] = long.Parse(account, CultureInfo.InvariantCulture);
        }
        if (fields.Contains("user_id") && !body.ContainsKey("user_id") && call.Session is not null)
        {
            body["user_id"] = call.User.Id;
        }
        if (fields.Contains("status") && !body.ContainsKey("status")) body["status"] = "ACTIVE";
        var uuid = call.Operation.Shape == ResultShape.Uuid ? _bank.NewUuid() : null;
        var item = _store.Add(call.Canonical.Collection, CollectionKey(call), body, _bank.Now, uuid);
        return Created(call, item);
    }

    private EmulatorAnswer Upload(Call call)
    {
        if (string.IsNullOrEmpty(call.Request.ContentType) || call.Request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorException.BadRequest("Send the attachment's bytes with its MIME type in Content-Type (image/png, image/jpeg or image/gif).");
        }
        if (string.IsNullOrEmpty(call.Request.AttachmentDescription))
        {
            throw EmulatorException.BadRequest("The header " + BunqWireFacts.AttachmentDescriptionHeader + " is required.");
        }
        if (call.Request.Body.Length == 0) throw EmulatorException.BadRequest("The attachment is empty.");
        var data = new JsonObject
        {
            ["attachment"] = new JsonObject
            {
                ["description"] = call.Request.AttachmentDescription,
                ["content_type"] = call.Request.ContentType,
                ["urls"] = new JsonArray(),
            },
        };
        if (call.Canonical.Parent("monetary-account") is { } account) data["monetary_account_id"] = long.Parse(account, CultureInfo.InvariantCulture);
        var uuid = call.Operation.Shape == ResultShape.Uuid ? _bank.NewUuid() : null;
        var item = _store.Add(call.Canonical.Collection, CollectionKey(call), data, _bank.Now, uuid);
        item.Content = call.Request.Body;
        item.ContentType = call.Request.ContentType;
        return Created(call, item);
    }

    private EmulatorAnswer Download(Call call)
    {
        var segments = call.Canonical.Segments;
        if (segments.Length < 3) throw EmulatorException.NotFound();
        var owner = _store.Find(string.Join('/', segments[..^2]), segments[^2]);
        if (owner?.Content is null) throw EmulatorException.NotFound();
        return new EmulatorAnswer(200, owner.Content, owner.ContentType ?? "application/octet-stream");
    }

    private EmulatorAnswer Read(Call call)
    {
        var item = FindItem(call);
        var key = call.Operation.Shape == ResultShape.Union ? item.Key : call.Operation.Key ?? item.Key;
        return Wire.Response(new[] { Wire.Element(key, item.Data.DeepClone()) });
    }

    private EmulatorAnswer List(Call call)
    {
        var count = 10;
        if (call.Request.Query.TryGetValue("count", out var countText))
        {
            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > 200)
            {
                throw EmulatorException.BadRequest("The parameter \"count\" must be a number from 1 to 200.");
            }
        }
        var olderId = QueryId(call, "older_id");
        var newerId = QueryId(call, "newer_id");
        if (olderId is not null && newerId is not null) throw EmulatorException.BadRequest("Send either \"older_id\" or \"newer_id\", not both.");

        IEnumerable<StoredItem> items = _store.Items(call.Canonical.Collection);
        if (call.Canonical.Variant is { } variant) items = items.Where(i => i.Key == variant);
        if (call.Canonical.Collection == Bank.Users) items = items.Where(i => i.Id == call.User.Id);
        var all = items.ToList();

        List<StoredItem> page;
        if (newerId is { } newer) page = all.Where(i => i.Id > newer).Take(count).Reverse().ToList();
        else if (olderId is { } older) page = all.Where(i => i.Id < older).Reverse().Take(count).ToList();
        else page = Enumerable.Reverse(all).Take(count).ToList();

        var path = "/v1/" + string.Join('/', call.RequestSegments);
        string Url(string parameter, long id) => $"{path}?count={count.ToString(CultureInfo.InvariantCulture)}&{parameter}={id.ToString(CultureInfo.InvariantCulture)}";
        string? newerUrl = null, olderUrl = null, futureUrl = null;
        if (page.Count > 0)
        {
            var first = page[0].Id;
            var lastId = page[^1].Id;
            if (all.Any(i => i.Id > first)) newerUrl = Url("newer_id", first);
            else futureUrl = Url("newer_id", first);
            if (all.Any(i => i.Id < lastId)) olderUrl = Url("older_id", lastId);
        }
        else if (newerId is { } requestedNewer)
        {
            futureUrl = Url("newer_id", requestedNewer);
        }
        var pagination = new JsonObject
        {
            ["future_url"] = futureUrl,
            ["newer_url"] = newerUrl,
            ["older_url"] = olderUrl,
        };
        var union = call.Operation.Shape == ResultShape.Union;
        var key = call.Operation.Key;
        return Wire.Response(page.Select(i => (JsonNode?)Wire.Element(union || key is null ? i.Key : key, i.Data.DeepClone())), pagination);
    }

    private EmulatorAnswer Update(Call call)
    {
        var item = FindItem(call);
        var body = JsonBody(call);
        if (call.Canonical.Collection == Bank.Accounts(call.User.Id))
        {
            // Money only moves through payments; an account's balance and IBAN are not the client's to set.
            body.Remove("balance");
            body.Remove("alias");
        }
        _store.Merge(item, body, _bank.Now);
        return Updated(call, item);
    }

    private EmulatorAnswer Delete(Call call)
    {
        var item = FindItem(call);
        _store.Remove(item);
        return Wire.Response(Array.Empty<JsonNode?>());
    }

    private EmulatorAnswer Created(Call call, StoredItem item) => call.Operation.Shape switch
    {
        ResultShape.Uuid => Wire.Response(new[] { Wire.Element("Uuid", new JsonObject { ["uuid"] = item.Uuid ?? item.Id.ToString(CultureInfo.InvariantCulture) }) }),
        ResultShape.Object or ResultShape.List or ResultShape.Union => Wire.Response(new[] { Wire.Element(call.Operation.Key ?? item.Key, item.Data.DeepClone()) }),
        ResultShape.Empty => Wire.Response(Array.Empty<JsonNode?>()),
        _ => Wire.Response(new[] { Wire.IdElement(item.Id) }),
    };

    private EmulatorAnswer Updated(Call call, StoredItem item) => Created(call, item);

    private StoredItem FindItem(Call call)
    {
        var segments = call.Canonical.Segments;
        var collection = string.Join('/', segments[..^1]);
        var reference = segments[^1];
        if (collection == Bank.Users && reference != call.User.Id.ToString(CultureInfo.InvariantCulture)) throw EmulatorException.NotFound();
        var item = _store.Find(collection, reference);
        if (item is null || (call.Canonical.Variant is { } variant && item.Key != variant)) throw EmulatorException.NotFound();
        return item;
    }

    /// <summary>Every id in the path before the item itself must exist, and <c>user/{id}</c> must be the session's user.</summary>
    private void CheckParents(Call call)
    {
        var template = call.Operation.Segments;
        var segments = call.Canonical.Segments;
        var itemPosition = call.Operation.Kind is OperationKind.Read or OperationKind.Update or OperationKind.Delete && EmulatorOperation.IsParameter(template[^1])
            ? template.Length - 1
            : -1;
        for (var i = 1; i < template.Length; i++)
        {
            if (!EmulatorOperation.IsParameter(template[i]) || i == itemPosition) continue;
            var collection = string.Join('/', segments[..i]);
            if (collection == Bank.Users)
            {
                if (call.Session is null || segments[i] != call.Session.User.Id.ToString(CultureInfo.InvariantCulture)) throw EmulatorException.NotFound();
                continue;
            }
            if (_store.Find(collection, segments[i]) is null) throw EmulatorException.NotFound();
        }
    }

    private string CollectionKey(Call call)
    {
        if (call.Canonical.Variant is { } variant) return variant;
        if (_collectionKeys.TryGetValue(call.Canonical.Template, out var key)) return key;
        if (call.Operation.Shape is ResultShape.Object or ResultShape.List && call.Operation.Key is { } own) return own;
        return Pascal(call.Canonical.LastLiteral);
    }

    private static long? QueryId(Call call, string name)
    {
        if (!call.Request.Query.TryGetValue(name, out var text)) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw EmulatorException.BadRequest($"The parameter \"{name}\" must be an id.");
    }

    private static JsonObject JsonBody(Call call)
    {
        if (call.Request.Body.Length == 0) return new JsonObject();
        try
        {
            return JsonNode.Parse(call.Request.Body) as JsonObject
                ?? throw EmulatorException.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw EmulatorException.BadRequest("The request body is not valid JSON.");
        }
    }

    private static RSA ImportClientKey(string? pem)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(pem)) return BunqSigner.ImportPublicKeyPem(pem);
        }
        catch (CryptographicException)
        {
        }
        throw EmulatorException.BadRequest("The field \"client_public_key\" must be an RSA public key in PEM format.");
    }

    private static EmulatorException Unauthorised() => new(401, "Insufficient authorisation.");

    private CanonicalPath Canonical(EmulatorOperation op, string[] segments)
    {
        var canonical = new string[segments.Length];
        var template = new string[segments.Length];
        string? variant = null;
        var lastLiteral = "";
        var collectionEnd = op.Kind is OperationKind.Read or OperationKind.Update or OperationKind.Delete && EmulatorOperation.IsParameter(op.Segments[^1])
            ? segments.Length - 1
            : segments.Length;
        for (var i = 0; i < segments.Length; i++)
        {
            if (EmulatorOperation.IsParameter(op.Segments[i]))
            {
                canonical[i] = segments[i];
                template[i] = "{}";
                continue;
            }
            var segment = segments[i];
            if (_aliases.TryGetValue(segment, out var alias))
            {
                segment = alias.Anchor;
                if (i == collectionEnd - 1) variant = alias.Key;
            }
            canonical[i] = segment;
            template[i] = segment;
            if (i < collectionEnd) lastLiteral = segment;
        }
        return new CanonicalPath(canonical, string.Join('/', canonical[..collectionEnd]), string.Join('/', template[..collectionEnd]), variant, lastLiteral);
    }

    private string CanonicalCollection(string segment) => _aliases.TryGetValue(segment, out var alias) ? alias.Anchor : segment;

    private string CollectionTemplate(EmulatorOperation op)
    {
        var segments = op.Segments;
        var end = op.Kind is OperationKind.Read or OperationKind.Update or OperationKind.Delete && EmulatorOperation.IsParameter(segments[^1]) ? segments.Length - 1 : segments.Length;
        return string.Join('/', segments[..end].Select(s => EmulatorOperation.IsParameter(s) ? "{}" : _aliases.TryGetValue(s, out var a) ? a.Anchor : s));
    }

    internal static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }

    private static string Pascal(string kebab)
        => string.Concat(kebab.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>The server key, installations and sessions, for <see cref="EmulatorStateFile"/>.</summary>
    public JsonObject Export()
    {
        var installations = new JsonArray();
        foreach (var installation in _installations.Values)
        {
            installations.Add(new JsonObject
            {
                ["id"] = installation.Id,
                ["token"] = installation.Token,
                ["clientPublicKey"] = BunqSigner.ExportPublicKeyPem(installation.ClientKey),
                ["deviceApiKeys"] = new JsonArray(installation.DeviceApiKeys.Select(k => (JsonNode?)k).ToArray()),
                ["requestIds"] = new JsonArray(installation.RequestIds.Select(k => (JsonNode?)k).ToArray()),
            });
        }
        var sessions = new JsonArray();
        foreach (var session in _sessions.Values)
        {
            sessions.Add(new JsonObject
            {
                ["id"] = session.Id,
                ["token"] = session.Token,
                ["installation"] = session.Installation.Token,
                ["userId"] = session.User.Id,
                ["timeoutSeconds"] = (long)session.Timeout.TotalSeconds,
                ["expiresAt"] = session.ExpiresAt.ToUnixTimeMilliseconds(),
                ["expired"] = session.Expired,
            });
        }
        return new JsonObject { ["serverPrivateKey"] = BunqSigner.ExportPrivateKeyPem(_serverKey), ["installations"] = installations, ["sessions"] = sessions };
    }

    public void Import(JsonObject state)
    {
        foreach (var node in state["installations"]!.AsArray())
        {
            var o = node!.AsObject();
            var installation = new Installation(o["id"]!.GetValue<long>(), o["token"]!.GetValue<string>(), BunqSigner.ImportPublicKeyPem(o["clientPublicKey"]!.GetValue<string>()));
            foreach (var key in o["deviceApiKeys"]!.AsArray()) installation.DeviceApiKeys.Add(key!.GetValue<string>());
            foreach (var id in o["requestIds"]!.AsArray()) installation.RequestIds.Add(id!.GetValue<string>());
            _installations[installation.Token] = installation;
        }
        foreach (var node in state["sessions"]!.AsArray())
        {
            var o = node!.AsObject();
            var user = _bank.UserById(o["userId"]!.GetValue<long>()) ?? throw new InvalidDataException("A session names a user the state does not hold.");
            var installation = _installations[o["installation"]!.GetValue<string>()];
            var session = new Session(o["id"]!.GetValue<long>(), o["token"]!.GetValue<string>(), user, installation, TimeSpan.FromSeconds(o["timeoutSeconds"]!.GetValue<long>()), _bank.Now)
            {
                ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(o["expiresAt"]!.GetValue<long>()),
                Expired = o["expired"]!.GetValue<bool>(),
            };
            _sessions[session.Token] = session;
        }
    }

    public void Dispose()
    {
        _serverKey.Dispose();
        foreach (var installation in _installations.Values) installation.Dispose();
    }

    /// <summary>The request path with alias segments folded into their anchor.</summary>
    private sealed record CanonicalPath(string[] Segments, string Collection, string Template, string? Variant, string LastLiteral)
    {
        /// <summary>The id after the given literal segment, e.g. the monetary account of a payment.</summary>
        public string? Parent(string literal)
        {
            var index = Array.LastIndexOf(Segments, literal);
            return index >= 0 && index + 1 < Segments.Length ? Segments[index + 1] : null;
        }

        public long ParentId(string literal)
            => long.TryParse(Parent(literal), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw EmulatorException.NotFound();
    }

    private sealed record Call(EmulatorRequest Request, EmulatorOperation Operation, CanonicalPath Canonical, Installation? Installation, Session? Session)
    {
        public SandboxUser User => Session?.User ?? throw new EmulatorException(401, "Insufficient authorisation.");

        public string[] RequestSegments => Request.Path.Trim('/').Split('/')[1..];
    }
}
