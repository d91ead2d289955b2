namespace Bunq.CodeGen.Tests.Wire;

/// <summary>Consumer code compiled with the repository spec's client: it reads answers the way users do and reports what it saw.</summary>
internal static class WireHarness
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

        namespace Wire.Bunq.Tests
        {
            public sealed class RecordingClient : IBunqApiClient
            {
                private readonly Queue<string> _answers;

                public RecordingClient(params string[] answers) => _answers = new Queue<string>(answers);

                public List<string> Log { get; } = new List<string>();

                public List<string> Drift { get; } = new List<string>();

                public Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
                {
                    Log.Add(request.Method.Method + " " + request.Path + " " + Encoding.UTF8.GetString(request.Body.Span));
                    var body = _answers.Count > 0 ? _answers.Dequeue() : "{\"Response\":[]}";
                    var reporter = new BunqDriftReporter(e => Drift.Add(e.OperationId + " " + e.Kind + " " + e.Field), null);
                    return Task.FromResult(new BunqResponse(200, Encoding.UTF8.GetBytes(body), "application/json", "response-1")
                    {
                        OperationId = request.OperationId,
                        Drift = reporter,
                    });
                }
            }

            public static class Harness
            {
                private static string D(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

                public static async Task<string> ListCards(string json)
                {
                    var api = new RecordingClient(json);
                    var page = await new BunqClient(api, 1).Cards.ListAsync();
                    return page.Items.Count + ": " + string.Join(",", page.Items.Select(c => c.Id + " " + c.Type)) + " | " + string.Join(", ", api.Drift);
                }

                public static async Task<string> GetCard(string json)
                {
                    var api = new RecordingClient(json);
                    var card = (await new BunqClient(api, 1).Cards.GetAsync(2)).Value;
                    return card.Id + " " + card.Type + " " + card.SecondLine + " | " + string.Join(", ", api.Drift);
                }

                public static async Task<string> ListCustomerStatements(string json)
                {
                    var api = new RecordingClient(json);
                    var page = await new BunqClient(api, 1).MonetaryAccount(2).CustomerStatements.ListAsync();
                    return page.Items.Count + ": " + string.Join(",", page.Items.Select(s => s.Id + " " + s.DateStart)) + " | " + string.Join(", ", api.Drift);
                }

                public static string PaymentGeolocation(string json)
                {
                    var payment = BunqJson.Deserialize<Payment>(Encoding.UTF8.GetBytes(json));
                    var g = payment.Geolocation!;
                    return D(g.Latitude) + " " + D(g.Longitude) + " " + D(g.Altitude) + " " + D(g.Radius) + " | " + Encoding.UTF8.GetString(BunqJson.Serialize(payment));
                }

                public static async Task<string> ListAccounts(string json)
                {
                    var api = new RecordingClient(json);
                    var page = await new BunqClient(api, 1).MonetaryAccounts.ListAsync();
                    return string.Join(",", page.Items.Select(a => a switch
                    {
                        MonetaryAccount.Savings s => "savings " + s.Value.Id + " " + D(s.Value.SavingsGoalProgress),
                        MonetaryAccount.Bank b => "bank " + b.Value.Id,
                        MonetaryAccount.Unknown u => "unknown " + u.Key,
                        _ => a.ObjectType,
                    })) + " | " + string.Join(", ", api.Drift);
                }

                public static string Callback(string body)
                {
                    var drift = new List<string>();
                    using var scope = BunqDrift.Begin("callback", null, e => drift.Add(e.Kind + " " + e.Field));
                    using var document = System.Text.Json.JsonDocument.Parse(body);
                    var callback = BunqJson.Deserialize<NotificationUrl>(Encoding.UTF8.GetBytes(document.RootElement.GetProperty("NotificationUrl").GetRawText()));
                    var value = callback.Object!;
                    var what = value switch
                    {
                        EventObject.MonetaryAccount { Value: MonetaryAccount.Bank bank } m => "account bank " + bank.Value.Id + " " + bank.Value.Description + " own-key=" + m.UnderOwnKey,
                        EventObject.MonetaryAccount { Value: MonetaryAccount.Joint joint } m => "account joint " + joint.Value.Id + " own-key=" + m.UnderOwnKey,
                        EventObject.User { Value: User.Person person } u => "user person " + person.Value.Id + " own-key=" + u.UnderOwnKey,
                        EventObject.Payment p => "payment " + p.Value.Id + " " + p.Value.Amount,
                        EventObject.Unknown u => "unknown " + u.Key,
                        _ => value.GetType().Name,
                    };
                    return what + " | " + Encoding.UTF8.GetString(BunqJson.Serialize(value)) + " | " + string.Join(", ", drift);
                }

                public static async Task<string> GetPaymentBatch(string json)
                {
                    var api = new RecordingClient(json);
                    var batch = (await new BunqClient(api, 1).MonetaryAccount(2).PaymentBatches.GetAsync(3)).Value;
                    var payments = batch.Payments?.Payment;
                    return (payments is null ? "null" : payments.Count + ": " + string.Join(",", payments.Select(p => p.Id + " " + p.Amount)))
                        + " | " + Encoding.UTF8.GetString(BunqJson.Serialize(batch)) + " | " + string.Join(", ", api.Drift);
                }

                public static async Task<string> CreatePaymentBatch()
                {
                    var api = new RecordingClient("{\"Response\":[{\"Id\":{\"id\":77}}]}");
                    var request = new PaymentBatchRequest
                    {
                        Payments = new List<PaymentRequest>
                        {
                            new PaymentRequest { Amount = Amount.Of(1.5m, "EUR"), CounterpartyAlias = new PointerRequest { Type = "IBAN", Value = "NL13RABO0123456789", Name = "Daan" }, Description = "one" },
                            new PaymentRequest { Amount = Amount.Of(2m, "EUR"), CounterpartyAlias = new PointerRequest { Type = "EMAIL", Value = "sanne@example.com" }, Description = "two" },
                        },
                    };
                    var id = await new BunqClient(api, 1).MonetaryAccount(2).PaymentBatches.CreateAsync(request);
                    return id + " | " + string.Join("\n", api.Log);
                }

                public static async Task<string> UuidObjects()
                {
                    var api = new RecordingClient(
                        "{\"Response\":[{\"Id\":{\"id\":\"2f4e1c4d-ef3b-4c4e-9a2a-0f6e5c1b7d10\"}}]}",
                        "{\"Response\":[{\"AttachmentPublic\":{\"uuid\":\"2f4e1c4d-ef3b-4c4e-9a2a-0f6e5c1b7d10\"}}]}",
                        "{\"Response\":[{\"Uuid\":{\"uuid\":\"9c0d2d8e-1a3b-4c5d-8e7f-102132435465\"}}]}",
                        "{\"Response\":[{\"Avatar\":{\"uuid\":\"9c0d2d8e-1a3b-4c5d-8e7f-102132435465\"}}]}");
                    var client = new BunqClient(api, 1);
                    var uuid = await client.AttachmentPublics.CreateAsync(new byte[] { 1 }, "image/png");
                    var attachment = (await client.AttachmentPublics.GetAsync(uuid)).Value;
                    var avatarUuid = await client.Avatars.CreateAsync(new AvatarRequest { Uuid = uuid });
                    var avatar = (await client.Avatars.GetAsync(avatarUuid)).Value;
                    return uuid + " " + attachment.Uuid + " " + avatar.Uuid + " | " + string.Join("\n", api.Log) + " | " + string.Join(", ", api.Drift);
                }
            }
        }
        """;
}
