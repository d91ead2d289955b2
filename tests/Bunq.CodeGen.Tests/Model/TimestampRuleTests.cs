using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>Every rule of the timestamp heuristic holds a field of the 2025 spec that only it recognises.</summary>
public sealed class TimestampRuleTests
{
    [Theory]
    [InlineData("date-time", "valid_until", "The end.", TimestampRuleKind.Format)]
    [InlineData(null, "created", "The timestamp of the payment's creation.", TimestampRuleKind.CreatedUpdated)]
    [InlineData(null, "updated", null, TimestampRuleKind.CreatedUpdated)]
    [InlineData(null, "time_responded", "The time the request was responded to.", TimestampRuleKind.TimeWord)]
    [InlineData(null, "bunqto_time_responded", "The moment of the answer.", TimestampRuleKind.TimeWord)]
    [InlineData(null, "status_timestamp", "When the status was last updated.", TimestampRuleKind.TimeWord)]
    [InlineData(null, "responded_at", "The timestamp of when the bunq.to payment was responded to.", TimestampRuleKind.DescriptionSaysTimestamp)]
    [InlineData(null, "bunqto_expiry", "When bunq.to payment is about to expire.", TimestampRuleKind.DescriptionIsWhen)]
    [InlineData(null, "expiration", "When the transaction will expire.", TimestampRuleKind.DescriptionIsWhen)]
    public void Each_timestamp_rule_recognises_its_timestamps(string? format, string name, string? description, TimestampRuleKind expected)
    {
        Assert.Equal(expected, TimestampRule.Embedded.Rule(format, name, description));
    }

    [Theory]
    [InlineData("time_zone", "The user's time zone.")]
    [InlineData("date_start", "The date from when this statement shows transactions.")]
    [InlineData("expiry_date", "Expiry date of the card.")]
    [InlineData("token_value", "When the status is PENDING_FIRST_USE: the value of the token.")]
    [InlineData("redirect_url", "The URL which the user is sent to when a payment is completed.")]
    [InlineData("description", null)]
    public void Dates_zones_and_other_strings_stay_strings(string name, string? description)
    {
        Assert.Equal(TimestampRuleKind.None, TimestampRule.Embedded.Rule(null, name, description));
    }
}
