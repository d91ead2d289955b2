using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunq.Benchmarks.Data;

// Hand-written POCOs with the same fields (and nesting) as the generated Payment, for the baselines: System.Text.Json's
// source generator (the limit) and Newtonsoft.Json (what NSwag's generated models use). Property names map to
// bunq's snake_case by naming policy, so one set of classes serves both libraries.
#pragma warning disable CA1819

public sealed class PaymentPoco
{
    public AddressPoco? AddressBilling { get; set; }
    public AddressPoco? AddressShipping { get; set; }
    public LabelMonetaryAccountPoco? Alias { get; set; }
    public AmountPoco? Amount { get; set; }
    public List<AttachmentPoco>? Attachment { get; set; }
    public AmountPoco? BalanceAfterMutation { get; set; }
    public long? BatchId { get; set; }
    public string? BunqtoExpiry { get; set; }
    public string? BunqtoShareUrl { get; set; }
    public string? BunqtoStatus { get; set; }
    public string? BunqtoSubStatus { get; set; }
    public string? BunqtoTimeResponded { get; set; }
    public LabelMonetaryAccountPoco? CounterpartyAlias { get; set; }
    public DateTimeOffset? Created { get; set; }
    public string? Description { get; set; }
    public GeolocationPoco? Geolocation { get; set; }
    public long? Id { get; set; }
    public string? MerchantReference { get; set; }
    public long? MonetaryAccountId { get; set; }
    public AutoAllocatePoco? PaymentAutoAllocateInstance { get; set; }
    public List<ReferencePoco>? RequestReferenceSplitTheBill { get; set; }
    public long? ScheduledId { get; set; }
    public string? SubType { get; set; }
    public string? Type { get; set; }
    public DateTimeOffset? Updated { get; set; }
}

public sealed class AmountPoco
{
    public string? Value { get; set; }
    public string? Currency { get; set; }
}

public sealed class LabelMonetaryAccountPoco
{
    public AvatarPoco? Avatar { get; set; }
    public PointerPoco? BunqMe { get; set; }
    public string? Country { get; set; }
    public string? DisplayName { get; set; }
    public string? Iban { get; set; }
    public bool? IsLight { get; set; }
    public LabelUserPoco? LabelUser { get; set; }
    public string? MerchantCategoryCode { get; set; }
    public string? SwiftAccountNumber { get; set; }
    public string? SwiftBic { get; set; }
    public string? TransferwiseAccountNumber { get; set; }
    public string? TransferwiseBankCode { get; set; }
}

public sealed class LabelUserPoco
{
    public AvatarPoco? Avatar { get; set; }
    public string? Country { get; set; }
    public string? DisplayName { get; set; }
    public string? PublicNickName { get; set; }
    public string? Uuid { get; set; }
}

public sealed class AvatarPoco
{
    public List<ImagePoco>? Image { get; set; }
    public string? Uuid { get; set; }
    public string? AnchorUuid { get; set; }
    public string? Style { get; set; }
}

public sealed class ImagePoco
{
    public string? AttachmentPublicUuid { get; set; }
    public string? ContentType { get; set; }
    public long? Height { get; set; }
    public long? Width { get; set; }
}

public sealed class PointerPoco
{
    public string? Name { get; set; }
    public string? Service { get; set; }
    public string? Type { get; set; }
    public string? Value { get; set; }
}

public sealed class AddressPoco
{
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? Extra { get; set; }
    public string? HouseNumber { get; set; }
    public bool? IsUserAddressUpdated { get; set; }
    public string? MailboxName { get; set; }
    public string? PoBox { get; set; }
    public string? PostalCode { get; set; }
    public string? Province { get; set; }
    public string? Street { get; set; }
}

public sealed class AttachmentPoco
{
    public long? Id { get; set; }
    public long? MonetaryAccountId { get; set; }
}

public sealed class GeolocationPoco
{
    public double? Altitude { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public double? Radius { get; set; }
}

public sealed class ReferencePoco
{
    public long? Id { get; set; }
    public string? Type { get; set; }
}

public sealed class AutoAllocatePoco
{
    public DateTimeOffset? Created { get; set; }
    public long? Id { get; set; }
    public long? PaymentAutoAllocateId { get; set; }
    public long? PaymentId { get; set; }
    public string? Status { get; set; }
    public DateTimeOffset? Updated { get; set; }
}

/// <summary>The request body of a payment, for the System.Text.Json writing baseline.</summary>
public sealed class PaymentRequestPoco
{
    public bool? AllowBunqto { get; set; }
    public AmountPoco? Amount { get; set; }
    public List<AttachmentPoco>? Attachment { get; set; }
    public PointerPoco? CounterpartyAlias { get; set; }
    public string? Description { get; set; }
    public string? MerchantReference { get; set; }
}

/// <summary>bunq's timestamps (<c>yyyy-MM-dd HH:mm:ss.ffffff</c>, UTC) are not ISO 8601; both baselines parse them exactly as the runtime does.</summary>
public sealed class BunqTimestampConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.ffffff";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => DateTimeOffset.ParseExact(reader.GetString()!, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}

/// <summary>The same timestamp handling for Newtonsoft.Json.</summary>
public sealed class NewtonsoftTimestampConverter : Newtonsoft.Json.JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? ReadJson(Newtonsoft.Json.JsonReader reader, Type objectType, DateTimeOffset? existingValue, bool hasExistingValue, Newtonsoft.Json.JsonSerializer serializer)
        => reader.Value is string text
            ? DateTimeOffset.ParseExact(text, BunqTimestampConverter.Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;

    public override void WriteJson(Newtonsoft.Json.JsonWriter writer, DateTimeOffset? value, Newtonsoft.Json.JsonSerializer serializer)
        => writer.WriteValue(value?.UtcDateTime.ToString(BunqTimestampConverter.Format, CultureInfo.InvariantCulture));
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = new[] { typeof(BunqTimestampConverter) })]
[JsonSerializable(typeof(List<PaymentPoco>))]
[JsonSerializable(typeof(PaymentRequestPoco))]
internal sealed partial class PocoJsonContext : JsonSerializerContext
{
}

internal static class NewtonsoftSetup
{
    public static Newtonsoft.Json.JsonSerializer Serializer { get; } = Newtonsoft.Json.JsonSerializer.Create(new Newtonsoft.Json.JsonSerializerSettings
    {
        ContractResolver = new Newtonsoft.Json.Serialization.DefaultContractResolver
        {
            NamingStrategy = new Newtonsoft.Json.Serialization.SnakeCaseNamingStrategy(),
        },
        DateParseHandling = Newtonsoft.Json.DateParseHandling.None,
        Converters = { new NewtonsoftTimestampConverter() },
    });
}
