namespace Bunq.Runtime.Tests;

public sealed class ErrorTests
{
    [Theory]
    [InlineData(400, typeof(BunqBadRequestException))]
    [InlineData(401, typeof(BunqUnauthorizedException))]
    [InlineData(403, typeof(BunqForbiddenException))]
    [InlineData(404, typeof(BunqNotFoundException))]
    [InlineData(405, typeof(BunqMethodNotAllowedException))]
    [InlineData(429, typeof(BunqTooManyRequestsException))]
    [InlineData(466, typeof(BunqSignatureRequiredException))]
    [InlineData(490, typeof(BunqUserErrorException))]
    [InlineData(491, typeof(BunqMaintenanceException))]
    [InlineData(500, typeof(BunqServerErrorException))]
    [InlineData(418, typeof(BunqApiException))]
    [InlineData(503, typeof(BunqApiException))]
    public async Task Each_status_throws_its_own_exception_with_bunqs_descriptions(int status, Type expected)
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        var options = Fixtures.Options();
        options.MaxRetries = 0;
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), options);
        bunq.Route = _ => StubAnswer.Error(status, "Something is wrong.", "Er is iets mis.");

        var ex = await Assert.ThrowsAnyAsync<BunqApiException>(() => client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42/monetary-account"), default));

        Assert.Equal(expected, ex.GetType());
        Assert.Equal(status, ex.StatusCode);
        Assert.StartsWith("resp-", ex.ResponseId);
        var error = Assert.Single(ex.Errors);
        Assert.Equal("Something is wrong.", error.Description);
        Assert.Equal("Er is iets mis.", error.DescriptionTranslated);
        Assert.Contains("Something is wrong.", ex.Message);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"Error\":")]
    [InlineData("{\"Response\":[]}")]
    public void Non_json_empty_and_odd_error_bodies_give_no_descriptions_but_still_a_typed_error(string body)
    {
        var ex = BunqErrors.Create(500, System.Text.Encoding.UTF8.GetBytes(body), "r-1");
        Assert.IsType<BunqServerErrorException>(ex);
        Assert.Empty(ex.Errors);
        Assert.Contains("without an error description", ex.Message);
        Assert.Equal("r-1", ex.ResponseId);
    }

    [Fact]
    public void Several_errors_are_all_kept()
    {
        var body = """{"Error":[{"error_description":"A","error_description_translated":"a"},{"error_description":"B","error_description_translated":"b"}]}"""u8;
        var ex = BunqErrors.Create(400, body, null);
        Assert.Equal(new[] { "A", "B" }, ex.Errors.Select(e => e.Description));
        Assert.Equal(new[] { "a", "b" }, ex.Errors.Select(e => e.DescriptionTranslated));
    }

    [Theory]
    [InlineData("Insufficient authorisation.", true)]
    [InlineData("Insufficient authentication.", true)]
    [InlineData("The request signature is invalid.", false)]
    public void Only_bunqs_session_gone_texts_count_as_an_expired_session(string description, bool gone)
    {
        var ex = BunqErrors.Create(401, System.Text.Encoding.UTF8.GetBytes($$"""{"Error":[{"error_description":"{{description}}","error_description_translated":""}]}"""), null);
        Assert.Equal(gone, BunqErrors.IsSessionGone(ex));
    }
}
