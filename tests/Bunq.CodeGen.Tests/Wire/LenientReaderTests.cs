using System.Text;
using System.Text.Json;
using Bunq.Runtime.Json;

namespace Bunq.CodeGen.Tests.Wire;

/// <summary>
/// The runtime's drift-aware scalar readers, one rule per test: the typed value only when the conversion is exact, the
/// wire value kept exactly otherwise, and one drift event for every leniency (none for a value as the spec says).
/// </summary>
public sealed class LenientReaderTests
{
    private delegate T Read<T>(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field);

    private static (T Value, BunqUnknownFields? Kept, List<BunqDriftEvent> Drift) Run<T>(string json, Read<T> read)
    {
        var drift = new List<BunqDriftEvent>();
        BunqUnknownFields? kept = null;
        T value;
        using (BunqDrift.Begin("READ_Test", null, drift.Add))
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("{\"f\":" + json + ",\"after\":1}"));
            reader.Read();
            reader.Read();
            reader.Read();
            value = read(ref reader, ref kept, "Model", "f");
            // The reader must be left on the value's last token: the next token is the following property.
            Assert.True(reader.Read());
            Assert.Equal(JsonTokenType.PropertyName, reader.TokenType);
            Assert.True(reader.ValueTextEquals("after"u8));
        }
        return (value, kept, drift);
    }

    private static string Kept(BunqUnknownFields? kept)
    {
        Assert.NotNull(kept);
        Assert.True(kept.TryGetValue("f", out var raw));
        return raw.GetRawText();
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-9007199254740993", -9007199254740993L)]
    [InlineData("null", null)]
    public void An_integer_as_declared_reads_without_drift(string json, long? expected)
    {
        var (value, kept, drift) = Run<long?>(json, BunqJson.ReadInt64);
        Assert.Equal(expected, value);
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Theory]
    [InlineData("53.2")]
    [InlineData("0.25")]
    [InlineData("1e400")]
    [InlineData("92233720368547758070")]
    [InlineData("true")]
    [InlineData("{\"a\":1}")]
    [InlineData("[1]")]
    [InlineData("\"12.5\"")]
    public void An_integer_that_is_not_exactly_an_integer_is_kept_and_never_truncated(string json)
    {
        var (value, kept, drift) = Run<long?>(json, BunqJson.ReadInt64);
        Assert.Null(value);
        Assert.Equal(json, Kept(kept));
        var only = Assert.Single(drift);
        Assert.Equal(new BunqDriftEvent("READ_Test", BunqDriftKind.ScalarMismatch, "Model.f", only.Detail), only);
        Assert.Contains("the property is null", only.Detail);
    }

    [Theory]
    [InlineData("53.0", 53L)]
    [InlineData("1e3", 1000L)]
    [InlineData("\"42\"", 42L)]
    [InlineData("\"-7\"", -7L)]
    public void An_integer_converted_exactly_is_filled_and_its_wire_text_kept(string json, long expected)
    {
        var (value, kept, drift) = Run<long?>(json, BunqJson.ReadInt64);
        Assert.Equal(expected, value);
        Assert.Equal(json, Kept(kept));
        Assert.Contains("read exactly", Assert.Single(drift).Detail);
    }

    [Theory]
    [InlineData("\" 42\"")]
    [InlineData("\"4 2\"")]
    [InlineData("\"0x2A\"")]
    [InlineData("\"42.0\"")]
    public void Integer_strings_that_are_not_plain_integers_are_not_guessed(string json)
    {
        var (value, kept, _) = Run<long?>(json, BunqJson.ReadInt64);
        Assert.Null(value);
        Assert.Equal(json, Kept(kept));
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("3.5")]
    public void A_32_bit_integer_beyond_its_range_or_fractional_is_kept(string json)
    {
        var (value, kept, drift) = Run<int?>(json, BunqJson.ReadInt32);
        Assert.Null(value);
        Assert.Equal(json, Kept(kept));
        Assert.Single(drift);
    }

    [Fact]
    public void A_32_bit_integer_as_declared_reads_without_drift()
    {
        var (value, kept, drift) = Run<int?>("2147483647", BunqJson.ReadInt32);
        Assert.Equal(int.MaxValue, value);
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Theory]
    [InlineData("52.387862883215", "52.387862883215")]
    [InlineData("4.8940624", "4.8940624")]
    [InlineData("0", "0")]
    [InlineData("53.20", "53.20")]
    public void A_decimal_keeps_every_digit(string json, string expected)
    {
        var (value, kept, drift) = Run<decimal?>(json, BunqJson.ReadDecimal);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(expected, value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Fact]
    public void A_decimal_as_a_string_is_read_and_kept()
    {
        var (value, kept, drift) = Run<decimal?>("\"52.3\"", BunqJson.ReadDecimal);
        Assert.Equal(52.3m, value);
        Assert.Equal("\"52.3\"", Kept(kept));
        Assert.Equal(BunqDriftKind.ScalarMismatch, Assert.Single(drift).Kind);
    }

    [Theory]
    [InlineData("12", "12")]
    [InlineData("12.50", "12.50")]
    [InlineData("true", "true")]
    public void A_string_given_a_scalar_reads_its_text_and_keeps_the_JSON_type(string json, string expected)
    {
        var (value, kept, drift) = Run<string?>(json, BunqJson.ReadString);
        Assert.Equal(expected, value);
        Assert.Equal(json, Kept(kept));
        Assert.Equal(BunqDriftKind.ScalarMismatch, Assert.Single(drift).Kind);
    }

    [Fact]
    public void A_string_given_an_object_is_kept_with_the_property_null()
    {
        var (value, kept, drift) = Run<string?>("{\"x\":[1,2]}", BunqJson.ReadString);
        Assert.Null(value);
        Assert.Equal("{\"x\":[1,2]}", Kept(kept));
        Assert.Single(drift);
    }

    [Fact]
    public void A_string_as_declared_reads_without_drift()
    {
        var (value, kept, drift) = Run<string?>("\"Rent \\u0022June\\u0022\"", BunqJson.ReadString);
        Assert.Equal("Rent \"June\"", value);
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Theory]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void A_boolean_converted_exactly_is_filled_and_kept(string json, bool expected)
    {
        var (value, kept, drift) = Run<bool?>(json, BunqJson.ReadBoolean);
        Assert.Equal(expected, value);
        Assert.Equal(json, Kept(kept));
        Assert.Single(drift);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("\"yes\"")]
    [InlineData("\"True\"")]
    public void A_boolean_that_is_not_one_is_kept_and_the_property_null(string json)
    {
        var (value, kept, _) = Run<bool?>(json, BunqJson.ReadBoolean);
        Assert.Null(value);
        Assert.Equal(json, Kept(kept));
    }

    [Fact]
    public void A_timestamp_in_bunq_s_format_reads_without_drift()
    {
        var (value, kept, drift) = Run<DateTimeOffset?>("\"2017-11-09 11:05:42.364451\"", BunqJson.ReadTimestamp);
        Assert.Equal(new DateTimeOffset(2017, 11, 9, 11, 5, 42, TimeSpan.Zero).AddTicks(3644510), value);
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Fact]
    public void A_timestamp_in_another_format_is_read_and_its_text_kept()
    {
        var (value, kept, drift) = Run<DateTimeOffset?>("\"2017-11-09 11:05:42\"", BunqJson.ReadTimestamp);
        Assert.Equal(new DateTimeOffset(2017, 11, 9, 11, 5, 42, TimeSpan.Zero), value);
        Assert.Equal("\"2017-11-09 11:05:42\"", Kept(kept));
        Assert.Single(drift);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("1510225542")]
    public void A_timestamp_that_is_not_one_is_kept_and_the_property_null(string json)
    {
        var (value, kept, drift) = Run<DateTimeOffset?>(json, BunqJson.ReadTimestamp);
        Assert.Null(value);
        Assert.Equal(json, Kept(kept));
        Assert.Single(drift);
    }

    [Fact]
    public void A_scalar_list_with_an_inexact_element_is_kept_whole()
    {
        var (value, kept, drift) = Run<List<long?>?>("[1,2.5,3]", (ref Utf8JsonReader r, ref BunqUnknownFields? k, string m, string f) => BunqJson.ReadList<long?>(ref r, BunqJson.ReadInt64, ref k, m, f));
        Assert.Null(value);
        Assert.Equal("[1,2.5,3]", Kept(kept));
        Assert.Equal(BunqDriftKind.ShapeMismatch, Assert.Single(drift).Kind);
    }

    [Fact]
    public void Numbers_in_a_string_list_keep_the_list_whole()
    {
        var (value, kept, _) = Run<List<string>?>("[\"a\",7]", (ref Utf8JsonReader r, ref BunqUnknownFields? k, string m, string f) => BunqJson.ReadList<string>(ref r, BunqJson.ReadString, ref k, m, f));
        Assert.Null(value);
        Assert.Equal("[\"a\",7]", Kept(kept));
    }

    [Fact]
    public void A_scalar_list_as_declared_reads_every_element()
    {
        var (value, kept, drift) = Run<List<long?>?>("[1,2,3]", (ref Utf8JsonReader r, ref BunqUnknownFields? k, string m, string f) => BunqJson.ReadList<long?>(ref r, BunqJson.ReadInt64, ref k, m, f));
        Assert.Equal(new long?[] { 1, 2, 3 }, value);
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    private const string Euro = "{\"value\":\"1.50\",\"currency\":\"EUR\"}";

    [Fact]
    public void An_object_as_declared_reads_without_drift()
    {
        var (value, kept, drift) = Run<Amount?>(Euro, BunqJson.ReadModel<Amount>);
        Assert.Equal(Amount.Of(1.5m, "EUR"), value);
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Fact]
    public void An_array_of_one_object_where_an_object_is_declared_is_that_object_and_its_shape_is_kept()
    {
        var (value, kept, drift) = Run<Amount?>("[" + Euro + "]", BunqJson.ReadModel<Amount>);
        Assert.Equal(Amount.Of(1.5m, "EUR"), value);
        Assert.Equal("[" + Euro + "]", Kept(kept));
        Assert.Equal(BunqDriftKind.ShapeMismatch, Assert.Single(drift).Kind);
        Assert.Equal("[" + Euro + "]", Write(w => Assert.True(kept!.TryWriteKept(w, "f", value!))));
    }

    [Theory]
    [InlineData("[" + Euro + "," + Euro + "]")]
    [InlineData("[1]")]
    [InlineData("[]")]
    [InlineData("\"1.50 EUR\"")]
    [InlineData("7")]
    public void Anything_else_where_an_object_is_declared_is_kept_with_the_property_null(string json)
    {
        var (value, kept, drift) = Run<Amount?>(json, BunqJson.ReadModel<Amount>);
        Assert.Null(value);
        Assert.Equal(json, Kept(kept));
        Assert.Equal(BunqDriftKind.ShapeMismatch, Assert.Single(drift).Kind);
    }

    [Fact]
    public void An_object_where_a_list_is_declared_is_a_one_item_list_and_its_shape_is_kept()
    {
        var (value, kept, drift) = Run<List<Amount>?>(Euro, BunqJson.ReadModelList<Amount>);
        Assert.Equal(new[] { Amount.Of(1.5m, "EUR") }, value);
        Assert.Equal(Euro, Kept(kept));
        Assert.Equal(BunqDriftKind.ShapeMismatch, Assert.Single(drift).Kind);
        Assert.Equal(Euro, Write(w => Assert.True(kept!.TryWriteKept(w, "f", value!))));
    }

    [Theory]
    [InlineData("[" + Euro + ",null]")]
    [InlineData("[" + Euro + ",3]")]
    [InlineData("\"x\"")]
    public void A_list_with_anything_but_objects_is_kept_whole_never_shortened(string json)
    {
        var (value, kept, drift) = Run<List<Amount>?>(json, BunqJson.ReadModelList<Amount>);
        Assert.Null(value);
        Assert.Equal(json, Kept(kept));
        Assert.Equal(BunqDriftKind.ShapeMismatch, Assert.Single(drift).Kind);
    }

    [Fact]
    public void A_list_of_objects_reads_every_one_without_drift()
    {
        var (value, kept, drift) = Run<List<Amount>?>("[" + Euro + "," + Euro + "]", BunqJson.ReadModelList<Amount>);
        Assert.Equal(2, value!.Count);
        Assert.Null(kept);
        Assert.Empty(drift);
    }

    [Theory]
    [InlineData("{\"value\":\"12.50\",\"currency\":\"EUR\"}", "12.50")]
    [InlineData("{\"value\":12.50,\"currency\":\"EUR\"}", "12.50")]
    [InlineData("{\"currency\":\"EUR\",\"value\":null,\"exchange_rate\":\"1.0872\"}", null)]
    public void Money_keeps_its_exact_text_and_everything_beside_it(string json, string? value)
    {
        var amount = BunqJson.Deserialize<Amount>(Encoding.UTF8.GetBytes(json));
        Assert.Equal(value, amount.Value);
        Assert.Equal("EUR", amount.Currency);
        Emit.JsonAssert.Equal(json, Encoding.UTF8.GetString(BunqJson.Serialize(amount)));
        // Exact, also as JSON text: 12.50 stays 12.50, not 12.5.
        if (value is not null) Assert.Contains("12.50", Encoding.UTF8.GetString(BunqJson.Serialize(amount)), StringComparison.Ordinal);
    }

    [Fact]
    public void Kept_values_are_written_back_only_while_the_property_holds_what_was_read()
    {
        BunqUnknownFields? kept = null;
        var reader = new Utf8JsonReader("\"42\""u8);
        reader.Read();
        BunqUnknownFields.Keep(ref kept, "id", ref reader, declared: true, 42L);
        Assert.Equal("\"42\"", Write(w => Assert.True(kept!.TryWriteKept(w, "id", 42L))));
        Assert.Equal("", Write(w => Assert.False(kept!.TryWriteKept(w, "id", 43L))));
        Assert.Equal("", Write(w => Assert.False(kept!.TryWriteKept(w, "other", 42L))));
        // A declared field whose property was filled is not written again by WriteKept or WriteUndeclared.
        Assert.Equal("{}", Write(w =>
        {
            w.WriteStartObject();
            kept!.WriteKept(w, "id");
            kept.WriteUndeclared(w);
            w.WriteEndObject();
        }));
    }

    [Fact]
    public void The_typed_accessors_read_kept_values_exactly()
    {
        BunqUnknownFields? kept = null;
        var reader = new Utf8JsonReader("52.387862883215"u8);
        reader.Read();
        BunqUnknownFields.Keep(ref kept, "latitude", ref reader, declared: true, null);
        Assert.True(kept!.TryGetDecimal("latitude", out var latitude));
        Assert.Equal(52.387862883215m, latitude);
        Assert.True(kept.TryGetString("latitude", out var text));
        Assert.Equal("52.387862883215", text);
        Assert.False(kept.TryGetDecimal("longitude", out _));
        Assert.Equal("{\"latitude\":52.387862883215}", Write(w =>
        {
            w.WriteStartObject();
            kept.WriteKept(w, "latitude");
            kept.WriteUndeclared(w);
            w.WriteEndObject();
        }));
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true })) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
