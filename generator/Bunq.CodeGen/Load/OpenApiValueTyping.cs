using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Load;

/// <summary>
/// Microsoft.OpenApi.Readers 1.6 reads every <c>example</c>, <c>default</c>, <c>enum</c> entry and extension as
/// strings first and then types them from the schema they belong to (or from the text alone when there is none):
/// a quoted string stays a string unless the schema's format makes it bytes, a date or a password; an unquoted one
/// becomes null, a boolean, a number or a date. <see cref="OpenApiTreeReader"/> must give the Model the same value
/// objects, so this is the same set of rules in the same order.
/// </summary>
internal static class OpenApiValueTyping
{
    private const NumberStyles Real = NumberStyles.Float | NumberStyles.AllowThousands;

    public static IOpenApiAny? Typed(IOpenApiAny? value, OpenApiSchema? schema)
    {
        switch (value)
        {
            case OpenApiArray array:
                var items = new OpenApiArray();
                foreach (var item in array)
                {
                    items.Add(Typed(item, schema?.Items)!);
                }

                return items;
            case OpenApiObject obj:
                var properties = new OpenApiObject();
                foreach (var pair in obj)
                {
                    var propertySchema = schema?.Properties is { } known && known.TryGetValue(pair.Key, out var property)
                        ? property
                        : schema?.AdditionalProperties;
                    properties[pair.Key] = Typed(pair.Value, propertySchema)!;
                }

                return properties;
            case OpenApiString text:
                return text.IsExplicit() ? Quoted(text, schema) : Unquoted(text, schema);
            default:
                return value;
        }
    }

    private static IOpenApiAny Quoted(OpenApiString text, OpenApiSchema? schema)
    {
        var value = text.Value;
        if (schema is null)
        {
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
            {
                return moment.TimeOfDay == TimeSpan.Zero ? new OpenApiDate(moment.Date) : new OpenApiDateTime(moment);
            }

            return text;
        }

        return schema.Type == "string" && StringFormatted(value, schema.Format) is { } formatted ? formatted : text;
    }

    private static IOpenApiAny Unquoted(OpenApiString text, OpenApiSchema? schema)
    {
        var value = text.Value;
        if (value is null || value == "null")
        {
            return new OpenApiNull();
        }

        if (schema?.Type is null)
        {
            if (value == "true")
            {
                return new OpenApiBoolean(true);
            }

            if (value == "false")
            {
                return new OpenApiBoolean(false);
            }

            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var small))
            {
                return new OpenApiInteger(small);
            }

            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var large))
            {
                return new OpenApiLong(large);
            }

            if (double.TryParse(value, Real, CultureInfo.InvariantCulture, out var real))
            {
                return new OpenApiDouble(real);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
            {
                return new OpenApiDateTime(moment);
            }

            return text;
        }

        var type = schema.Type;
        var format = schema.Format;
        switch (type)
        {
            case "integer":
                if (format == "int32" && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var int32))
                {
                    return new OpenApiInteger(int32);
                }

                if (format == "int64" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var int64))
                {
                    return new OpenApiLong(int64);
                }

                return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) ? new OpenApiInteger(integer) : text;
            case "number":
                if (format == "float" && float.TryParse(value, Real, CultureInfo.InvariantCulture, out var single))
                {
                    return new OpenApiFloat(single);
                }

                if (format == "double" && double.TryParse(value, Real, CultureInfo.InvariantCulture, out var dbl))
                {
                    return new OpenApiDouble(dbl);
                }

                return double.TryParse(value, Real, CultureInfo.InvariantCulture, out var number) ? new OpenApiDouble(number) : text;
            case "string":
                return StringFormatted(value, format) ?? text;
            case "boolean":
                return bool.TryParse(value, out var flag) ? new OpenApiBoolean(flag) : text;
            default:
                return text;
        }
    }

    /// <summary>A string the schema's format types: bytes (base64), binary, date, date-time or password; else null.</summary>
    private static IOpenApiAny? StringFormatted(string value, string? format)
    {
        switch (format)
        {
            case "byte":
                try
                {
                    return new OpenApiByte(Convert.FromBase64String(value));
                }
                catch (FormatException)
                {
                    return null;
                }

            case "binary":
                try
                {
                    return new OpenApiBinary(Encoding.UTF8.GetBytes(value));
                }
                catch (EncoderFallbackException)
                {
                    return null;
                }

            case "date":
                return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? new OpenApiDate(day.Date) : null;
            case "date-time":
                return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment) ? new OpenApiDateTime(moment) : null;
            case "password":
                return new OpenApiPassword(value);
            default:
                return null;
        }
    }
}
