using System.Text.Json;

namespace Bunq.Runtime;

/// <summary>Turns an error answer into the exception type for its status.</summary>
public static class BunqErrors
{
    /// <summary>Reads <c>{"Error":[{"error_description":…,"error_description_translated":…}]}</c>; anything else gives an empty list.</summary>
    public static IReadOnlyList<BunqError> Parse(ReadOnlySpan<byte> body)
    {
        var errors = new List<BunqError>();
        if (body.IsEmpty) return errors;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return errors;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isError = reader.ValueTextEquals("Error"u8);
                reader.Read();
                if (!isError || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    string? description = null, translated = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var which = reader.ValueTextEquals("error_description"u8) ? 1 : reader.ValueTextEquals("error_description_translated"u8) ? 2 : 0;
                        reader.Read();
                        if (which == 1) description = Json.BunqJson.ReadString(ref reader);
                        else if (which == 2) translated = Json.BunqJson.ReadString(ref reader);
                        else reader.Skip();
                    }
                    errors.Add(new BunqError(description, translated));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A proxy's HTML page or a truncated body: the status alone has to tell the story. InvalidOperationException:
            // a description that is not valid UTF-8 (found by the hostile-answer tests; it escaped as itself before).
            errors.Clear();
        }
        return errors;
    }

    /// <summary>The exception for one error answer: a subclass per status bunq documents, <see cref="BunqApiException"/> otherwise.</summary>
    public static BunqApiException Create(int statusCode, ReadOnlySpan<byte> body, string? responseId, TimeSpan? retryAfter = null)
    {
        var errors = Parse(body);
        var message = Message(statusCode, errors, responseId);
        return statusCode switch
        {
            400 => new BunqBadRequestException(message, responseId, errors),
            401 => new BunqUnauthorizedException(message, responseId, errors),
            403 => new BunqForbiddenException(message, responseId, errors),
            404 => new BunqNotFoundException(message, responseId, errors),
            405 => new BunqMethodNotAllowedException(message, responseId, errors),
            429 => new BunqTooManyRequestsException(message, responseId, errors, retryAfter),
            466 => new BunqSignatureRequiredException(message, responseId, errors),
            490 => new BunqUserErrorException(message, responseId, errors),
            491 => new BunqMaintenanceException(message, responseId, errors),
            500 => new BunqServerErrorException(message, responseId, errors),
            _ => new BunqApiException(statusCode, message, responseId, errors),
        };
    }

    /// <summary>bunq's way of saying the session token is no longer valid.</summary>
    public static bool IsSessionGone(BunqApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.StatusCode != 401) return false;
        foreach (var error in exception.Errors)
        {
            var text = error.Description ?? "";
            if (text.Contains("Insufficient authorisation", StringComparison.OrdinalIgnoreCase)
                || text.Contains("Insufficient authorization", StringComparison.OrdinalIgnoreCase)
                || text.Contains("Insufficient authentication", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static string Message(int statusCode, IReadOnlyList<BunqError> errors, string? responseId)
    {
        var reason = statusCode switch
        {
            400 => "Bad Request",
            401 => "Unauthorised",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            429 => "Rate Limit",
            466 => "Request Signature Required",
            490 => "User Error",
            491 => "Maintenance",
            500 => "Internal Server Error",
            _ => "Error",
        };
        // Descriptions come from the answer: no control characters into a message that ends up in a log.
        var descriptions = string.Join(" ", errors.Select(e => BunqText.Clean(e.Description, 512)).Where(d => !string.IsNullOrWhiteSpace(d)));
        var text = $"bunq answered {statusCode} ({reason})" + (descriptions.Length > 0 ? ": " + descriptions : " without an error description.");
        return responseId is null ? text : $"{text} (bunq response id {responseId})";
    }
}
