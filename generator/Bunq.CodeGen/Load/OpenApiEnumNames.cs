using System;
using System.Collections.Generic;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Load;

/// <summary>
/// The display names 1.6 reads enums by. The library finds them by reflection on every use (per <c>$ref</c>, per
/// parameter): the same names, looked up once. An unknown name gives the enum's first value, as the library's does.
/// A test holds these tables to the library's own <c>GetEnumFromDisplayName</c>.
/// </summary>
internal static class OpenApiEnumNames
{
    private static readonly Dictionary<string, ReferenceType> ReferenceTypes = Table<ReferenceType>(
        ReferenceType.Schema, ReferenceType.Response, ReferenceType.Parameter, ReferenceType.Example, ReferenceType.RequestBody,
        ReferenceType.Header, ReferenceType.SecurityScheme, ReferenceType.Link, ReferenceType.Callback, ReferenceType.Tag, ReferenceType.Path);

    private static readonly Dictionary<string, ParameterLocation> Locations = Table<ParameterLocation>(
        ParameterLocation.Query, ParameterLocation.Header, ParameterLocation.Path, ParameterLocation.Cookie);

    private static readonly Dictionary<string, ParameterStyle> Styles = Table<ParameterStyle>(
        ParameterStyle.Matrix, ParameterStyle.Label, ParameterStyle.Form, ParameterStyle.Simple,
        ParameterStyle.SpaceDelimited, ParameterStyle.PipeDelimited, ParameterStyle.DeepObject);

    private static readonly Dictionary<string, SecuritySchemeType> SchemeTypes = Table<SecuritySchemeType>(
        SecuritySchemeType.ApiKey, SecuritySchemeType.Http, SecuritySchemeType.OAuth2, SecuritySchemeType.OpenIdConnect);

    public static ReferenceType ToReferenceType(string name) => Find(ReferenceTypes, name);

    public static ParameterLocation ToParameterLocation(string name) => Find(Locations, name);

    /// <summary>A parameter's <c>in</c>: the library keeps null for a name that is none of the four.</summary>
    public static ParameterLocation? ToParameterLocationOrNull(string? name) =>
        name is not null && Locations.TryGetValue(name, out var location) ? location : null;

    public static ParameterStyle ToParameterStyle(string name) => Find(Styles, name);

    public static SecuritySchemeType ToSecuritySchemeType(string name) => Find(SchemeTypes, name);

    private static T Find<T>(Dictionary<string, T> table, string? name)
        where T : struct =>
        name is not null && table.TryGetValue(name, out var value) ? value : default;

    /// <summary>Built once from the public display names (one reflection pass per enum, not one per use).</summary>
    private static Dictionary<string, T> Table<T>(params T[] values)
        where T : struct, Enum
    {
        var table = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            table[value.GetDisplayName()] = value;
        }

        return table;
    }
}
