using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests.Pinning;

/// <summary>
/// The readers generated models call for a declared field <c>M.f</c>: the right JSON type reads silently; any other is
/// kept exactly in UnknownFields and reported, and the property is filled only when the conversion is exact.
/// </summary>
public sealed class JsonKeptReadingTests
{
    private const string Filled = "read exactly, and the wire value kept";
    private const string Empty = "kept in UnknownFields, the property is null";

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("null", null)]
    public void A_declared_string_reads_silently_from_a_string_or_null(string json, string? expected)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadString(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value);
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Theory]
    [InlineData("12.50", "12.50", "a number where a string is declared; " + Filled)]
    [InlineData("true", "true", "a boolean where a string is declared; " + Filled)]
    [InlineData("false", "false", "a boolean where a string is declared; " + Filled)]
    [InlineData("{\"a\":1}", null, "a object where a string is declared; " + Empty)]
    [InlineData("[1]", null, "a array where a string is declared; " + Empty)]
    public void A_declared_string_keeps_and_reports_any_other_json_type(string json, string? expected, string detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadString(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value);
        Assert.Equal(json, JsonProbe.KeptText(kept, "f"));
        AssertDrift(drift, BunqDriftKind.ScalarMismatch, detail);
    }

    [Theory]
    [InlineData("42", 42L, false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("42.0", 42L, true, "a number where an integer is declared; " + Filled)]
    [InlineData("1.5", null, true, "a number where an integer is declared; " + Empty)]
    [InlineData("9223372036854775808", null, true, "a number where an integer is declared; " + Empty)]
    [InlineData("\"42\"", 42L, true, "a string where an integer is declared; " + Filled)]
    [InlineData("\"-42\"", -42L, true, "a string where an integer is declared; " + Filled)]
    [InlineData("\" 42\"", null, true, "a string where an integer is declared; " + Empty)]
    [InlineData("\"x\"", null, true, "a string where an integer is declared; " + Empty)]
    [InlineData("true", null, true, "a boolean where an integer is declared; " + Empty)]
    [InlineData("[1]", null, true, "a array where an integer is declared; " + Empty)]
    public void A_declared_integer_is_never_truncated(string json, long? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadInt64(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value);
        AssertKept(json, keeps, kept, drift, detail);
    }

    [Theory]
    [InlineData("7", 7, false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("7.0", 7, true, "a number where a 32-bit integer is declared; " + Filled)]
    [InlineData("2147483647.0", int.MaxValue, true, "a number where a 32-bit integer is declared; " + Filled)]
    [InlineData("-2147483648.0", int.MinValue, true, "a number where a 32-bit integer is declared; " + Filled)]
    [InlineData("2147483648", null, true, "a number where a 32-bit integer is declared; " + Empty)]
    [InlineData("-2147483649", null, true, "a number where a 32-bit integer is declared; " + Empty)]
    [InlineData("7.5", null, true, "a number where a 32-bit integer is declared; " + Empty)]
    [InlineData("\"-7\"", -7, true, "a string where a 32-bit integer is declared; " + Filled)]
    [InlineData("\"7.5\"", null, true, "a string where a 32-bit integer is declared; " + Empty)]
    [InlineData("false", null, true, "a boolean where a 32-bit integer is declared; " + Empty)]
    public void A_declared_32_bit_integer_reads_only_within_its_range(string json, int? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadInt32(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value);
        AssertKept(json, keeps, kept, drift, detail);
    }

    [Theory]
    [InlineData("1.25", "1.25", false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("1e40", null, true, "a number where a decimal is declared; " + Empty)]
    [InlineData("\"-1.25\"", "-1.25", true, "a string where a decimal is declared; " + Filled)]
    [InlineData("\"1e3\"", null, true, "a string where a decimal is declared; " + Empty)]
    [InlineData("true", null, true, "a boolean where a decimal is declared; " + Empty)]
    public void A_declared_decimal_reads_exactly_or_keeps_the_wire_value(string json, string? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadDecimal(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected is null ? null : decimal.Parse(expected, CultureInfo.InvariantCulture), value);
        AssertKept(json, keeps, kept, drift, detail);
    }

    [Theory]
    [InlineData("1.5", 1.5, false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("\"1.5\"", 1.5, true, "a string where a number is declared; " + Filled)]
    [InlineData("\"x\"", null, true, "a string where a number is declared; " + Empty)]
    [InlineData("{}", null, true, "a object where a number is declared; " + Empty)]
    [InlineData("1e400", null, true, "a number where a number is declared; " + Empty)]
    [InlineData("-1e400", null, true, "a number where a number is declared; " + Empty)]
    [InlineData("\"1e400\"", null, true, "a string where a number is declared; " + Empty)]
    [InlineData("\"NaN\"", null, true, "a string where a number is declared; " + Empty)]
    public void A_declared_double_reads_finite_numbers_silently_and_keeps_the_rest(string json, double? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadDouble(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value);
        AssertKept(json, keeps, kept, drift, detail);
    }

    [Theory]
    [InlineData("true", true, false, null)]
    [InlineData("false", false, false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("\"true\"", true, true, "a string where a boolean is declared; " + Filled)]
    [InlineData("\"false\"", false, true, "a string where a boolean is declared; " + Filled)]
    [InlineData("\"True\"", null, true, "a string where a boolean is declared; " + Empty)]
    [InlineData("1", true, true, "a number where a boolean is declared; " + Filled)]
    [InlineData("0", false, true, "a number where a boolean is declared; " + Filled)]
    [InlineData("2", null, true, "a number where a boolean is declared; " + Empty)]
    [InlineData("1.0", null, true, "a number where a boolean is declared; " + Empty)]
    [InlineData("[true]", null, true, "a array where a boolean is declared; " + Empty)]
    public void A_declared_boolean_reads_only_true_false_one_and_zero(string json, bool? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadBoolean(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value);
        AssertKept(json, keeps, kept, drift, detail);
    }

    [Theory]
    [InlineData("\"2026-01-02 03:04:05.123456\"", "2026-01-02T03:04:05.1234560Z", false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("\"2026-01-02 03:04:05\"", "2026-01-02T03:04:05.0000000Z", true, "a timestamp not in bunq's yyyy-MM-dd HH:mm:ss.ffffff format; read, and its text kept")]
    [InlineData("\"2026-01-02T03:04:05.123456\"", "2026-01-02T03:04:05.1234560Z", true, "a timestamp not in bunq's yyyy-MM-dd HH:mm:ss.ffffff format; read, and its text kept")]
    [InlineData("\"2026-01-02 03:04:05+123456\"", null, true, "a string that is not a timestamp; kept in UnknownFields, the property is null")]
    [InlineData("\"not a timestamp at all !!\"", null, true, "a string that is not a timestamp; kept in UnknownFields, the property is null")]
    [InlineData("1767323045", null, true, "a number where a timestamp string is declared; " + Empty)]
    public void A_declared_timestamp_in_bunqs_format_reads_silently_and_any_other_text_is_kept(string json, string? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadTimestamp(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        AssertKept(json, keeps, kept, drift, detail);
    }

    [Theory]
    [InlineData("{\"id\":1}", 1L, false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("[{\"id\":2}]", 2L, true, "an array of one object where an object is declared; read as that object")]
    [InlineData("[{\"id\":2},{\"id\":3}]", null, true, "an array where an object is declared; kept in UnknownFields, the property is null")]
    [InlineData("[]", null, true, "an array where an object is declared; kept in UnknownFields, the property is null")]
    [InlineData("[1]", null, true, "an array where an object is declared; kept in UnknownFields, the property is null")]
    [InlineData("[{\"id\":2},1]", null, true, "an array where an object is declared; kept in UnknownFields, the property is null")]
    [InlineData("\"x\"", null, true, "a string where an object is declared; kept in UnknownFields, the property is null")]
    public void A_declared_object_reads_an_array_only_when_it_holds_exactly_one_object(string json, long? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadModel<ProbeItem>(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value?.Id);
        AssertKept(json, keeps, kept, drift, detail, BunqDriftKind.ShapeMismatch);
    }

    [Fact]
    public void A_declared_wrapper_reads_the_bare_array_older_answers_sent()
    {
        const string json = "[{\"id\":1},{\"id\":2}]";
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadModel<ProbeWrapper>(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(new long?[] { 1, 2 }, value!.Items.Select(i => i.Id));
        AssertKept(json, true, kept, drift, "a bare array where its {\"Key\":[…]} wrapper is declared; read as the wrapper's list", BunqDriftKind.ShapeMismatch);
    }

    [Theory]
    [InlineData("[{\"id\":1},{\"id\":2}]", "1|2", false, null)]
    [InlineData("[]", "", false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("{\"id\":3}", "3", true, "an object where a list is declared; read as a one-item list")]
    [InlineData("[{\"id\":1},2,{\"id\":3}]", null, true, "a list with an element that is not an object; kept in UnknownFields, the property is null")]
    [InlineData("5", null, true, "a number where a list is declared; kept in UnknownFields, the property is null")]
    public void A_declared_model_list_is_kept_whole_rather_than_shortened(string json, string? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadModelList<ProbeItem>(ref r, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value is null ? null : string.Join("|", value.Select(i => i.Id)));
        AssertKept(json, keeps, kept, drift, detail, BunqDriftKind.ShapeMismatch);
    }

    [Theory]
    [InlineData("[\"a\",\"b\"]", "a|b", false, null)]
    [InlineData("[]", "", false, null)]
    [InlineData("null", null, false, null)]
    [InlineData("[\"a\",1]", null, true, "a list element of another JSON type than declared; kept in UnknownFields, the property is null")]
    [InlineData("[\"a\",null]", null, true, "a list element of another JSON type than declared; kept in UnknownFields, the property is null")]
    [InlineData("\"a\"", null, true, "a string where a list is declared; kept in UnknownFields, the property is null")]
    public void A_declared_string_list_reads_only_strings(string json, string? expected, bool keeps, string? detail)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadList(ref r, BunqJson.ReadString, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value is null ? null : string.Join("|", value));
        AssertKept(json, keeps, kept, drift, detail, BunqDriftKind.ShapeMismatch);
    }

    [Theory]
    [InlineData("[1,2]", "1|2", false)]
    [InlineData("[1,\"2\"]", null, true)]
    [InlineData("[1,2.5]", null, true)]
    public void A_declared_integer_list_reads_only_integers(string json, string? expected, bool keeps)
    {
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadList<long?>(ref r, BunqJson.ReadInt64, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(expected, value is null ? null : string.Join("|", value));
        Assert.Equal(keeps ? json : null, JsonProbe.KeptText(kept, "f"));
        Assert.Equal(keeps ? 1 : 0, drift.Count);
    }

    [Fact]
    public void A_declared_timestamp_list_counts_its_strings_as_the_declared_type()
    {
        const string json = "[\"2026-01-02 03:04:05.123456\"]";
        var value = JsonProbe.ReadField(json, (ref Utf8JsonReader r, ref BunqUnknownFields? k) => BunqJson.ReadList<DateTimeOffset?>(ref r, BunqJson.ReadTimestamp, ref k, "M", "f"), out var kept, out var drift);

        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560), Assert.Single(value!));
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Fact]
    public void An_undeclared_field_is_kept_under_its_name_and_written_back_after_the_declared_ones()
    {
        var item = JsonProbe.Read("""{"extra":{"deep":[1,2]},"id":"42","name":"n"}""", ProbeItem.ReadJson, out var drift);

        Assert.Equal(42, item.Id);
        Assert.Equal(new[] { "extra", "id" }, item.UnknownFields!.Names);
        Assert.Equal(1, item.UnknownFields.UndeclaredCount);
        Assert.Equal(new[] { (BunqDriftKind.UnknownField, "ProbeItem.extra"), (BunqDriftKind.ScalarMismatch, "ProbeItem.id") }, drift.Select(d => (d.Kind, d.Field)));
        Assert.Equal("a field the spec does not declare; kept in UnknownFields and written back", drift[0].Detail);
        Assert.Equal("""{"id":"42","name":"n","extra":{"deep":[1,2]}}""", Encoding.UTF8.GetString(BunqJson.Serialize(item)));
    }

    private static void AssertKept(string json, bool keeps, BunqUnknownFields? kept, List<BunqDriftEvent> drift, string? detail, BunqDriftKind kind = BunqDriftKind.ScalarMismatch)
    {
        if (!keeps)
        {
            Assert.Null(kept);
            Assert.Empty(drift);
            return;
        }
        Assert.Equal(json, JsonProbe.KeptText(kept, "f"));
        // Kept as the declared field's wire value, so it is written back in the field's place and not again as an extra.
        Assert.Equal(0, kept!.UndeclaredCount);
        AssertDrift(drift, kind, detail!);
    }

    private static void AssertDrift(List<BunqDriftEvent> drift, BunqDriftKind kind, string detail)
    {
        var report = Assert.Single(drift);
        Assert.Equal(kind, report.Kind);
        Assert.Equal("M.f", report.Field);
        Assert.Equal("probe", report.OperationId);
        Assert.Equal(detail, report.Detail);
    }
}
