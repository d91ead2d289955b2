using System.Text;

namespace Bunq.Runtime.Tests.Pinning;

/// <summary>bunq's <c>{"Error":[…]}</c> envelope read into descriptions, and each status into its own exception and message.</summary>
public sealed class ErrorEnvelopeTests
{
    private static IReadOnlyList<BunqError> Parse(string body) => BunqErrors.Parse(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Each_error_gives_its_description_and_translation()
    {
        var errors = Parse("""{"Error":[{"error_description_translated":"t1","error_description":"d1"},{"error_description":"d2"}]}""");

        Assert.Equal(new[] { new BunqError("d1", "t1"), new BunqError("d2", null) }, errors);
    }

    [Fact]
    public void Fields_beside_the_descriptions_and_keys_beside_error_are_skipped()
    {
        var errors = Parse("""
            {"Meta":{"Error":[{"error_description":"nested"}]},"Other":[{"error_description":"other"}],"n":1,
             "Error":[{"code":{"x":[1]},"error_description":"d","more":[{"error_description":"deep"}],"error_description_translated":"t"}]}
            """);

        Assert.Equal(new[] { new BunqError("d", "t") }, errors);
    }

    [Fact]
    public void Items_of_the_error_list_that_are_not_objects_are_skipped()
    {
        var errors = Parse("""{"Error":["text",[{"error_description":"in a list"}],3,{"error_description":"d"}]}""");

        Assert.Equal(new[] { new BunqError("d", null) }, errors);
    }

    [Fact]
    public void Descriptions_that_are_numbers_read_as_their_text()
    {
        Assert.Equal(new[] { new BunqError("42", null) }, Parse("""{"Error":[{"error_description":42}]}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[{\"Error\":[{\"error_description\":\"d\"}]}]")]
    [InlineData("{\"Error\":{\"error_description\":\"d\"}}")]
    [InlineData("{\"Error\":[{\"error_description\":\"d\"}],")]
    [InlineData("{\"Error\":[{\"error_description\":\"d\"},{\"error_description\":")]
    [InlineData("<html>502</html>")]
    public void A_body_that_is_not_an_error_envelope_gives_no_errors(string body)
    {
        Assert.Empty(Parse(body));
    }

    [Fact]
    public void A_description_that_is_not_utf8_gives_no_errors()
    {
        var body = Encoding.UTF8.GetBytes("""{"Error":[{"error_description":"ok"},{"error_description":"X"}]}""");
        body[Array.LastIndexOf(body, (byte)'X')] = 0xFF;

        Assert.Empty(BunqErrors.Parse(body));
    }

    [Theory]
    [InlineData(400, typeof(BunqBadRequestException), "Bad Request")]
    [InlineData(401, typeof(BunqUnauthorizedException), "Unauthorised")]
    [InlineData(403, typeof(BunqForbiddenException), "Forbidden")]
    [InlineData(404, typeof(BunqNotFoundException), "Not Found")]
    [InlineData(405, typeof(BunqMethodNotAllowedException), "Method Not Allowed")]
    [InlineData(429, typeof(BunqTooManyRequestsException), "Rate Limit")]
    [InlineData(466, typeof(BunqSignatureRequiredException), "Request Signature Required")]
    [InlineData(490, typeof(BunqUserErrorException), "User Error")]
    [InlineData(491, typeof(BunqMaintenanceException), "Maintenance")]
    [InlineData(500, typeof(BunqServerErrorException), "Internal Server Error")]
    [InlineData(418, typeof(BunqApiException), "Error")]
    [InlineData(503, typeof(BunqApiException), "Error")]
    public void Each_status_becomes_its_exception_with_bunqs_reason_and_descriptions(int status, Type type, string reason)
    {
        var exception = BunqErrors.Create(status, Encoding.UTF8.GetBytes("""{"Error":[{"error_description":"first"},{"error_description":" "},{"error_description":"second"}]}"""), "resp-1");

        Assert.Equal(type, exception.GetType());
        Assert.Equal(status, exception.StatusCode);
        Assert.Equal("resp-1", exception.ResponseId);
        Assert.Equal(3, exception.Errors.Count);
        Assert.Equal($"bunq answered {status} ({reason}): first second (bunq response id resp-1)", exception.Message);
    }

    [Fact]
    public void An_answer_without_descriptions_or_response_id_says_so()
    {
        var exception = BunqErrors.Create(404, ReadOnlySpan<byte>.Empty, null);

        Assert.Equal("bunq answered 404 (Not Found) without an error description.", exception.Message);
        Assert.Null(exception.ResponseId);
        Assert.Empty(exception.Errors);
    }

    [Fact]
    public void Control_characters_in_a_description_do_not_reach_the_message()
    {
        var exception = BunqErrors.Create(400, Encoding.UTF8.GetBytes("""{"Error":[{"error_description":"a\nforged: line\u001b[31m"}]}"""), null);

        Assert.Equal("bunq answered 400 (Bad Request): a?forged: line?[31m", exception.Message);
    }

    [Fact]
    public void A_rate_limit_carries_bunqs_retry_after()
    {
        var exception = Assert.IsType<BunqTooManyRequestsException>(BunqErrors.Create(429, ReadOnlySpan<byte>.Empty, "r", TimeSpan.FromSeconds(3)));

        Assert.Equal(TimeSpan.FromSeconds(3), exception.RetryAfter);
    }

    [Theory]
    [InlineData("Insufficient authorisation.", true)]
    [InlineData("insufficient AUTHORIZATION", true)]
    [InlineData("Insufficient authentication", true)]
    [InlineData("Insufficient funds", false)]
    [InlineData(null, false)]
    public void Only_a_401_with_bunqs_session_text_means_the_session_is_gone(string? description, bool gone)
    {
        var errors = new[] { new BunqError("something else", null), new BunqError(description, null) };

        Assert.Equal(gone, BunqErrors.IsSessionGone(new BunqUnauthorizedException("m", null, errors)));
        Assert.False(BunqErrors.IsSessionGone(new BunqApiException(403, "m", null, errors)));
    }

    [Fact]
    public void Asking_whether_no_exception_means_a_gone_session_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => BunqErrors.IsSessionGone(null!));
    }
}
