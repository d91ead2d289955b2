using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>The timestamp rules at their edges: the word first in a name, and prose in either case.</summary>
public sealed class TimestampRuleBoundaryTests
{
    [Theory]
    [InlineData("timestamp", null, TimestampRuleKind.TimeWord)]
    [InlineData("time", null, TimestampRuleKind.TimeWord)]
    [InlineData("moment", "Timestamp of the last change.", TimestampRuleKind.DescriptionSaysTimestamp)]
    [InlineData("moment", "  When the card was blocked.  ", TimestampRuleKind.DescriptionIsWhen)]
    [InlineData("zone_time", "When the zone was set.", TimestampRuleKind.None)]
    [InlineData("moment", "When the card was blocked.\nSet by bunq.", TimestampRuleKind.None)]
    [InlineData("moment", "   ", TimestampRuleKind.None)]
    [InlineData("timestamps", "The history.", TimestampRuleKind.None)]
    [InlineData("Created", null, TimestampRuleKind.None)]
    public void A_rule_holds_at_the_edges_of_its_words(string name, string? description, TimestampRuleKind expected)
        => Assert.Equal(expected, TimestampRule.Embedded.Rule(null, name, description));

    [Fact]
    public void Matches_is_true_exactly_when_a_rule_applies()
    {
        Assert.True(TimestampRule.Embedded.Matches("date-time", "anything", null));
        Assert.True(TimestampRule.Embedded.Matches(null, "updated", null));
        Assert.False(TimestampRule.Embedded.Matches("date", "date_start", "The start date."));
    }
}
