using System.Text;

namespace Bunq.Runtime.Tests;

public sealed class CallbackTests
{
    [Fact]
    public void A_notification_url_body_gives_category_event_type_object_type_and_raw_object()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"NotificationUrl":{"target_url":"https://my.app/bunq","category":"PAYMENT","event_type":"PAYMENT_CREATED",
             "object":{"Payment":{"id":1234,"amount":{"value":"-9.99","currency":"EUR"},"description":"Café"}}}}
            """);
        var callback = BunqCallback.Parse(body);
        Assert.Equal("https://my.app/bunq", callback.TargetUrl);
        Assert.Equal("PAYMENT", callback.Category);
        Assert.Equal("PAYMENT_CREATED", callback.EventType);
        Assert.Equal("Payment", callback.ObjectType);
        Assert.StartsWith("{\"id\":1234", Encoding.UTF8.GetString(callback.ObjectJson.Span));
        var payment = callback.ReadObject<TestPayment>();
        Assert.Equal(1234, payment.Id);
        Assert.Equal("Café", payment.Description);
        Assert.Equal("-9.99", payment.Amount!.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"Response\":[]}")]
    [InlineData("{\"NotificationUrl\":{\"category\":")]
    public void Bodies_that_are_not_callbacks_are_format_errors(string body)
    {
        Assert.Throws<BunqResponseFormatException>(() => BunqCallback.Parse(Encoding.UTF8.GetBytes(body)));
    }
}
