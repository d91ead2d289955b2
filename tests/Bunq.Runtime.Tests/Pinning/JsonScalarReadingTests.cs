using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests.Pinning;

/// <summary>
/// The lenient readers: what bunq sent in place of the declared JSON type reads when it converts exactly, and as null
/// (the value skipped) when it does not; never as a different value.
/// </summary>
public sealed class JsonScalarReadingTests
{
    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("12.50", "12.50")]
    [InlineData("1e3", "1e3")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", null)]
    [InlineData("{\"a\":\"b\"}", null)]
    [InlineData("[\"a\"]", null)]
    public void A_string_reads_from_strings_numbers_as_written_and_booleans(string json, string? expected)
    {
        Assert.Equal(expected, JsonProbe.Read(json, BunqJson.ReadString));
    }

    [Fact]
    public void A_number_split_across_buffers_reads_as_its_whole_text()
    {
        var sequence = Segments("[123", "45.678", "9]");
        var reader = new Utf8JsonReader(sequence);
        reader.Read();
        reader.Read();

        Assert.True(reader.HasValueSequence);
        Assert.Equal("12345.6789", BunqJson.ReadString(ref reader));
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-42", -42L)]
    [InlineData("53.0", 53L)]
    [InlineData("1e3", 1000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("9223372036854775807.0", long.MaxValue)]
    [InlineData("-9223372036854775808.0", long.MinValue)]
    [InlineData("9223372036854775808", null)]
    [InlineData("-9223372036854775809.0", null)]
    [InlineData("1.5", null)]
    [InlineData("\"42\"", 42L)]
    [InlineData("\"-42\"", -42L)]
    [InlineData("\"4.2\"", null)]
    [InlineData("\"x\"", null)]
    [InlineData("true", null)]
    [InlineData("null", null)]
    [InlineData("{\"id\":1}", null)]
    public void An_integer_reads_only_when_it_is_exactly_one(string json, long? expected)
    {
        Assert.Equal(expected, JsonProbe.Read(json, BunqJson.ReadInt64));
    }

    [Theory]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData("\"7\"", 7)]
    [InlineData("2147483648", null)]
    [InlineData("-2147483649", null)]
    [InlineData("[1]", null)]
    public void A_32_bit_integer_reads_only_within_its_range(string json, int? expected)
    {
        Assert.Equal(expected, JsonProbe.Read(json, BunqJson.ReadInt32));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("\"1.5\"", 1.5)]
    [InlineData("\"-1e3\"", -1000.0)]
    [InlineData("\"x\"", null)]
    [InlineData("1e400", null)]
    [InlineData("\"-1e400\"", null)]
    [InlineData("\"Infinity\"", null)]
    [InlineData("\"NaN\"", null)]
    [InlineData("true", null)]
    [InlineData("{\"v\":1}", null)]
    public void A_double_reads_from_finite_numbers_and_numeric_text(string json, double? expected)
    {
        Assert.Equal(expected, JsonProbe.Read(json, BunqJson.ReadDouble));
    }

    [Theory]
    [InlineData("12.345", "12.345")]
    [InlineData("\"12.345\"", "12.345")]
    [InlineData("\"-1.5\"", "-1.5")]
    [InlineData("\"1e3\"", null)]
    [InlineData("\"1,000\"", null)]
    [InlineData("\" 1\"", null)]
    [InlineData("1e30", null)]
    [InlineData("false", null)]
    [InlineData("[1.5]", null)]
    public void A_decimal_reads_from_plain_numbers_and_plain_numeric_text(string json, string? expected)
    {
        Assert.Equal(expected is null ? null : decimal.Parse(expected, CultureInfo.InvariantCulture), JsonProbe.Read(json, BunqJson.ReadDecimal));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"True\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("\"yes\"", null)]
    [InlineData("0", false)]
    [InlineData("2", true)]
    [InlineData("1.5", null)]
    [InlineData("null", null)]
    [InlineData("{\"b\":true}", null)]
    public void A_boolean_reads_from_booleans_their_text_and_integers(string json, bool? expected)
    {
        Assert.Equal(expected, JsonProbe.Read(json, BunqJson.ReadBoolean));
    }

    [Theory]
    [InlineData("2026-01-02 03:04:05.123456", "2026-01-02T03:04:05.1234560Z")]
    [InlineData("2026-01-02 03:04:05", "2026-01-02T03:04:05.0000000Z")]
    [InlineData("2026-01-02 03:04:05.1234567", "2026-01-02T03:04:05.1234567Z")]
    [InlineData("2026-01-02 03:04:05.5", "2026-01-02T03:04:05.5000000Z")]
    [InlineData("2026-01-02", "2026-01-02T00:00:00.0000000Z")]
    [InlineData("2026-01-02T03:04:05.5+02:00", "2026-01-02T01:04:05.5000000Z")]
    [InlineData("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.0000000Z")]
    public void Timestamps_in_bunqs_formats_read_as_utc(string text, string expected)
    {
        var value = BunqJson.ParseTimestamp(text);

        Assert.Equal(expected, value!.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, value.Value.Offset);
        Assert.Equal(value, JsonProbe.Read("\"" + text + "\"", BunqJson.ReadTimestamp));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("02-01-2026")]
    public void Text_that_is_not_a_timestamp_reads_as_null(string? text)
    {
        Assert.Null(BunqJson.ParseTimestamp(text));
    }

    [Fact]
    public void A_timestamp_is_written_in_utc_with_six_decimals()
    {
        var value = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);

        Assert.Equal("2026-01-02 01:04:05.123456", BunqJson.FormatTimestamp(value));
        Assert.Equal("\"2026-01-02 01:04:05.123456\"", JsonProbe.Write(w => BunqJson.WriteTimestamp(w, value)));
        Assert.Equal("12.50", JsonProbe.Write(w => BunqJson.WriteDecimal(w, 12.50m)));
    }

    [Fact]
    public void An_element_is_kept_detached_and_null_reads_as_none()
    {
        var element = JsonProbe.Read("""{"a":[1,{"b":null}]}""", BunqJson.ReadElement);

        Assert.Equal("""{"a":[1,{"b":null}]}""", element!.Value.GetRawText());
        Assert.Null(JsonProbe.Read("null", BunqJson.ReadElement));
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("\"a\"", "a")]
    [InlineData("3", "3")]
    [InlineData("{\"x\":1}", "")]
    [InlineData("[\"a\",1,null,{\"x\":[\"no\"]},true]", "a|1|true")]
    [InlineData("[]", "")]
    public void A_string_list_takes_a_lone_value_and_drops_what_is_not_text(string json, string? expected)
    {
        var list = JsonProbe.Read(json, BunqJson.ReadStringList);

        Assert.Equal(expected, list is null ? null : string.Join("|", list));
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("1", "1")]
    [InlineData("[1,{\"a\":[2]},null,\"s\"]", "1|{\"a\":[2]}|\"s\"")]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    public void An_element_list_keeps_every_value_but_nulls(string json, string? expected)
    {
        var list = JsonProbe.Read(json, BunqJson.ReadElementList);

        Assert.Equal(expected, list is null ? null : string.Join("|", list.Select(e => e.GetRawText())));
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("{\"id\":1}", 1L)]
    [InlineData("[1,{\"id\":2},{\"id\":3}]", 2L)]
    [InlineData("[]", null)]
    [InlineData("\"x\"", null)]
    public void A_model_reads_from_an_object_or_the_first_object_of_an_array(string json, long? expected)
    {
        var model = JsonProbe.Read(json, BunqJson.ReadModel<ProbeItem>);

        Assert.Equal(expected, model?.Id);
        Assert.Equal(expected is null, model is null);
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("{\"id\":1}", "1")]
    [InlineData("[{\"id\":1},2,[{\"id\":9}],{\"id\":3}]", "1|3")]
    [InlineData("[]", "")]
    [InlineData("7", null)]
    public void A_model_list_reads_objects_and_a_lone_object_as_one_item(string json, string? expected)
    {
        var list = JsonProbe.Read(json, BunqJson.ReadModelList<ProbeItem>);

        Assert.Equal(expected, list is null ? null : string.Join("|", list.Select(i => i.Id)));
    }

    [Fact]
    public void A_model_serialises_to_the_bytes_it_writes_and_deserialises_back()
    {
        var item = BunqJson.Deserialize<ProbeItem>("""{"id":5,"name":"n","extra":[1]}"""u8);

        Assert.Equal("""{"id":5,"name":"n","extra":[1]}""", Encoding.UTF8.GetString(BunqJson.Serialize(item)));
        Assert.Equal("""[{"id":5,"name":"n","extra":[1]}]""", JsonProbe.Write(w => BunqJson.WriteModelList(w, new[] { item })));
    }

    [Theory]
    [InlineData("", "The JSON is empty.")]
    [InlineData(" \r\n\t", "The JSON is empty.")]
    [InlineData("{\"id\":", "The JSON is not valid.")]
    [InlineData("}", "The JSON is not valid.")]
    [InlineData("{\"strict\":5}", "The JSON has an unexpected shape.")]
    public void Deserialising_what_is_not_a_model_is_a_format_error(string json, string message)
    {
        var error = Assert.Throws<BunqResponseFormatException>(() => BunqJson.Deserialize<ProbeItem>(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Deserialising_reads_deeper_than_the_default_limit()
    {
        var json = "{\"extra\":" + new string('[', 100) + new string(']', 100) + "}";

        var item = BunqJson.Deserialize<ProbeItem>(Encoding.UTF8.GetBytes(json));

        Assert.Equal(1, item.UnknownFields!.Count);
    }

    private static ReadOnlySequence<byte> Segments(params string[] parts)
    {
        Segment? first = null, last = null;
        foreach (var part in parts)
        {
            var next = new Segment(Encoding.UTF8.GetBytes(part), last);
            first ??= next;
            last = next;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, Segment? previous)
        {
            Memory = bytes;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
