using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bunq.Runtime.Json;
using Bunq.Runtime.Wire;

namespace Bunq.Emulator.State;

/// <summary>A sandbox user as the emulator tracks it; everything bunq shows of it lives in the store.</summary>
internal sealed class SandboxUser
{
    public SandboxUser(long id, string apiKey, string key, string email, string displayName, string publicUuid)
    {
        Id = id;
        ApiKey = apiKey;
        Key = key;
        Email = email;
        DisplayName = displayName;
        PublicUuid = publicUuid;
    }

    public long Id { get; }

    public string ApiKey { get; }

    /// <summary><c>UserPerson</c> or <c>UserCompany</c>.</summary>
    public string Key { get; }

    public string Email { get; }

    public string DisplayName { get; }

    public string PublicUuid { get; }

    public long BankAccountId { get; set; }

    public long SavingsAccountId { get; set; }

    /// <summary>For a UserApiKey (an OAuth connection): the bunq user who granted access; calls act on their items.</summary>
    public SandboxUser? GrantedBy { get; init; }

    /// <summary>For a UserApiKey: the owner of the OAuth client, who asked for access.</summary>
    public SandboxUser? RequestedBy { get; init; }

    /// <summary>The granting user revoked the connection: its token opens no session and its sessions end.</summary>
    public bool Revoked { get; set; }
}

/// <summary>Something a notification filter may want to hear about.</summary>
internal sealed record Notification(long UserId, long? MonetaryAccountId, string Category, string EventType, string ObjectKey, JsonObject Object);

/// <summary>
/// Money that moves: users, accounts with balances and IBANs, payments on both sides, Sugar Daddy,
/// draft payments, and the Events and notifications each of them causes. Callers hold the store's gate.
/// </summary>
internal sealed class Bank
{
    public const string SugarDaddyEmail = "sugardaddy@bunq.com";

    /// <summary>bunq's sandbox: "Request up to €500 at a time."</summary>
    public const decimal SugarDaddyLimit = 500m;

    private const string SugarDaddyIban = "NL65BUNQ9900000188";
    private const long SessionTimeoutSeconds = 604800;

    private readonly EmulatorStore _store;
    private readonly TimeProvider _clock;
    private readonly int _seed;
    private Random _random;
    private readonly decimal _startingBalance;
    private readonly Dictionary<string, SandboxUser> _byApiKey = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SandboxUser> _byId = new();
    private readonly Dictionary<string, (long UserId, long AccountId)> _byIban = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SandboxUser> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Notification> _notifications = new();
    private readonly Dictionary<long, StoredItem> _inquiryOfResponse = new();

    public Bank(EmulatorStore store, TimeProvider clock, int seed, decimal startingBalance)
    {
        _store = store;
        _clock = clock;
        _seed = seed;
        _random = new Random(seed);
        _startingBalance = startingBalance;
    }

    public static string Users => "user";

    public static string Accounts(long userId) => $"user/{userId}/monetary-account";

    public static string Payments(long userId, long accountId) => $"user/{userId}/monetary-account/{accountId}/payment";

    public static string Events(long userId) => $"user/{userId}/event";

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Users, IBANs and request links, for <see cref="EmulatorStateFile"/>; the objects themselves are in the store.</summary>
    public JsonObject Export()
    {
        var users = new JsonArray();
        foreach (var user in _byId.Values)
        {
            users.Add(new JsonObject
            {
                ["id"] = user.Id,
                ["apiKey"] = user.ApiKey,
                ["key"] = user.Key,
                ["email"] = user.Email,
                ["displayName"] = user.DisplayName,
                ["publicUuid"] = user.PublicUuid,
                ["bankAccountId"] = user.BankAccountId,
                ["savingsAccountId"] = user.SavingsAccountId,
            });
        }
        var ibans = new JsonArray();
        foreach (var (iban, (userId, accountId)) in _byIban) ibans.Add(new JsonObject { ["iban"] = iban, ["userId"] = userId, ["accountId"] = accountId });
        var inquiries = new JsonArray();
        foreach (var (responseId, inquiry) in _inquiryOfResponse) inquiries.Add(new JsonObject { ["responseId"] = responseId, ["collection"] = inquiry.Collection, ["id"] = inquiry.Id });
        return new JsonObject { ["users"] = users, ["ibans"] = ibans, ["inquiryOfResponse"] = inquiries };
    }

    public void Import(JsonObject state, long nextId)
    {
        foreach (var node in state["users"]!.AsArray())
        {
            var o = node!.AsObject();
            var user = new SandboxUser(o["id"]!.GetValue<long>(), o["apiKey"]!.GetValue<string>(), o["key"]!.GetValue<string>(), o["email"]!.GetValue<string>(),
                o["displayName"]!.GetValue<string>(), o["publicUuid"]!.GetValue<string>())
            {
                BankAccountId = o["bankAccountId"]!.GetValue<long>(),
                SavingsAccountId = o["savingsAccountId"]!.GetValue<long>(),
            };
            _byApiKey[user.ApiKey] = user;
            _byId[user.Id] = user;
            _byEmail[user.Email] = user;
        }
        foreach (var node in state["ibans"]!.AsArray())
        {
            _byIban[node!["iban"]!.GetValue<string>()] = (node["userId"]!.GetValue<long>(), node["accountId"]!.GetValue<long>());
        }
        foreach (var node in state["inquiryOfResponse"]!.AsArray())
        {
            if (_store.Find(node!["collection"]!.GetValue<string>(), node["id"]!.GetValue<long>()) is { } inquiry) _inquiryOfResponse[node["responseId"]!.GetValue<long>()] = inquiry;
        }
        // The same seed would deal the tokens and uuids of the first run again: continue from where the ids are.
        _random = new Random(unchecked(_seed * 31 + (int)nextId));
    }

    public SandboxUser? UserByApiKey(string? apiKey) => apiKey is not null && _byApiKey.TryGetValue(apiKey, out var user) ? user : null;

    public SandboxUser? UserById(long id) => _byId.TryGetValue(id, out var user) ? user : null;

    public IEnumerable<SandboxUser> AllUsers => _byId.Values;

    /// <summary>Notifications raised since the last call; the caller delivers them.</summary>
    public IReadOnlyList<Notification> DrainNotifications()
    {
        var drained = _notifications.ToArray();
        _notifications.Clear();
        return drained;
    }

    public string NewToken() => Hex(32);

    public string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    public SandboxUser CreateUser(bool company)
    {
        var number = _byId.Count + 1;
        var key = company ? BunqWireFacts.UserCompanyKey : BunqWireFacts.UserPersonKey;
        var displayName = company ? $"Sandbox Company {number}" : $"Sandbox User {number}";
        var email = company ? $"sandbox-company-{number}@bunq.example" : $"sandbox-user-{number}@bunq.example";
        var apiKey = "sandbox_" + Hex(28);
        var publicUuid = NewUuid();
        var body = new JsonObject
        {
            ["public_uuid"] = publicUuid,
            ["display_name"] = displayName,
            ["public_nick_name"] = displayName.Split(' ')[0],
            ["alias"] = new JsonArray(
                Alias("EMAIL", email, displayName),
                Alias("PHONE_NUMBER", "+316" + Digits(8), displayName)),
            ["avatar"] = null,
            ["status"] = "ACTIVE",
            ["sub_status"] = "NONE",
            ["language"] = "en_US",
            ["region"] = "en_US",
            ["session_timeout"] = SessionTimeoutSeconds,
            ["daily_limit_without_confirmation_login"] = new Money(250m, "EUR").ToJson(),
            ["address_main"] = new JsonObject
            {
                ["street"] = "Naritaweg",
                ["house_number"] = "131",
                ["postal_code"] = "1043BS",
                ["city"] = "Amsterdam",
                ["country"] = "NL",
            },
            ["notification_filters"] = new JsonArray(),
        };
        if (company)
        {
            body["name"] = displayName;
            body["chamber_of_commerce_number"] = Digits(8);
            body["legal_form"] = "BV";
        }
        else
        {
            body["first_name"] = "Sandbox";
            body["last_name"] = $"User {number}";
            body["legal_name"] = displayName;
            body["country"] = "NL";
            body["gender"] = "NONE";
        }
        var item = _store.Add(Users, key, body, Now);
        var user = new SandboxUser(item.Id, apiKey, key, email, displayName, publicUuid);
        _byApiKey[apiKey] = user;
        _byId[user.Id] = user;
        _byEmail[email] = user;
        user.BankAccountId = CreateAccount(user, "MonetaryAccountBank", new JsonObject { ["description"] = "Main account" }, _startingBalance).Id;
        user.SavingsAccountId = CreateAccount(user, "MonetaryAccountSavings", new JsonObject { ["description"] = "Savings" }, 0m).Id;
        return user;
    }

    /// <summary>
    /// The UserApiKey an OAuth token exchange creates: a user of its own (own id, the access token as its API key) that
    /// references the requesting and the granting user, as bunq's docs describe.
    /// </summary>
    public SandboxUser CreateApiKeyUser(SandboxUser requestedBy, SandboxUser grantedBy)
    {
        var accessToken = Hex(32);
        var body = new JsonObject
        {
            ["requested_by_user"] = new JsonObject { [requestedBy.Key] = _store.Find(Users, requestedBy.Id)!.Data.DeepClone() },
            ["granted_by_user"] = new JsonObject { [grantedBy.Key] = _store.Find(Users, grantedBy.Id)!.Data.DeepClone() },
        };
        var item = _store.Add(Users, BunqWireFacts.UserApiKeyKey, body, Now);
        var user = new SandboxUser(item.Id, accessToken, BunqWireFacts.UserApiKeyKey, grantedBy.Email, grantedBy.DisplayName, grantedBy.PublicUuid)
        {
            GrantedBy = grantedBy,
            RequestedBy = requestedBy,
        };
        _byApiKey[accessToken] = user;
        _byId[user.Id] = user;
        return user;
    }

    /// <summary>Opens an account of the given variant (MonetaryAccountBank, MonetaryAccountSavings, …) with a fresh IBAN.</summary>
    public StoredItem CreateAccount(SandboxUser user, string key, JsonObject body, decimal balance)
    {
        var currency = body["currency"] is JsonValue c ? c.ToString() : "EUR";
        var iban = NewIban();
        var data = new JsonObject
        {
            ["alias"] = new JsonArray(Alias("IBAN", iban, user.DisplayName)),
            ["avatar"] = null,
            ["balance"] = new Money(balance, currency).ToJson(),
            ["country"] = "NL",
            ["currency"] = currency,
            ["daily_limit"] = new Money(1000m, currency).ToJson(),
            ["description"] = "",
            ["display_name"] = user.DisplayName,
            ["public_uuid"] = NewUuid(),
            ["status"] = "ACTIVE",
            ["sub_status"] = "NONE",
            ["reason"] = "OTHER",
            ["reason_description"] = "",
            ["user_id"] = user.Id,
            ["monetary_account_profile"] = null,
            ["setting"] = new JsonObject { ["color"] = "#FE2851", ["default_avatar_status"] = "AVATAR_DEFAULT", ["restriction_chat"] = "ALLOW_INCOMING" },
            ["notification_filters"] = new JsonArray(),
        };
        if (key == "MonetaryAccountSavings") data["savings_goal"] = new Money(1000m, currency).ToJson();
        foreach (var (name, value) in body)
        {
            if (name is "balance" or "alias" or "user_id" or "public_uuid") continue;
            data[name] = value?.DeepClone();
        }
        var item = _store.Add(Accounts(user.Id), key, data, Now);
        _byIban[iban] = (user.Id, item.Id);
        return item;
    }

    public StoredItem Account(SandboxUser user, long accountId)
        => _store.Find(Accounts(user.Id), accountId) ?? throw EmulatorException.NotFound();

    public static Money Balance(StoredItem account)
        => Money.Read(account.Data["balance"]) ?? new Money(0m, "EUR");

    /// <summary>
    /// Pays from <paramref name="account"/>: the payer's Payment carries the negative amount, and a
    /// counterparty inside the emulator gets the positive one. 400 when the balance is short.
    /// </summary>
    public StoredItem Pay(SandboxUser user, StoredItem account, Money amount, JsonObject? counterpartyAlias, string? description, JsonObject? extra = null)
    {
        var balance = Balance(account);
        if (amount.Currency != balance.Currency)
        {
            throw EmulatorException.BadRequest($"The currency {amount.Currency} does not match the monetary account's currency {balance.Currency}.");
        }
        if (balance.Value < amount.Value)
        {
            throw EmulatorException.BadRequest("Insufficient balance to make this payment.");
        }
        if (counterpartyAlias is null || counterpartyAlias["type"] is not JsonValue || counterpartyAlias["value"] is not JsonValue)
        {
            throw EmulatorException.BadRequest("The field \"counterparty_alias\" must be a pointer {\"type\",\"value\",\"name\"}.");
        }
        var type = counterpartyAlias["type"]!.ToString();
        var value = counterpartyAlias["value"]!.ToString();
        var name = counterpartyAlias["name"] is JsonValue n ? n.ToString() : null;
        var target = FindCounterparty(type, value);
        if (target is { } t && t.UserId == user.Id && t.AccountId == account.Id)
        {
            throw EmulatorException.BadRequest("You cannot pay to the same monetary account.");
        }

        var newBalance = new Money(balance.Value - amount.Value, balance.Currency);
        SetBalance(account, newBalance);
        JsonObject counterpartyLabel;
        StoredItem? targetAccount = null;
        SandboxUser? targetUser = null;
        if (target is { } found)
        {
            targetUser = _byId[found.UserId];
            targetAccount = Account(targetUser, found.AccountId);
            counterpartyLabel = Label(targetUser, targetAccount);
        }
        else
        {
            counterpartyLabel = ExternalLabel(type == "IBAN" ? value : null, name ?? value);
        }
        var payerLabel = Label(user, account);
        var outgoing = PaymentBody(account, amount.Negate(), payerLabel, counterpartyLabel, description, newBalance, extra);
        var payment = _store.Add(Payments(user.Id, account.Id), "Payment", outgoing, Now);
        RaisePayment(user.Id, account.Id, payment, "PAYMENT_CREATED");

        if (targetUser is not null && targetAccount is not null)
        {
            var targetBalance = Balance(targetAccount);
            var credited = new Money(targetBalance.Value + amount.Value, targetBalance.Currency);
            SetBalance(targetAccount, credited);
            var incoming = PaymentBody(targetAccount, amount, counterpartyLabel, payerLabel, description, credited, extra);
            var received = _store.Add(Payments(targetUser.Id, targetAccount.Id), "Payment", incoming, Now);
            RaisePayment(targetUser.Id, targetAccount.Id, received, "PAYMENT_RECEIVED");
        }
        return payment;
    }

    /// <summary>
    /// A PaymentBatch: all payments or none. The request lists the payments under <c>payments</c>; the
    /// stored batch shows the executed ones as <c>{"payments":{"Payment":[…]}}</c>, like bunq's read.
    /// </summary>
    public StoredItem PayBatch(SandboxUser user, StoredItem account, JsonObject body, string collection)
    {
        var entries = (body["payments"] as JsonArray)?.OfType<JsonObject>().ToList();
        if (entries is null || entries.Count == 0) throw EmulatorException.BadRequest("The field \"payments\" must list at least one payment.");
        var total = entries.Sum(e => Money.ReadPositive(e["amount"], "amount").Value);
        if (Balance(account).Value < total) throw EmulatorException.BadRequest("Insufficient balance to make this payment.");
        var batchId = _store.NextId();
        var executed = new JsonArray();
        foreach (var entry in entries)
        {
            var payment = Pay(user, account, Money.ReadPositive(entry["amount"], "amount"), entry["counterparty_alias"] as JsonObject, entry["description"]?.ToString());
            payment.Data["batch_id"] = batchId;
            executed.Add(payment.Data.DeepClone());
        }
        return _store.Add(collection, "PaymentBatch", new JsonObject { ["payments"] = new JsonObject { ["Payment"] = executed } }, Now);
    }

    /// <summary>
    /// A RequestInquiry. Sugar Daddy (bunq's sandbox benefactor) pays at once, up to €500; any other
    /// counterparty leaves it pending.
    /// </summary>
    public StoredItem RequestInquiry(SandboxUser user, StoredItem account, JsonObject body, string collection)
    {
        var amount = Money.ReadPositive(body["amount_inquired"], "amount_inquired");
        var alias = body["counterparty_alias"] as JsonObject
            ?? throw EmulatorException.BadRequest("The field \"counterparty_alias\" must be a pointer {\"type\",\"value\",\"name\"}.");
        var isSugarDaddy = alias["type"]?.ToString() == "EMAIL" && string.Equals(alias["value"]?.ToString(), SugarDaddyEmail, StringComparison.OrdinalIgnoreCase);
        if (isSugarDaddy && amount.Value > SugarDaddyLimit)
        {
            throw EmulatorException.BadRequest("Sugar Daddy gives at most 500.00 EUR per request.");
        }
        if (isSugarDaddy && amount.Currency != Balance(account).Currency)
        {
            throw EmulatorException.BadRequest("Sugar Daddy only pays in the monetary account's currency.");
        }
        var data = body.DeepClone().AsObject();
        data["monetary_account_id"] = account.Id;
        data["user_alias_created"] = LabelUser(user);
        data["counterparty_alias"] = isSugarDaddy ? SugarDaddyLabel() : ExternalLabel(null, alias["name"]?.ToString() ?? alias["value"]?.ToString());
        data["status"] = isSugarDaddy ? "ACCEPTED" : "PENDING";
        data["amount_responded"] = isSugarDaddy ? amount.ToJson() : null;
        var counterparty = isSugarDaddy ? null : FindCounterparty(alias["type"]?.ToString() ?? "", alias["value"]?.ToString() ?? "");
        if (counterparty is { } self && self.UserId == user.Id && self.AccountId == account.Id)
        {
            throw EmulatorException.BadRequest("You cannot request money from the same monetary account.");
        }
        if (counterparty is { } c)
        {
            var payer = _byId[c.UserId];
            data["counterparty_alias"] = Label(payer, Account(payer, c.AccountId));
        }
        var inquiry = _store.Add(collection, "RequestInquiry", data, Now);
        AddEvent(user.Id, account.Id, "RequestInquiry", inquiry.Data, isSugarDaddy ? "FINALIZED" : "AWAITING_REPLY");
        if (counterparty is { } target)
        {
            // The other side of a request inside the emulator: a RequestResponse the payer can accept.
            var payer = _byId[target.UserId];
            var payerAccount = Account(payer, target.AccountId);
            var response = new JsonObject
            {
                ["monetary_account_id"] = payerAccount.Id,
                ["amount_inquired"] = amount.ToJson(),
                ["amount_responded"] = null,
                ["status"] = "PENDING",
                ["description"] = body["description"]?.DeepClone(),
                ["alias"] = Label(payer, payerAccount),
                ["counterparty_alias"] = Label(user, account),
                ["type"] = "INTERNAL",
                ["sub_type"] = "NONE",
                ["attachment"] = new JsonArray(),
            };
            var responseItem = _store.Add($"{Accounts(payer.Id)}/{payerAccount.Id}/request-response", "RequestResponse", response, Now);
            _inquiryOfResponse[responseItem.Id] = inquiry;
            AddEvent(payer.Id, payerAccount.Id, "RequestResponse", responseItem.Data, "AWAITING_REPLY");
            _notifications.Add(new Notification(payer.Id, payerAccount.Id, "REQUEST", "REQUEST_RESPONSE_CREATED", "RequestResponse", responseItem.Data));
        }
        _notifications.Add(new Notification(user.Id, account.Id, "REQUEST", isSugarDaddy ? "REQUEST_INQUIRY_ACCEPTED" : "REQUEST_INQUIRY_CREATED", "RequestInquiry", inquiry.Data));
        if (isSugarDaddy)
        {
            var balance = Balance(account);
            var credited = new Money(balance.Value + amount.Value, balance.Currency);
            SetBalance(account, credited);
            var incoming = PaymentBody(account, amount, Label(user, account), SugarDaddyLabel(), body["description"]?.ToString(), credited, null);
            incoming["type"] = "BUNQ";
            incoming["sub_type"] = "REQUEST";
            incoming["request_reference_split_the_bill"] = new JsonArray(new JsonObject { ["RequestInquiry"] = new JsonObject { ["id"] = inquiry.Id } });
            var payment = _store.Add(Payments(user.Id, account.Id), "Payment", incoming, Now);
            AddEvent(user.Id, account.Id, "Payment", payment.Data, "FINALIZED");
            // bunq's PAYMENT category leaves out payments that pay a request; MUTATION has every balance change.
            _notifications.Add(new Notification(user.Id, account.Id, "MUTATION", "MUTATION_RECEIVED", "Payment", payment.Data));
        }
        return inquiry;
    }

    /// <summary>
    /// PUT on a RequestResponse: <c>ACCEPTED</c> pays the requester (the amount inquired, or
    /// <c>amount_responded</c>), <c>REJECTED</c> closes both sides.
    /// </summary>
    public void UpdateRequestResponse(SandboxUser user, StoredItem account, StoredItem response, JsonObject body)
    {
        var status = body["status"]?.ToString();
        if (status is "ACCEPTED" or "REJECTED" && response.Data["status"]?.ToString() != "PENDING")
        {
            throw EmulatorException.BadRequest($"The request is {response.Data["status"]} and cannot be {status?.ToLowerInvariant()}.");
        }
        _inquiryOfResponse.TryGetValue(response.Id, out var inquiry);
        if (status == "ACCEPTED")
        {
            var amount = Money.Read(body["amount_responded"]) ?? Money.Read(response.Data["amount_inquired"])
                ?? throw EmulatorException.BadRequest("The request has no amount.");
            var requester = response.Data["counterparty_alias"] as JsonObject;
            var iban = requester?["iban"]?.ToString();
            var alias = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = requester?["display_name"]?.DeepClone() };
            var payment = Pay(user, account, amount, alias, response.Data["description"]?.ToString());
            payment.Data["sub_type"] = "REQUEST";
            response.Data["amount_responded"] = amount.ToJson();
            if (inquiry is not null)
            {
                inquiry.Data["status"] = "ACCEPTED";
                inquiry.Data["amount_responded"] = amount.ToJson();
                inquiry.Data["updated"] = BunqJson.FormatTimestamp(Now);
            }
        }
        else if (status == "REJECTED" && inquiry is not null)
        {
            inquiry.Data["status"] = "REJECTED";
            inquiry.Data["updated"] = BunqJson.FormatTimestamp(Now);
        }
        _store.Merge(response, body, Now);
        AddEvent(user.Id, account.Id, "RequestResponse", response.Data, "FINALIZED", "UPDATE");
    }

    /// <summary>A DraftPayment waits for acceptance; nothing moves yet.</summary>
    public StoredItem CreateDraftPayment(SandboxUser user, StoredItem account, JsonObject body, string collection)
    {
        var entries = DraftEntries(body);
        var data = body.DeepClone().AsObject();
        data["monetary_account_id"] = account.Id;
        data["user_id"] = user.Id;
        data["status"] = "PENDING";
        data["entries"] = new JsonArray(entries.Select(e => (JsonNode?)e.DeepClone()).ToArray());
        var draft = _store.Add(collection, "DraftPayment", data, Now);
        AddEvent(user.Id, account.Id, "DraftPayment", draft.Data, "AWAITING_REPLY");
        _notifications.Add(new Notification(user.Id, account.Id, "DRAFT_PAYMENT", "DRAFT_PAYMENT_CREATED", "DraftPayment", draft.Data));
        return draft;
    }

    /// <summary>PUT on a draft payment: <c>status: ACCEPTED</c> executes every entry as a payment.</summary>
    public void UpdateDraftPayment(SandboxUser user, StoredItem account, StoredItem draft, JsonObject body)
    {
        var status = body["status"]?.ToString();
        var current = draft.Data["status"]?.ToString();
        if (status == "ACCEPTED" && current != "PENDING")
        {
            throw EmulatorException.BadRequest($"The draft payment is {current} and cannot be accepted.");
        }
        if (status == "ACCEPTED")
        {
            var entries = DraftEntries(draft.Data);
            var total = entries.Sum(e => Money.ReadPositive(e["amount"], "amount").Value);
            if (Balance(account).Value < total) throw EmulatorException.BadRequest("Insufficient balance to make this payment.");
            var paymentIds = new JsonArray();
            foreach (var entry in entries)
            {
                var payment = Pay(user, account, Money.ReadPositive(entry["amount"], "amount"), entry["counterparty_alias"] as JsonObject, entry["description"]?.ToString());
                paymentIds.Add(new JsonObject { ["id"] = payment.Id });
            }
            draft.Data["object"] = new JsonObject { ["Payment"] = paymentIds.Count > 0 ? paymentIds[0]!.DeepClone() : null };
        }
        _store.Merge(draft, body, Now);
        AddEvent(user.Id, account.Id, "DraftPayment", draft.Data, "FINALIZED", "UPDATE");
        _notifications.Add(new Notification(user.Id, account.Id, "DRAFT_PAYMENT", "DRAFT_PAYMENT_" + (status ?? "UPDATED"), "DraftPayment", draft.Data));
    }

    /// <summary>Stores an Event: what <c>GET /user/{id}/event</c> lists, the object under its type key.</summary>
    public StoredItem AddEvent(long userId, long? accountId, string objectKey, JsonObject obj, string status, string action = "CREATE")
    {
        var data = new JsonObject
        {
            ["action"] = action,
            ["user_id"] = userId.ToString(CultureInfo.InvariantCulture),
            ["monetary_account_id"] = accountId?.ToString(CultureInfo.InvariantCulture),
            ["object"] = new JsonObject { [objectKey] = obj.DeepClone() },
            ["status"] = status,
        };
        return _store.Add(Events(userId), "Event", data, Now);
    }

    public void Notify(Notification notification) => _notifications.Add(notification);

    public static JsonObject SessionUser(StoredItem user) => user.Data;

    private void RaisePayment(long userId, long accountId, StoredItem payment, string eventType)
    {
        AddEvent(userId, accountId, "Payment", payment.Data, "FINALIZED");
        _notifications.Add(new Notification(userId, accountId, "PAYMENT", eventType, "Payment", payment.Data));
        _notifications.Add(new Notification(userId, accountId, "MUTATION", eventType == "PAYMENT_CREATED" ? "MUTATION_CREATED" : "MUTATION_RECEIVED", "Payment", payment.Data));
    }

    private static List<JsonObject> DraftEntries(JsonObject body)
    {
        var entries = (body["entries"] as JsonArray)?.OfType<JsonObject>().ToList();
        if (entries is null || entries.Count == 0) throw EmulatorException.BadRequest("The field \"entries\" must list at least one entry.");
        foreach (var entry in entries)
        {
            Money.ReadPositive(entry["amount"], "amount");
            if (entry["counterparty_alias"] is not JsonObject) throw EmulatorException.BadRequest("Each entry needs a \"counterparty_alias\".");
        }
        return entries;
    }

    private (long UserId, long AccountId)? FindCounterparty(string type, string value)
    {
        switch (type)
        {
            case "IBAN":
                return _byIban.TryGetValue(value.Replace(" ", "", StringComparison.Ordinal), out var byIban) ? byIban : null;
            case "EMAIL":
                return _byEmail.TryGetValue(value, out var user) ? (user.Id, user.BankAccountId) : null;
            default:
                return null;
        }
    }

    private void SetBalance(StoredItem account, Money balance)
    {
        account.Data["balance"] = balance.ToJson();
        account.Data["updated"] = BunqJson.FormatTimestamp(Now);
    }

    private static JsonObject PaymentBody(StoredItem account, Money amount, JsonObject alias, JsonObject counterparty, string? description, Money balanceAfter, JsonObject? extra)
    {
        var body = new JsonObject
        {
            ["monetary_account_id"] = account.Id,
            ["amount"] = amount.ToJson(),
            ["alias"] = alias.DeepClone(),
            ["counterparty_alias"] = counterparty.DeepClone(),
            ["description"] = description ?? "",
            ["type"] = "BUNQ",
            ["sub_type"] = "PAYMENT",
            ["balance_after_mutation"] = balanceAfter.ToJson(),
            ["attachment"] = new JsonArray(),
            ["geolocation"] = null,
            ["batch_id"] = null,
            ["scheduled_id"] = null,
            ["address_billing"] = null,
            ["address_shipping"] = null,
            ["merchant_reference"] = null,
            ["request_reference_split_the_bill"] = new JsonArray(),
        };
        if (extra is not null)
        {
            foreach (var (name, value) in extra)
            {
                if (!body.ContainsKey(name)) body[name] = value?.DeepClone();
            }
        }
        return body;
    }

    private JsonObject Label(SandboxUser user, StoredItem account)
    {
        var iban = (account.Data["alias"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(a => a["type"]?.ToString() == "IBAN")?["value"]?.ToString();
        return new JsonObject
        {
            ["iban"] = iban,
            ["is_light"] = false,
            ["display_name"] = user.DisplayName,
            ["avatar"] = null,
            ["label_user"] = LabelUser(user),
            ["country"] = "NL",
        };
    }

    private static JsonObject LabelUser(SandboxUser user) => new()
    {
        ["uuid"] = user.PublicUuid,
        ["display_name"] = user.DisplayName,
        ["country"] = "NL",
        ["avatar"] = null,
        ["public_nick_name"] = user.DisplayName.Split(' ')[0],
    };

    private static JsonObject ExternalLabel(string? iban, string? name) => new()
    {
        ["iban"] = iban,
        ["is_light"] = false,
        ["display_name"] = name,
        ["avatar"] = null,
        ["label_user"] = new JsonObject { ["uuid"] = null, ["display_name"] = name, ["country"] = "NL", ["avatar"] = null, ["public_nick_name"] = name },
        ["country"] = "NL",
    };

    private static JsonObject SugarDaddyLabel() => new()
    {
        ["iban"] = SugarDaddyIban,
        ["is_light"] = false,
        ["display_name"] = "Sugar Daddy",
        ["avatar"] = null,
        ["label_user"] = new JsonObject { ["uuid"] = null, ["display_name"] = "Sugar Daddy", ["country"] = "NL", ["avatar"] = null, ["public_nick_name"] = "Sugar Daddy" },
        ["country"] = "NL",
    };

    private static JsonObject Alias(string type, string value, string name) => new() { ["type"] = type, ["value"] = value, ["name"] = name };

    /// <summary>A Dutch IBAN with valid check digits (ISO 13616 mod 97), bank code BUNQ.</summary>
    private string NewIban()
    {
        string iban;
        do
        {
            var bban = "BUNQ" + Digits(10);
            iban = "NL" + CheckDigits("NL", bban) + bban;
        }
        while (_byIban.ContainsKey(iban));
        return iban;
    }

    internal static string CheckDigits(string country, string bban)
    {
        var rearranged = bban + country + "00";
        var remainder = 0;
        foreach (var ch in rearranged)
        {
            var digits = char.IsLetter(ch) ? (char.ToUpperInvariant(ch) - 'A' + 10).ToString(CultureInfo.InvariantCulture) : ch.ToString();
            foreach (var d in digits) remainder = (remainder * 10 + (d - '0')) % 97;
        }
        return (98 - remainder).ToString("00", CultureInfo.InvariantCulture);
    }

    private string Digits(int count)
    {
        var sb = new StringBuilder(count);
        for (var i = 0; i < count; i++) sb.Append((char)('0' + _random.Next(10)));
        return sb.ToString();
    }

    private string Hex(int bytes)
    {
        var buffer = new byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToHexString(buffer).ToLowerInvariant();
    }
}
