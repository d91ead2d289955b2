using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests.Pinning;

/// <summary>bunq's money: two decimals, the wire text kept exactly, midpoints away from zero.</summary>
public sealed class AmountTests
{
    [Theory]
    [InlineData("0.125", "0.13")]
    [InlineData("0.005", "0.01")]
    [InlineData("2.345", "2.35")]
    [InlineData("-0.125", "-0.13")]
    [InlineData("-2.5", "-2.50")]
    [InlineData("12.5", "12.50")]
    [InlineData("3", "3.00")]
    [InlineData("0.124", "0.12")]
    public void Amount_of_rounds_to_cents_with_midpoints_away_from_zero(string value, string expected)
    {
        var amount = Amount.Of(decimal.Parse(value, CultureInfo.InvariantCulture), "EUR");

        Assert.Equal(expected, amount.Value);
        Assert.Equal("EUR", amount.Currency);
    }

    [Fact]
    public void Amount_of_writes_a_dot_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("nl-NL");
        try
        {
            Assert.Equal("1234.50", Amount.Of(1234.5m, "EUR").Value);
            Assert.Equal(12.5m, new Amount("12.50", "EUR").Decimal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("12.50", "12.50")]
    [InlineData("-0.01", "-0.01")]
    [InlineData("1,000.25", "1000.25")]
    [InlineData("not money", "0")]
    [InlineData(null, "0")]
    public void Decimal_reads_the_wire_text_and_is_zero_when_it_is_not_a_number(string? value, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), new Amount { Value = value, Currency = "EUR" }.Decimal);
    }

    [Fact]
    public void The_constructor_keeps_value_and_currency_as_given()
    {
        var amount = new Amount("7.10", "USD");

        Assert.Equal("7.10", amount.Value);
        Assert.Equal("USD", amount.Currency);
        Assert.Equal("7.10 USD", amount.ToString());
    }

    [Fact]
    public void Reading_takes_value_and_currency_by_name_in_any_order()
    {
        var amount = JsonProbe.Read("""{"currency":"EUR","value":"12.50"}""", Amount.ReadJson, out var drift);

        Assert.Equal("12.50", amount.Value);
        Assert.Equal("EUR", amount.Currency);
        Assert.Null(amount.UnknownFields);
        Assert.Empty(drift);
    }

    [Theory]
    [InlineData("\"12.50\"")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public void Something_that_is_not_an_object_reads_as_an_empty_amount(string json)
    {
        var amount = JsonProbe.Read(json, Amount.ReadJson);

        Assert.Null(amount.Value);
        Assert.Null(amount.Currency);
    }

    [Fact]
    public void An_undeclared_field_is_kept_reported_and_written_back()
    {
        const string json = """{"value":"1.00","fee":{"x":[1]},"currency":"EUR"}""";
        var amount = JsonProbe.Read(json, Amount.ReadJson, out var drift);

        Assert.Equal("1.00", amount.Value);
        Assert.Equal("EUR", amount.Currency);
        Assert.Equal(new[] { "fee" }, amount.UnknownFields!.Names);
        var report = Assert.Single(drift);
        Assert.Equal(BunqDriftKind.UnknownField, report.Kind);
        Assert.Equal("Amount.fee", report.Field);
        Assert.Equal("""{"value":"1.00","currency":"EUR","fee":{"x":[1]}}""", Encoding.UTF8.GetString(BunqJson.Serialize(amount)));
    }

    [Theory]
    [InlineData("""{"value":12.5,"currency":"EUR"}""", "12.5", "EUR", "Amount.value")]
    [InlineData("""{"value":"1.00","currency":978}""", "1.00", "978", "Amount.currency")]
    public void A_number_where_bunq_writes_text_keeps_its_text_and_is_written_back_as_a_number(string json, string value, string currency, string field)
    {
        var amount = JsonProbe.Read(json, Amount.ReadJson, out var drift);

        Assert.Equal(value, amount.Value);
        Assert.Equal(currency, amount.Currency);
        var report = Assert.Single(drift);
        Assert.Equal(BunqDriftKind.ScalarMismatch, report.Kind);
        Assert.Equal(field, report.Field);
        Assert.Equal(json, Encoding.UTF8.GetString(BunqJson.Serialize(amount)));
    }

    [Theory]
    [InlineData("""{"value":null,"currency":"EUR"}""")]
    [InlineData("""{"value":"1.00","currency":null}""")]
    [InlineData("""{"value":null,"currency":null}""")]
    [InlineData("""{"currency":"EUR"}""")]
    [InlineData("""{"value":"1.00"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"value":{"cents":1250},"currency":"EUR"}""")]
    public void Nulls_and_missing_fields_are_written_back_as_they_came(string json)
    {
        var amount = JsonProbe.Read(json, Amount.ReadJson);

        Assert.Equal(json, Encoding.UTF8.GetString(BunqJson.Serialize(amount)));
    }

    [Fact]
    public void A_changed_value_is_written_as_the_new_text_not_the_kept_number()
    {
        var amount = JsonProbe.Read("""{"value":12.5,"currency":"EUR"}""", Amount.ReadJson);
        amount.Value = "13.00";

        Assert.Equal("""{"value":"13.00","currency":"EUR"}""", Encoding.UTF8.GetString(BunqJson.Serialize(amount)));
    }

    [Fact]
    public void A_new_amount_writes_both_fields_as_strings()
    {
        Assert.Equal("""{"value":"0.01","currency":"EUR"}""", JsonProbe.Write(w => Amount.Of(0.01m, "EUR").WriteJson(w)));
    }

    [Fact]
    public void Amounts_are_equal_when_value_and_currency_are()
    {
        var a = new Amount("1.00", "EUR");

        Assert.True(a.Equals(new Amount("1.00", "EUR")));
        Assert.True(a.Equals((object)new Amount("1.00", "EUR")));
        Assert.Equal(a.GetHashCode(), new Amount("1.00", "EUR").GetHashCode());
        Assert.False(a.Equals(new Amount("1.0", "EUR")));
        Assert.False(a.Equals(new Amount("1.00", "USD")));
        Assert.False(a.Equals(new Amount("2.00", "USD")));
        Assert.False(a.Equals((Amount?)null));
        Assert.False(a.Equals("1.00 EUR"));
    }
}
