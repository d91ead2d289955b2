namespace Bunq.CodeGen.Tests.Emit;

/// <summary>
/// Test code compiled together with the generated sample client: it uses the generated types the way
/// a consumer would (strongly typed, pattern matching on union cases) and reports what it saw as
/// plain strings the tests can compare.
/// </summary>
internal static class Harness
{
    public const string Source = """
        #nullable enable
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq.Runtime;
        using Bunq.Runtime.Json;

        namespace Sample.Bunq.Tests
        {
            public sealed class RecordingClient : IBunqApiClient
            {
                private readonly Queue<string> _answers;

                public RecordingClient(params string[] answers) => _answers = new Queue<string>(answers);

                public List<string> Log { get; } = new List<string>();

                public Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
                {
                    Log.Add(request.Method.Method + " " + request.Path
                        + " auth=" + request.Auth
                        + " signed=" + request.SignatureRequired
                        + " op=" + request.OperationId
                        + " binary=" + request.ExpectsBinary
                        + " type=" + (request.ContentType ?? "-")
                        + " desc=" + (request.AttachmentDescription ?? "-")
                        + " body=" + Encoding.UTF8.GetString(request.Body.Span));
                    var body = _answers.Count > 0 ? _answers.Dequeue() : "{\"Response\":[]}";
                    return Task.FromResult(new BunqResponse(200, Encoding.UTF8.GetBytes(body), "application/json", "response-1"));
                }
            }

            public static class Harness
            {
                private static BunqResponse Answer(string json) => new BunqResponse(200, Encoding.UTF8.GetBytes(json), "application/json", "response-1");

                private static string Time(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm:ss.ffffff zzz", CultureInfo.InvariantCulture) ?? "null";

                public static string ReadPayments(string json)
                {
                    var drift = new List<string>();
                    BunqPage<Payment> page;
                    using (BunqDrift.Begin("List_all_Payment", null, e => drift.Add(e.Kind + " " + e.Field)))
                    {
                        page = BunqEnvelope.ReadList<Payment>(Answer(json), "Payment");
                    }
                    var sb = new StringBuilder();
                    foreach (var p in page.Items)
                    {
                        sb.Append(p.Id).Append('|').Append(Time(p.Created)).Append('|').Append(p.MonetaryAccountId)
                          .Append('|').Append(p.Amount?.Value).Append(' ').Append(p.Amount?.Currency)
                          .Append('|').Append(p.Description ?? "null")
                          .Append('|').Append(p.CounterpartyAlias?.DisplayName).Append(' ').Append(p.CounterpartyAlias?.IsLight)
                          .Append('|').Append(p.Geolocation?.GetProperty("latitude").GetDouble().ToString(CultureInfo.InvariantCulture) ?? "null")
                          .Append('\n');
                    }
                    sb.Append("older_id=").Append(page.Pagination.Older?.OlderId).Append(" count=").Append(page.Pagination.Older?.Count)
                      .Append(" future=").Append(page.Pagination.FutureUrl ?? "null");
                    sb.Append("\ndrift: ").Append(string.Join(", ", drift));
                    return sb.ToString();
                }

                public static string ReadAccounts(string json)
                {
                    var page = BunqEnvelope.ReadUnionList<MonetaryAccount>(Answer(json));
                    var lines = new List<string>();
                    foreach (var account in page.Items)
                    {
                        switch (account)
                        {
                            case MonetaryAccount.Bank bank:
                                lines.Add("bank " + bank.Value.Id + " " + bank.Value.Balance?.Value + " " + bank.Value.Alias?.Count + " " + bank.Value.Alias?[0].Value);
                                break;
                            case MonetaryAccount.Savings savings:
                                lines.Add("savings " + savings.Value.Id + " " + savings.Value.SavingsGoal?.Value);
                                break;
                            case MonetaryAccount.Unknown unknown:
                                lines.Add("unknown " + unknown.Key + " " + unknown.Raw.GetProperty("id").GetInt64());
                                break;
                        }
                        lines.Add("  as " + account.ObjectType + ": " + Encoding.UTF8.GetString(BunqJson.Serialize(account)));
                    }
                    return string.Join("\n", lines);
                }

                public static string ReadEvents(string json)
                {
                    var page = BunqEnvelope.ReadList<Event>(Answer(json), "Event");
                    var lines = new List<string>();
                    foreach (var e in page.Items)
                    {
                        var what = e.Object switch
                        {
                            EventObject.Payment p => "payment " + p.Value.Id + " " + p.Value.Amount?.Value,
                            EventObject.MonetaryAccountBank m => "account " + m.Value.Description,
                            EventObject.Unknown u => "unknown " + u.Key,
                            null => "no object",
                            _ => "?",
                        };
                        lines.Add(e.Id + " " + e.Action + " " + e.UserId + " " + what);
                    }
                    return string.Join("\n", lines);
                }

                public static string ReadInstallation(string json)
                {
                    var installation = BunqEnvelope.ReadMulti<Installation>(Answer(json));
                    return installation.Id?.Id + "|" + installation.Token?.Token + "|" + Time(installation.Token?.Created) + "|" + installation.ServerPublicKey?.ServerPublicKey;
                }

                public static string WritePaymentCreate()
                {
                    var request = new PaymentCreate
                    {
                        Amount = Amount.Of(12.5m, "EUR"),
                        CounterpartyAlias = new Pointer { Type = "IBAN", Value = "NL20BUNQ2025104111", Name = "Landlord \"B&B\"" },
                        Description = "Rent <June>",
                        Attachment = new List<AttachmentMonetaryAccountPayment> { new AttachmentMonetaryAccountPayment { Id = 7 } },
                        AllowBunqto = false,
                    };
                    return Encoding.UTF8.GetString(BunqJson.Serialize(request));
                }

                public static string ReadPaymentCreate(string json)
                {
                    var request = BunqJson.Deserialize<PaymentCreate>(Encoding.UTF8.GetBytes(json));
                    return (request.Amount is null ? "amount=null" : "amount=" + request.Amount.Value) + "|" + request.Description + "|" + Encoding.UTF8.GetString(BunqJson.Serialize(request));
                }

                public static string RoundTripPointer(string json)
                {
                    var pointer = BunqJson.Deserialize<Pointer>(Encoding.UTF8.GetBytes(json));
                    PointerType fromText = "IBAN";
                    var facts = new[]
                    {
                        "known=" + (pointer.Type == PointerType.Email),
                        "text=" + pointer.Type,
                        "implicit=" + (fromText == PointerType.Iban) + "," + fromText.Equals((object)PointerType.Iban) + "," + (fromText.GetHashCode() == PointerType.Iban.GetHashCode()),
                        "case=" + (new PointerType("iban") != PointerType.Iban),
                        "seen=" + string.Join(",", pointer.TypesSeen ?? new List<PointerType?>()),
                        "default=[" + default(PointerType) + "]",
                    };
                    return string.Join("|", facts) + "|" + Encoding.UTF8.GetString(BunqJson.Serialize(pointer));
                }

                public static string RoundTripNameClash(string json)
                {
                    var value = BunqJson.Deserialize<NameClash>(Encoding.UTF8.GetBytes(json));
                    return value.NameClashValue + "|" + value.ReadJsonValue + "|" + value.ToStringValue + "|" + value.@class + "|"
                        + "ids=" + (value.Ids is null ? "null" : string.Join(",", value.Ids)) + "|kept=" + string.Join(",", value.UnknownFields?.Names ?? Enumerable.Empty<string>()) + "|"
                        + Encoding.UTF8.GetString(BunqJson.Serialize(value));
                }

                public static async Task<string> CallEndpoints()
                {
                    var api = new RecordingClient(
                        "{\"Response\":[{\"Id\":{\"id\":1561}}]}",
                        "{\"Response\":[{\"Payment\":{\"id\":9,\"description\":\"one\"}}]}",
                        "{\"Response\":[{\"Id\":{\"id\":77}},{\"Token\":{\"id\":5,\"token\":\"tok\"}},{\"ServerPublicKey\":{\"server_public_key\":\"KEY\"}}]}",
                        "{\"Response\":[{\"Uuid\":{\"uuid\":\"u-1\"}}]}",
                        "%PDF",
                        "{}",
                        "{\"Response\":[{\"Id\":{\"id\":3}}]}",
                        "{\"Response\":[{\"MonetaryAccountSavings\":{\"id\":4}}]}");
                    var client = new SampleClient(api, 1);
                    var results = new List<string>();
                    results.Add("create " + await client.MonetaryAccount(2).Payments.CreateAsync(new PaymentCreate { Amount = Amount.Of(1m, "EUR"), Description = "x" }));
                    results.Add("get " + (await client.MonetaryAccount(2).Payments.GetAsync(9)).Value.Description);
                    var installation = (await client.Installations.CreateAsync(new InstallationCreate { ClientPublicKey = "PEM" })).Value;
                    results.Add("installation " + installation.Id?.Id + " " + installation.Token?.Token + " " + installation.ServerPublicKey?.ServerPublicKey);
                    results.Add("upload " + await client.AttachmentPublics.CreateAsync(new byte[] { 1, 2, 3 }, "image/png", "A photo"));
                    var pdf = (await client.AttachmentPublicContents.ListAsync("a/b c")).Value;
                    results.Add("download " + pdf.Content.Length + " " + pdf.ContentType);
                    await client.NoteTexts.DeleteAsync(1, 2, 3, 4);
                    results.Add("update " + await client.NoteTexts.UpdateAsync(1, 2, 3, 4));
                    results.Add("account " + (await client.MonetaryAccounts.GetAsync(4)).Value.ObjectType);
                    return string.Join("\n", api.Log.Concat(results));
                }

                public static async Task<string> OddShapes()
                {
                    MonetaryAccount Union(string json) => BunqJson.Deserialize<MonetaryAccount>(Encoding.UTF8.GetBytes(json));
                    string Describe(MonetaryAccount a) => a switch
                    {
                        MonetaryAccount.Unknown u => "unknown '" + u.Key + "' " + u.Raw.ValueKind + " " + Encoding.UTF8.GetString(BunqJson.Serialize(a)),
                        MonetaryAccount.Savings s => "savings " + s.Value.Id,
                        _ => a.ObjectType,
                    };
                    var lines = new List<string>
                    {
                        Describe(Union("{}")),
                        Describe(Union("\"text\"")),
                        Describe(Union("{\"MonetaryAccountSavings\":{\"id\":1},\"MonetaryAccountBank\":{\"id\":2}}")),
                        Describe(Union("{\"MonetaryAccountBank\":[{\"id\":3}]}")) + " " + ((MonetaryAccount.Bank)Union("{\"MonetaryAccountBank\":[{\"id\":3}]}")).Value.Id,
                        "payment " + Encoding.UTF8.GetString(BunqJson.Serialize(BunqJson.Deserialize<Payment>(Encoding.UTF8.GetBytes("[1,2]")))),
                    };
                    try
                    {
                        await new PaymentEndpoint(new RecordingClient(), BunqUser.WithId(1), 2).CreateAsync(null!);
                        lines.Add("no guard");
                    }
                    catch (ArgumentNullException ex)
                    {
                        lines.Add("guard " + ex.ParamName);
                    }
                    return string.Join("\n", lines);
                }

                public static async Task<string> ListAll()
                {
                    var api = new RecordingClient(
                        "{\"Response\":[{\"Payment\":{\"id\":30}},{\"Payment\":{\"id\":29}}],\"Pagination\":{\"older_url\":\"/v1/user/1/monetary-account/2/payment?count=2&older_id=29\",\"newer_url\":null,\"future_url\":null}}",
                        "{\"Response\":[{\"Payment\":{\"id\":28}}],\"Pagination\":{\"older_url\":null,\"newer_url\":null,\"future_url\":null}}");
                    var endpoint = new PaymentEndpoint(api, BunqUser.WithId(1), 2);
                    var ids = new List<long?>();
                    await foreach (var payment in endpoint.ListAllAsync(pageSize: 2)) ids.Add(payment.Id);
                    var page = await new PaymentEndpoint(new RecordingClient(), BunqUser.WithId(1), 2).ListAsync(BunqPageOptions.WithCount(5));
                    return string.Join(",", ids) + "\n" + string.Join("\n", api.Log.Select(l => l.Substring(0, l.IndexOf(" auth=", StringComparison.Ordinal)))) + "\n" + page.Items.Count;
                }
            }
        }
        """;
}
