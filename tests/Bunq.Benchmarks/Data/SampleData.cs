using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Bunq.Benchmarks.Data;

/// <summary>
/// Deterministic, realistic bunq answers: payments as bunq lists them (nested aliases, label users, avatars,
/// amounts, timestamps with microseconds, nulls where bunq sends nulls) and a mixed monetary-account page.
/// The same payment objects are written either inside bunq's envelope or as a bare array for the baselines.
/// </summary>
internal static class SampleData
{
    public const long UserId = 7701;
    public const long AccountId = 112233;

    private static readonly string[] Merchants =
    {
        "Albert Heijn 1403 AMSTERDAM", "NS GROEP IZ NS REIZIGERS", "Spotify P2A4C1B3D5", "Bol.com", "Coffee Company Amsterdam",
        "Jumbo Utrecht Centrum", "Thuisbezorgd.nl", "Gemeente Amsterdam parkeren", "Vattenfall klantenservice", "HEMA Haarlem",
    };

    private static readonly string[] People =
    {
        "Sanne de Vries", "Daan Bakker", "Emma Visser", "Lucas Smit", "Julia Meijer", "Sem de Boer", "Tess Mulder", "Milan Bos",
    };

    private static readonly string[] Descriptions =
    {
        "Boodschappen", "Huur december", "Etentje vrijdag", "Terugbetaling concertkaartjes", "Zorgverzekering", "Sportschool",
        "Cadeau voor mam", "", "Tikkie: pizza", "Spaarpot vakantie",
    };

    /// <summary><c>{"Response":[{"Payment":{…}}, …],"Pagination":{…}}</c>.</summary>
    public static byte[] PaymentEnvelope(int count, string? olderUrl = "default")
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("Response");
            var random = new Random(20250417);
            for (var i = 0; i < count; i++)
            {
                w.WriteStartObject();
                w.WritePropertyName("Payment");
                WritePayment(w, random, i);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WritePagination(w, count, olderUrl == "default" ? $"/v1/user/{UserId}/monetary-account/{AccountId}/payment?count={count}&older_id=1000" : olderUrl);
            w.WriteEndObject();
        });
    }

    /// <summary>The same payments as a bare JSON array, for the System.Text.Json and Newtonsoft.Json baselines.</summary>
    public static byte[] PaymentArray(int count)
    {
        return Write(w =>
        {
            w.WriteStartArray();
            var random = new Random(20250417);
            for (var i = 0; i < count; i++) WritePayment(w, random, i);
            w.WriteEndArray();
        });
    }

    /// <summary>A monetary-account page mixing bank, savings, joint and external accounts plus one object type the client does not know.</summary>
    public static byte[] AccountEnvelope(int count)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("Response");
            var random = new Random(17);
            for (var i = 0; i < count; i++)
            {
                var kind = i == count - 1 ? "MonetaryAccountCrypto" : (i % 4) switch
                {
                    0 => "MonetaryAccountBank",
                    1 => "MonetaryAccountSavings",
                    2 => "MonetaryAccountJoint",
                    _ => "MonetaryAccountExternal",
                };
                w.WriteStartObject();
                w.WritePropertyName(kind);
                WriteAccount(w, random, i, kind);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WritePagination(w, count, null);
            w.WriteEndObject();
        });
    }

    /// <summary><c>{"Response":[{"Id":{"id":…}}]}</c>: the answer to a create, the smallest envelope.</summary>
    public static byte[] IdEnvelope(long id) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("Response");
        w.WriteStartObject();
        w.WriteStartObject("Id");
        w.WriteNumber("id", id);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WritePayment(Utf8JsonWriter w, Random random, int index)
    {
        var id = 1_650_000_000L - index * 7 - random.Next(0, 7);
        var created = new DateTime(2025, 11, 20, 18, 0, 0, DateTimeKind.Utc).AddSeconds(-index * 5437 - random.Next(0, 600)).AddTicks(random.Next(0, 9_999_999));
        var outgoing = random.Next(0, 4) != 0;
        var cents = outgoing ? -random.Next(150, 25_000) : random.Next(500, 250_000);
        var card = outgoing && random.Next(0, 2) == 0;
        var counterparty = card ? Merchants[random.Next(Merchants.Length)] : People[random.Next(People.Length)];

        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteString("created", Timestamp(created));
        w.WriteString("updated", Timestamp(created.AddMilliseconds(random.Next(1, 900))));
        w.WriteNumber("monetary_account_id", AccountId);
        WriteAmount(w, "amount", cents);
        w.WriteString("description", card ? counterparty : Descriptions[random.Next(Descriptions.Length)]);
        w.WriteString("type", card ? "MASTERCARD" : random.Next(0, 3) == 0 ? "IDEAL" : "BUNQ");
        w.WriteNull("merchant_reference");
        w.WritePropertyName("alias");
        WriteLabel(w, random, "Sanne de Vries", "NL65BUNQ2290123456", merchant: false);
        w.WritePropertyName("counterparty_alias");
        WriteLabel(w, random, counterparty, "NL" + random.Next(10, 99).ToString(CultureInfo.InvariantCulture) + (card ? "INGB" : "RABO") + random.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture), card);
        w.WriteStartArray("attachment");
        if (random.Next(0, 10) == 0)
        {
            w.WriteStartObject();
            w.WriteNumber("id", random.Next(100_000, 999_999));
            w.WriteNumber("monetary_account_id", AccountId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (card)
        {
            w.WriteStartObject("geolocation");
            w.WriteNumber("latitude", 52.3 + random.Next(0, 1000) / 10_000.0);
            w.WriteNumber("longitude", 4.8 + random.Next(0, 1000) / 10_000.0);
            w.WriteNumber("altitude", 0);
            w.WriteNumber("radius", random.Next(10, 120));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("geolocation");
        }
        w.WriteNull("batch_id");
        w.WriteNull("scheduled_id");
        w.WriteNull("address_billing");
        w.WriteNull("address_shipping");
        w.WriteString("sub_type", "PAYMENT");
        w.WriteStartArray("request_reference_split_the_bill");
        w.WriteEndArray();
        WriteAmount(w, "balance_after_mutation", 125_000 + random.Next(-50_000, 50_000));
        w.WriteNull("payment_auto_allocate_instance");
        w.WriteEndObject();
    }

    private static void WriteLabel(Utf8JsonWriter w, Random random, string name, string iban, bool merchant)
    {
        w.WriteStartObject();
        w.WriteString("iban", iban);
        if (merchant) w.WriteNull("is_light");
        else w.WriteBoolean("is_light", false);
        w.WriteString("display_name", name);
        w.WritePropertyName("avatar");
        WriteAvatar(w, random);
        w.WriteStartObject("label_user");
        if (merchant) w.WriteNull("uuid");
        else w.WriteString("uuid", Uuid(random));
        w.WriteString("display_name", name);
        w.WriteString("country", "NL");
        if (merchant) w.WriteNull("avatar");
        else
        {
            w.WritePropertyName("avatar");
            WriteAvatar(w, random);
        }
        w.WriteString("public_nick_name", name.Split(' ')[0]);
        w.WriteEndObject();
        w.WriteString("country", "NL");
        if (merchant) w.WriteString("merchant_category_code", "5411");
        w.WriteEndObject();
    }

    private static void WriteAvatar(Utf8JsonWriter w, Random random)
    {
        w.WriteStartObject();
        w.WriteString("uuid", Uuid(random));
        w.WriteStartArray("image");
        w.WriteStartObject();
        w.WriteString("attachment_public_uuid", Uuid(random));
        w.WriteNumber("height", 1023);
        w.WriteNumber("width", 1024);
        w.WriteString("content_type", "image/png");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("anchor_uuid", Uuid(random));
        w.WriteEndObject();
    }

    private static void WriteAccount(Utf8JsonWriter w, Random random, int index, string kind)
    {
        var created = new DateTime(2021, 3, 1, 9, 0, 0, DateTimeKind.Utc).AddDays(index * 31).AddTicks(random.Next(0, 9_999_999));
        w.WriteStartObject();
        w.WriteNumber("id", AccountId + index);
        w.WriteString("created", Timestamp(created));
        w.WriteString("updated", Timestamp(created.AddDays(400)));
        w.WriteStartArray("alias");
        foreach (var (type, value) in new[] { ("IBAN", "NL" + (20 + index).ToString(CultureInfo.InvariantCulture) + "BUNQ229" + (1_000_000 + index).ToString(CultureInfo.InvariantCulture)), ("EMAIL", "sanne@example.com") })
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("value", value);
            w.WriteString("name", "Sanne de Vries");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("avatar");
        WriteAvatar(w, random);
        WriteAmount(w, "balance", random.Next(0, 2_000_000));
        w.WriteString("country", "NL");
        w.WriteString("currency", "EUR");
        w.WriteString("display_name", "Sanne de Vries");
        WriteAmount(w, "daily_limit", 1_000_000);
        w.WriteString("description", kind switch
        {
            "MonetaryAccountSavings" => "Vakantie",
            "MonetaryAccountJoint" => "Huishouden",
            "MonetaryAccountExternal" => "ING betaalrekening",
            _ => "Main",
        });
        w.WriteString("public_uuid", Uuid(random));
        w.WriteString("status", "ACTIVE");
        w.WriteString("sub_status", "NONE");
        w.WriteString("timezone", "europe/amsterdam");
        w.WriteNumber("user_id", UserId);
        w.WriteNull("monetary_account_profile");
        w.WriteStartArray("notification_filters");
        w.WriteEndArray();
        w.WriteStartObject("setting");
        w.WriteString("color", "#3EA6E8");
        w.WriteString("default_avatar_status", "AVATAR_DEFAULT");
        w.WriteString("restriction_chat", "ALLOW_INCOMING");
        w.WriteEndObject();
        WriteAmount(w, "overdraft_limit", 0);
        w.WriteString("reason", "OTHER");
        w.WriteString("reason_description", "");
        w.WriteStartArray("all_auto_save_id");
        w.WriteEndArray();
        if (kind is "MonetaryAccountSavings")
        {
            WriteAmount(w, "savings_goal", 250_000);
            w.WriteNumber("savings_goal_progress", 0.42);
        }
        if (kind is "MonetaryAccountSavings" or "MonetaryAccountJoint")
        {
            w.WriteStartArray("all_co_owner");
            foreach (var person in new[] { "Sanne de Vries", "Daan Bakker" })
            {
                w.WriteStartObject();
                w.WriteStartObject("alias");
                w.WriteString("uuid", Uuid(random));
                w.WriteString("display_name", person);
                w.WriteString("country", "NL");
                w.WriteNull("avatar");
                w.WriteString("public_nick_name", person.Split(' ')[0]);
                w.WriteEndObject();
                w.WriteString("status", "ACCEPTED");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteAmount(Utf8JsonWriter w, string name, long cents)
    {
        w.WriteStartObject(name);
        w.WriteString("currency", "EUR");
        w.WriteString("value", (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static void WritePagination(Utf8JsonWriter w, int count, string? olderUrl)
    {
        w.WriteStartObject("Pagination");
        w.WriteNull("future_url");
        w.WriteNull("newer_url");
        if (olderUrl is null) w.WriteNull("older_url");
        else w.WriteString("older_url", olderUrl);
        w.WriteEndObject();
    }

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
