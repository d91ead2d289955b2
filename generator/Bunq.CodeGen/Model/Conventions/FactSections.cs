using System.Collections.Generic;

namespace Bunq.CodeGen.Model.Conventions;

/// <summary>A query parameter bunq pages listings with, though no spec version declares it.</summary>
internal sealed record PagingParameter(string Name, string CSharpName, ParameterType Type, string Description);

/// <summary>
/// The <c>model</c> section: what the model stage recognises as bunq's (context paths, paging, id answers, money,
/// timestamps, the verb of a binary answer). Each property is one entry of the table; its evidence is beside it there.
/// </summary>
internal sealed class ModelFacts
{
    public IReadOnlyList<string> ContextPaths { get; set; } = new string[0];
    public string AccountPathPrefix { get; set; } = "";
    public IReadOnlyList<PagingParameter> PagingParameters { get; set; } = new PagingParameter[0];
    public int MaxPageSize { get; set; }
    public string PageOptionsDoc { get; set; } = "";
    public string IdKey { get; set; } = "";
    public string UuidKey { get; set; } = "";
    public string UuidParameterSuffix { get; set; } = "";
    public string MoneySchema { get; set; } = "";
    public IReadOnlyList<string> MoneyFields { get; set; } = new string[0];
    public IReadOnlyList<string> TimestampNames { get; set; } = new string[0];
    public IReadOnlyList<string> TimestampWords { get; set; } = new string[0];
    public IReadOnlyList<string> TimestampNotWords { get; set; } = new string[0];
    public string TimestampDescriptionWord { get; set; } = "";
    public string BinaryVerb { get; set; } = "";
    public string SchemaSuffixSeparator { get; set; } = "";
    public int SchemaSuffixHexDigits { get; set; }

    /// <summary>
    /// The schema name without the generator hash bunq's 2018-05 … 2018-11 specs append (<c>MonetaryAccountBank_5aec7a7717a55</c>
    /// → <c>MonetaryAccountBank</c>): the hash is no part of the object type bunq sends, so keys and type names must not carry it.
    /// </summary>
    public string WithoutSchemaSuffix(string schemaName)
    {
        var length = SchemaSuffixSeparator.Length + SchemaSuffixHexDigits;
        if (SchemaSuffixHexDigits == 0 || schemaName.Length <= length) return schemaName;
        var start = schemaName.Length - length;
        if (string.CompareOrdinal(schemaName, start, SchemaSuffixSeparator, 0, SchemaSuffixSeparator.Length) != 0) return schemaName;
        for (var i = start + SchemaSuffixSeparator.Length; i < schemaName.Length; i++)
        {
            var c = schemaName[i];
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return schemaName;
        }
        return schemaName.Substring(0, start);
    }
}

/// <summary>The <c>requests</c> section: what bunq expects on requests beyond what the spec declares.</summary>
internal sealed class RequestFacts
{
    /// <summary>Lower-case methods that always carry a JSON body.</summary>
    public IReadOnlyList<string> BodyMethods { get; set; } = new string[0];
    public string EmptyBody { get; set; } = "";
    public string JsonContentType { get; set; } = "";
    public string AttachmentDescriptionHeader { get; set; } = "";
    public string AttachmentDescriptionParameter { get; set; } = "";
}

/// <summary>The <c>wire</c> section: the runtime's facts, written into runtime/Bunq.Runtime/Wire/BunqWireFacts.g.cs.</summary>
internal sealed class WireFacts
{
    public int GetLimit { get; set; }
    public int PostLimit { get; set; }
    public int PutLimit { get; set; }
    public int WindowSeconds { get; set; }
    public int SessionServerLimit { get; set; }
    public int SessionServerWindowSeconds { get; set; }
    public string RateLimitsEvidence { get; set; } = "";
    public string SessionServerPath { get; set; } = "";
    public string SessionServerPathEvidence { get; set; } = "";
}

/// <summary>The three fact sections with the evidence of each entry by its JSON pointer (for generated comments).</summary>
internal sealed class TableFacts
{
    public ModelFacts Model { get; set; } = new ModelFacts();
    public RequestFacts Requests { get; set; } = new RequestFacts();
    public WireFacts Wire { get; set; } = new WireFacts();
    public Dictionary<string, string> Evidence { get; } = new Dictionary<string, string>(System.StringComparer.Ordinal);
}
