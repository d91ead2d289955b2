using System.Text;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests.Pinning;

/// <summary>
/// <c>{"Response":[{"Key":{…}}],"Pagination":{…}}</c>: the element asked for is found under its key, an alias or, failing
/// both, any key (and reported); an answer that is not the envelope is a format error that names bunq's response id.
/// </summary>
public sealed class EnvelopeReadingTests
{
    private static BunqResponse Answer(string json, string? responseId = "resp-1")
        => new(200, Encoding.UTF8.GetBytes(json), "application/json", responseId);

    private static T Read<T>(Func<BunqResponse, T> read, string json, out List<BunqDriftEvent> drift, string? responseId = "resp-1")
    {
        var events = new List<BunqDriftEvent>();
        var response = new BunqResponse(200, Encoding.UTF8.GetBytes(json), "application/json", responseId)
        {
            OperationId = "Op",
            Drift = new BunqDriftReporter(events.Add, null),
        };
        try
        {
            return read(response);
        }
        finally
        {
            drift = events;
        }
    }

    [Theory]
    [InlineData("""{"Response":[{"Id":{"id":42}}]}""", 42L)]
    [InlineData("""{"Response":[{"Id":{"id":"-42"}}]}""", -42L)]
    [InlineData("""{"Response":[{"Other":{"id":1}},{"Id":7},{"Id":{"id":42}},{"Id":{"id":43}}]}""", 42L)]
    public void The_id_is_the_first_id_elements_id(string json, long expected)
    {
        Assert.Equal(expected, Read(BunqEnvelope.ReadId, json, out var drift));
        Assert.Empty(drift);
    }

    [Fact]
    public void Fields_beside_the_id_are_reported_not_returned()
    {
        var id = Read(BunqEnvelope.ReadId, """{"Response":[{"Id":{"created":{"id":9},"id":3,"updated":"x"}}]}""", out var drift);

        Assert.Equal(3, id);
        Assert.Equal(new[] { "Id.created", "Id.updated" }, drift.Select(d => d.Field));
        Assert.All(drift, d => Assert.Equal(BunqDriftKind.UnknownField, d.Kind));
        Assert.Equal("a field beside the id the call returns; not returned", drift[0].Detail);
        Assert.Equal("Op", drift[0].OperationId);
    }

    [Fact]
    public void An_id_that_is_not_an_integer_is_a_format_error_and_reported()
    {
        var error = Assert.Throws<BunqResponseFormatException>(() => Read(BunqEnvelope.ReadId, """{"Response":[{"Id":{"id":"4f8b-uuid"}}]}""", out _));

        Assert.Equal("The answer's Id is not an integer (bunq sent text, e.g. a uuid, where this operation's id is numeric). (bunq response id resp-1)", error.Message);
        Assert.Equal("resp-1", error.ResponseId);
        var events = new List<BunqDriftEvent>();
        Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadId(new BunqResponse(200, """{"Response":[{"Id":{"id":"u"}}]}"""u8.ToArray(), null, null)
        {
            Drift = new BunqDriftReporter(events.Add, null),
        }));
        var report = Assert.Single(events);
        Assert.Equal((BunqDriftKind.ScalarMismatch, "Id.id"), (report.Kind, report.Field));
    }

    [Fact]
    public void An_answer_without_an_id_says_which_element_is_missing()
    {
        var error = Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadId(Answer("""{"Response":[{"Uuid":{"uuid":"x"}}]}""", responseId: null)));

        Assert.Equal("The answer has no \"Id\" element.", error.Message);
        Assert.Null(error.ResponseId);
    }

    [Fact]
    public void A_uuid_is_read_from_its_element_and_an_id_element_stands_in_for_it_with_a_report()
    {
        Assert.Equal("u-1", Read(BunqEnvelope.ReadUuid, """{"Response":[{"Id":{"id":"i-1"}},{"Uuid":{"uuid":"u-1"}}]}""", out var none));
        Assert.Empty(none);

        Assert.Equal("i-1", Read(BunqEnvelope.ReadUuid, """{"Response":[{"Id":{"id":"i-1"}}]}""", out var drift));
        var report = Assert.Single(drift);
        Assert.Equal((BunqDriftKind.AliasKey, "Id"), (report.Kind, report.Field));

        var error = Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadUuid(Answer("""{"Response":[]}""")));
        Assert.Equal("The answer has no \"Uuid\" element. (bunq response id resp-1)", error.Message);
    }

    [Fact]
    public void An_object_under_its_own_key_wins_over_aliases_and_other_keys_and_is_not_reported()
    {
        var item = Read(r => BunqEnvelope.ReadObject<ProbeItem>(r, "Payment", "PaymentAlias"),
            """{"Response":[{"Other":{"id":1}},{"Payment":5},{"Payment":{"id":2}},{"PaymentAlias":{"id":3}},{"Payment":{"id":4}}]}""", out var drift);

        Assert.Equal(2, item.Id);
        Assert.Empty(drift);
    }

    [Fact]
    public void An_object_under_an_alias_is_read_and_reported()
    {
        var item = Read(r => BunqEnvelope.ReadObject<ProbeItem>(r, "Payment", "PaymentAlias", "Other"),
            """{"Response":[{"PaymentAlias":{"id":3}},{"Unlisted":{"id":9}}]}""", out var drift);

        Assert.Equal(3, item.Id);
        var report = Assert.Single(drift);
        Assert.Equal((BunqDriftKind.AliasKey, "PaymentAlias"), (report.Kind, report.Field));
        Assert.Equal("an element under \"PaymentAlias\", which the conventions table lists for \"Payment\"", report.Detail);
    }

    [Fact]
    public void An_object_under_an_unlisted_key_is_read_rather_than_lost_and_says_how_well_it_fits()
    {
        var item = Read(r => BunqEnvelope.ReadObject<ProbeItem>(r, "Payment"),
            """{"Response":[{"Transfer":{"id":6,"a":1,"b":2}},{"Later":{"id":7}}]}""", out var drift);

        Assert.Equal(6, item.Id);
        var report = Assert.Single(drift, d => d.Kind == BunqDriftKind.UnexpectedKey);
        Assert.Equal("Transfer", report.Field);
        Assert.Equal("an element under \"Transfer\" where \"Payment\" is expected; read as ProbeItem (1 of 3 fields known: it does not fit, check it is the same object type)", report.Detail);
    }

    [Theory]
    [InlineData("""{"id":6,"name":"n","a":1}""", "(2 of 3 fields known)")]
    [InlineData("""{"id":6,"a":1}""", "(1 of 2 fields known)")]
    [InlineData("""{}""", "(0 of 0 fields known)")]
    public void An_element_under_an_unlisted_key_that_mostly_fits_is_not_called_a_misfit(string element, string fit)
    {
        Read(r => BunqEnvelope.ReadObject<ProbeItem>(r, "Payment"), "{\"Response\":[{\"Transfer\":" + element + "}]}", out var drift);

        Assert.EndsWith(fit, Assert.Single(drift, d => d.Kind == BunqDriftKind.UnexpectedKey).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_without_the_object_is_a_format_error_and_reported_as_missing()
    {
        var error = Assert.Throws<BunqResponseFormatException>(() => Read(r => BunqEnvelope.ReadObject<ProbeItem>(r, "Payment"), """{"Response":[{"Payment":[1]}]}""", out _));
        Assert.Equal("The answer has no \"Payment\" element. (bunq response id resp-1)", error.Message);

        var events = new List<BunqDriftEvent>();
        Assert.ThrowsAny<BunqException>(() => BunqEnvelope.ReadObject<ProbeItem>(new BunqResponse(200, """{"Response":[]}"""u8.ToArray(), null, null) { Drift = new BunqDriftReporter(events.Add, null) }, "Payment"));
        Assert.Equal((BunqDriftKind.MissingElement, "Payment"), (Assert.Single(events).Kind, events[0].Field));
    }

    [Fact]
    public void A_list_reads_every_object_element_whatever_its_key_and_reports_the_odd_ones()
    {
        var page = Read(r => BunqEnvelope.ReadList<ProbeItem>(r, "Payment", "PaymentAlias"), """
            {"Response":[{"Payment":{"id":1}},{"PaymentAlias":{"id":2}},{"Transfer":{"id":3}},{"Payment":"x"},{"Payment":{"id":4}}],
             "Pagination":{"older_url":"/v1/p?older_id=1","newer_url":null,"future_url":null}}
            """, out var drift);

        Assert.Equal(new long?[] { 1, 2, 3, 4 }, page.Items.Select(i => i.Id));
        Assert.Equal("resp-1", page.ResponseId);
        Assert.Equal(1, page.Pagination.Older!.OlderId);
        Assert.Equal(new[] { (BunqDriftKind.AliasKey, "PaymentAlias"), (BunqDriftKind.UnexpectedKey, "Transfer"), (BunqDriftKind.ShapeMismatch, "Payment") }, drift.Select(d => (d.Kind, d.Field)));
        Assert.Equal("an element under \"PaymentAlias\", which the conventions table lists for \"Payment\"", drift[0].Detail);
        Assert.Equal("an element that is not an object (String); nothing to read", drift[2].Detail);
    }

    [Fact]
    public void A_list_without_pagination_has_none()
    {
        var page = BunqEnvelope.ReadList<ProbeItem>(Answer("""{"Response":[]}"""), "Payment");

        Assert.Empty(page.Items);
        Assert.Same(Pagination.None, page.Pagination);
    }

    [Fact]
    public void A_union_list_hands_each_element_to_the_union_and_reads_the_pagination()
    {
        var page = BunqEnvelope.ReadUnionList<TestMonetaryAccount>(Answer("""
            {"Extra":{"Response":[{"X":{"id":99}}]},"Response":[{"MonetaryAccountBank":{"id":1}},7,{"MonetaryAccountSavings":{"id":2}}],
             "Pagination":{"older_url":"/v1/p?older_id=2","newer_url":null,"future_url":null},"After":[1]}
            """));

        Assert.Equal(new[] { "MonetaryAccountBank", "MonetaryAccountSavings" }, page.Items.Select(a => a.Kind));
        Assert.Equal(2, page.Pagination.Older!.OlderId);
        Assert.Equal("resp-1", page.ResponseId);
    }

    [Fact]
    public void A_union_is_the_first_element_and_an_empty_answer_is_a_format_error()
    {
        Assert.Equal(5, BunqEnvelope.ReadUnion<TestMonetaryAccount>(Answer("""{"Response":[{"A":{"id":5}},{"B":{"id":6}}]}""")).Id);

        var error = Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadUnion<TestMonetaryAccount>(Answer("""{"Response":[]}""")));
        Assert.Equal("The answer has no \"TestMonetaryAccount\" element. (bunq response id resp-1)", error.Message);
    }

    [Theory]
    [InlineData("", "The answer is not valid JSON.")]
    [InlineData("[]", "The answer is not a JSON object.")]
    [InlineData("{\"Response\":{}}", "\"Response\" is not an array.")]
    [InlineData("{\"Response\":[{\"MonetaryAccountBank\":", "The answer is not valid JSON.")]
    [InlineData("{\"Response\":[{\"MonetaryAccountBank\":{\"id\":1}}],\"Pagination\":{\"older_url\":\"o\"}", "The answer is not valid JSON.")]
    public void A_union_list_that_is_not_the_envelope_is_a_format_error(string json, string message)
    {
        var error = Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadUnionList<TestMonetaryAccount>(Answer(json, responseId: null)));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("", "The answer is not valid JSON.")]
    [InlineData("\"Response\"", "The answer is not a JSON object.")]
    [InlineData("{}", "The answer has no \"Response\" array.")]
    [InlineData("{\"Pagination\":{},\"Other\":[1]}", "The answer has no \"Response\" array.")]
    [InlineData("{\"Response\":5}", "\"Response\" is not an array.")]
    [InlineData("{\"Response\":[{\"Payment\":{\"id\":1}}", "The answer is not valid JSON.")]
    [InlineData("{\"Response\":[{\"Payment\":{\"strict\":5}}]}", "The answer has an unexpected JSON shape.")]
    public void An_answer_that_is_not_the_envelope_is_a_format_error(string json, string message)
    {
        var error = Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadList<ProbeItem>(Answer(json, responseId: null), "Payment"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_union_list_names_an_unexpected_shape_too()
    {
        var error = Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadUnionList<ProbeItem>(Answer("""{"Response":[{"strict":5}]}""", responseId: null)));

        Assert.Equal("The answer has an unexpected JSON shape.", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Envelope_elements_and_pagination_before_or_after_the_response_are_all_read()
    {
        var page = BunqEnvelope.ReadList<ProbeItem>(Answer("""
            {"Pagination":{"older_url":"/v1/p?older_id=8"},"Meta":{"Response":[{"Payment":{"id":99}}]},"Response":[{"Payment":{"id":1},"Payment2":{"id":2}}]}
            """), "Payment", "Payment2");

        Assert.Equal(new long?[] { 1, 2 }, page.Items.Select(i => i.Id));
        Assert.Equal(8, page.Pagination.Older!.OlderId);
    }

    [Fact]
    public void A_multi_part_answer_reads_the_parts_it_knows_and_skips_the_rest()
    {
        var result = BunqEnvelope.ReadMulti<ProbeMulti>(Answer("""
            {"Response":[{"Surprise":{"id":1,"name":"no"}},{"Id":{"id":9}},{"More":[{"Token":{"name":"no"}}]},{"Token":{"name":"tok"}},{"Tail":7}]}
            """));

        Assert.Equal(9, result.Id);
        Assert.Equal("tok", result.Token);
    }

    [Fact]
    public void Envelopes_deeper_than_the_default_limit_still_read()
    {
        var deep = new string('[', 80) + new string(']', 80);
        var page = BunqEnvelope.ReadList<ProbeItem>(Answer("{\"Response\":[{\"Payment\":{\"id\":1,\"x\":" + deep + "}}]}"), "Payment");

        Assert.Equal(1, Assert.Single(page.Items).Id);
        Assert.Equal(1, BunqEnvelope.ReadUnionList<TestMonetaryAccount>(Answer("{\"Response\":[{\"A\":{\"id\":1,\"x\":" + deep + "}}]}")).Items[0].Id);
    }
}
