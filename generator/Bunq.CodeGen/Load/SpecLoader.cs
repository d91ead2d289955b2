using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Bunq.CodeGen.Diagnostics;
using Microsoft.OpenApi.Exceptions;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Readers.Exceptions;
using Microsoft.OpenApi.Validations;
using SharpYaml.Serialization;

namespace Bunq.CodeGen.Load;

/// <summary>
/// The Load stage: spec text → <see cref="OpenApiDocument"/> plus diagnostics that carry a JSON pointer and, where
/// known, line and column. Never throws except <see cref="OperationCanceledException"/>; holds no state between
/// calls, so the source generator may call it on every edit and from several threads.
/// </summary>
public static class SpecLoader
{
    /// <summary>bunq's spec is ~1.4 MB; 64 MB leaves room for any real spec while bounding a hostile one.</summary>
    public const long DefaultMaxInputBytes = 64L * 1024 * 1024;

    /// <summary>bunq's spec nests 10 levels; the OpenAPI reader itself accepts at most 256.</summary>
    public const int DefaultMaxDepth = 128;

    /// <summary>Nodes that YAML aliases may add when expanded; real specs written with anchors need few.</summary>
    public const int DefaultMaxAliasExpansionNodes = 10_000;

    public static LoadResult LoadFile(string filePath, CancellationToken ct = default) =>
        LoadFile(filePath, LoadLimits.Default, ct);

    public static LoadResult Load(string filePath, string text, CancellationToken ct = default) =>
        Load(filePath, text, LoadLimits.Default, ct);

    internal static LoadResult LoadFile(string filePath, LoadLimits limits, CancellationToken ct)
    {
        filePath ??= "";
        string text;
        try
        {
            var info = new FileInfo(filePath);
            if (!info.Exists)
            {
                return Failed(filePath, DiagnosticCatalog.SpecUnreadable, "the file does not exist");
            }

            // Checked before reading so that a huge file is never pulled into memory.
            if (info.Length > limits.MaxInputBytes)
            {
                return Failed(filePath, DiagnosticCatalog.DocumentTooLarge, info.Length, limits.MaxInputBytes);
            }

            text = File.ReadAllText(filePath);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.SecurityException)
        {
            return Failed(filePath, DiagnosticCatalog.SpecUnreadable, ex.Message);
        }

        return Load(filePath, text, limits, ct);
    }

    internal static LoadResult Load(string filePath, string text, LoadLimits limits, CancellationToken ct)
    {
        filePath ??= "";
        ct.ThrowIfCancellationRequested();
        try
        {
            return LoadCore(filePath, text ?? "", limits, ct);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The catch-all that keeps a bug in us or in the reader from crashing the compiler.
            return Failed(filePath, DiagnosticCatalog.InternalError, "loading the spec", ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static LoadResult LoadCore(string filePath, string text, LoadLimits limits, CancellationToken ct)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        // A char is at least one UTF-8 byte, so the cheap length check settles most cases without counting.
        if (text.Length > limits.MaxInputBytes || (text.Length * 3L > limits.MaxInputBytes && Encoding.UTF8.GetByteCount(text) > limits.MaxInputBytes))
        {
            return Failed(filePath, DiagnosticCatalog.DocumentTooLarge, Encoding.UTF8.GetByteCount(text), limits.MaxInputBytes);
        }

        var first = FirstSignificantChar(text);
        if (first < 0)
        {
            return Failed(filePath, DiagnosticCatalog.SpecUnreadable, "the file is empty");
        }

        return text[first] == '{' || text[first] == '['
            ? LoadJson(filePath, text, limits, ct)
            : LoadYaml(filePath, text, limits, ct);
    }

    private static LoadResult LoadJson(string filePath, string text, LoadLimits limits, CancellationToken ct)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var lines = new Utf8LineIndex(utf8);
        var diagnostics = new List<SpecDiagnostic>();

        var parsed = JsonSpecParser.Parse(utf8, limits.MaxDepth, ct);
        var sourceMap = SpecSourceMap.ForJson(filePath, utf8, lines, parsed.Tape, limits.MaxDepth);
        if (parsed.TooDeepAt >= 0)
        {
            var at = lines.ToPosition(parsed.TooDeepAt);
            diagnostics.Add(DiagnosticCatalog.Create(
                DiagnosticCatalog.DocumentTooDeep, new SpecLocation(filePath, parsed.ErrorPointer, at.Line, at.Column), limits.MaxDepth));
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }

        if (parsed.SyntaxError is not null || parsed.Document is null)
        {
            var at = parsed.ErrorLine >= 0 ? lines.FromLineAndByte(parsed.ErrorLine, parsed.ErrorBytePositionInLine)
                : parsed.ErrorOffset >= 0 ? lines.ToPosition(parsed.ErrorOffset)
                : lines.ToPosition(utf8.Length);
            diagnostics.Add(DiagnosticCatalog.Create(
                DiagnosticCatalog.SpecSyntaxError,
                new SpecLocation(filePath, parsed.ErrorPointer, at.Line, at.Column),
                "JSON",
                parsed.SyntaxError ?? "the text holds no JSON value"));
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }

        foreach (var duplicate in parsed.DuplicateKeys)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateKey, sourceMap.Locate(duplicate.Key), duplicate.Value));
        }

        var version = VersionOf(parsed.Document.RootNode, out var versionPointer);
        if (!IsSupportedVersion(version))
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnsupportedVersion, sourceMap.Locate(versionPointer), version ?? "(none)"));
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }

        if (parsed.EmptyArraysReadAsMaps.Count > 0)
        {
            diagnostics.Add(DiagnosticCatalog.Create(
                DiagnosticCatalog.SpecRepaired,
                sourceMap.Locate(parsed.EmptyArraysReadAsMaps[0]),
                "An empty array '[]' stands where OpenAPI allows only a map; it is read as an empty map",
                parsed.EmptyArraysReadAsMaps.Count,
                parsed.EmptyArraysReadAsMaps[0]));
        }

        var repairs = SpecRepairs.Apply(parsed.Document.RootNode);
        if (repairs.HeaderParameters.Count > 0)
        {
            diagnostics.Add(DiagnosticCatalog.Create(
                DiagnosticCatalog.SpecRepaired,
                sourceMap.Locate(repairs.HeaderParameters[0]),
                "An operation parameter refers to '#/components/headers/…'; it is read from a copy under '#/components/parameters/'",
                repairs.HeaderParameters.Count,
                repairs.HeaderParameters[0]));
        }

        if (repairs.ParameterShapedHeaders.Count > 0)
        {
            diagnostics.Add(DiagnosticCatalog.Create(
                DiagnosticCatalog.SpecRepaired,
                sourceMap.Locate(repairs.ParameterShapedHeaders[0]),
                "A header component is written in parameter shape ('name' and 'in', which a header object does not have: its key names it); those two fields are read only where it is used as a parameter",
                repairs.ParameterShapedHeaders.Count,
                repairs.ParameterShapedHeaders[0]));
        }

        foreach (var redirected in repairs.Redirected)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ReferenceRepaired, sourceMap.Locate(redirected.Pointer), redirected.Reference, redirected.Detail));
        }

        foreach (var unresolved in repairs.Unresolved)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DanglingReferenceRepaired, sourceMap.Locate(unresolved.Pointer), unresolved.Reference, unresolved.Detail));
        }

        foreach (var unreadable in repairs.Unreadable)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ReaderError, sourceMap.Locate(unreadable.Pointer), $"'$ref' '{unreadable.Reference}': {unreadable.Detail}"));
        }

        var dangling = new HashSet<string>(StringComparer.Ordinal);
        // bunq's specs name the same few hundred targets thousands of times: each is resolved once.
        var resolves = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var reference in parsed.References)
        {
            if (repairs.Handled.Contains(reference.Key))
            {
                continue;
            }

            if (!resolves.TryGetValue(reference.Value, out var resolved))
            {
                resolved = SpecRepairs.Resolve(parsed.Document.RootNode, reference.Value, out _) is not null;
                resolves[reference.Value] = resolved;
            }

            if (!resolved)
            {
                dangling.Add(reference.Value);
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DanglingReference, sourceMap.Locate(reference.Key), reference.Value));
            }
        }

        ct.ThrowIfCancellationRequested();
        OpenApiDocument? document;
        OpenApiDiagnostic readerDiagnostic;
        var settings = CreateSettings(limits);
        try
        {
            if (OpenApiTreeReader.CanRead(parsed.Document, settings))
            {
                document = OpenApiTreeReader.Read(parsed.Document, settings, out readerDiagnostic);
            }
            else if (OpenApiReaderBridge.IsAvailable)
            {
                // Swagger 2.0 (the library converts it) and documents the library's node budget might not hold.
                document = OpenApiReaderBridge.Read(parsed.Document, settings, out readerDiagnostic);
            }
            else
            {
                document = new OpenApiStringReader(settings).Read(text, out readerDiagnostic);
            }
        }
        catch (Exception ex) when (ex is FormatException || ex is ArgumentException || ex is InvalidOperationException || ex is OverflowException || ex is InvalidCastException)
        {
            // The reader parses scalars with bool.Parse/int.Parse and throws on e.g. "readOnly": "yes", and casts
            // nodes to maps, throwing on e.g. a component that is null or a number, instead of reporting them
            // (found by the seeded mutation tests): that is a fault in the document, not in us.
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ReaderError, sourceMap.Locate(""), ex.GetType().Name + ": " + ex.Message));
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }

        AddReaderDiagnostics(filePath, sourceMap, readerDiagnostic, dangling, diagnostics, parsed.References, new HashSet<string>(repairs.ParameterShapedHeaders, StringComparer.Ordinal), repairs.Unreadable.Count);
        return new LoadResult(filePath, document, diagnostics, sourceMap);
    }

    private static LoadResult LoadYaml(string filePath, string text, LoadLimits limits, CancellationToken ct)
    {
        var sourceMap = SpecSourceMap.ForYaml(filePath, text, limits.MaxDepth);
        var diagnostics = new List<SpecDiagnostic>();

        var declared = YamlVersionLine.Match(text);
        if (declared.Success && !IsSupportedVersion(declared.Groups["version"].Value))
        {
            diagnostics.Add(DiagnosticCatalog.Create(
                DiagnosticCatalog.UnsupportedVersion, sourceMap.Locate("/" + declared.Groups["field"].Value), declared.Groups["version"].Value));
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }

        // YAML goes to the reader without repairs, and the reader throws on a $ref to the document or to a components
        // section (at no place): said at each such $ref instead, and the reader is not asked.
        foreach (var reference in sourceMap.References)
        {
            if (reference.Value.StartsWith("#", StringComparison.Ordinal)
                && SpecRepairs.MapOfObjects(Uri.UnescapeDataString(reference.Value.Substring(1))) is { } map)
            {
                diagnostics.Add(DiagnosticCatalog.Create(
                    DiagnosticCatalog.ReaderError, sourceMap.Locate(reference.Key), $"'$ref' '{reference.Value}': it names {map}, which no place can be read as"));
            }
        }

        if (diagnostics.Count > 0)
        {
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }

        ct.ThrowIfCancellationRequested();
        OpenApiDocument? document;
        OpenApiDiagnostic readerDiagnostic;
        try
        {
            document = new OpenApiStringReader(CreateSettings(limits)).Read(text, out readerDiagnostic);
        }
        catch (OpenApiUnsupportedSpecVersionException ex)
        {
            // Reached when the YAML's root is not a map with a version field, e.g. an HTML page or a plain list.
            diagnostics.Add(DiagnosticCatalog.Create(
                DiagnosticCatalog.UnsupportedVersion, sourceMap.Locate(""), declared.Success ? ex.SpecificationVersion : "(none)"));
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }
        catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is FormatException || ex is IndexOutOfRangeException || ex is InvalidCastException)
        {
            // SharpYaml's scanner throws these (not YamlException) on some malformed or exotic input; the OpenAPI
            // reader casts a null or scalar component to a map (InvalidCastException).
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.SpecSyntaxError, sourceMap.Locate(""), "YAML", ex.Message));
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }

        // The text reader hands back an empty document when the YAML itself could not be read; report none then.
        var unreadable = readerDiagnostic.Errors.Any(e => IsYamlLevelFailure(e));
        AddReaderDiagnostics(filePath, sourceMap, readerDiagnostic, new HashSet<string>(StringComparer.Ordinal), diagnostics, sourceMap.References, new HashSet<string>(), 0);
        if (unreadable)
        {
            return new LoadResult(filePath, null, diagnostics, sourceMap);
        }

        return new LoadResult(filePath, document, diagnostics, sourceMap);
    }

    internal static OpenApiReaderSettings CreateSettings(LoadLimits limits) => new OpenApiReaderSettings
    {
        ReferenceResolution = ReferenceResolutionSetting.ResolveLocalReferences,
        LoadExternalRefs = false,
        MaxDepth = (uint)Math.Min(limits.MaxDepth + 8, (int)OpenApiReaderSettings.MaximumAllowedDepth),
        MaxNodeCount = OpenApiReaderSettings.MaximumAllowedNodeCount,
        MaxAliasExpansionNodeCount = (uint)limits.MaxAliasExpansionNodes,
        MaxInputByteCount = (uint)Math.Min(limits.MaxInputBytes + 1024, uint.MaxValue),
        // bunq's info.description is 73 KB, over the reader's 64 K default; the input size limit bounds this instead.
        MaxScalarLength = (uint)Math.Min(limits.MaxInputBytes, int.MaxValue),
        RuleSet = ValidationRuleSet.GetDefaultRuleSet(),
    };

    private static void AddReaderDiagnostics(
        string filePath,
        SpecSourceMap sourceMap,
        OpenApiDiagnostic reader,
        HashSet<string> danglingAlreadyReported,
        List<SpecDiagnostic> diagnostics,
        IReadOnlyList<KeyValuePair<string, string>> references,
        ICollection<string> parameterShapedHeaders,
        int refusalsReportedAtTheirRef)
    {
        var reportedTargets = new HashSet<string>(StringComparer.Ordinal);
        // The reader says some things once per place without naming the place (2,213 times "The reference string …
        // has invalid format" for one corpus document, all at the document root): said once, with the count.
        var placeless = new List<SpecDiagnostic>();
        var placelessCounts = new Dictionary<SpecDiagnostic, int>();
        var findings = reader.Errors.Select(e => (Finding: e, IsError: true)).Concat(reader.Warnings.Select(w => (Finding: w, IsError: false)));
        foreach (var (finding, isError) in findings)
        {
            if (IsCoveredByDocumentChecks(finding))
            {
                continue;
            }

            var message = finding.Message ?? "";
            var unknownField = UnknownField.Match(message);
            if (unknownField.Success
                && (unknownField.Groups["field"].Value == "name" || unknownField.Groups["field"].Value == "in")
                && parameterShapedHeaders.Contains(unknownField.Groups["pointer"].Value.TrimStart('#')))
            {
                // Reported once above as a known bunq defect (BUNQ0019), not once per field.
                continue;
            }

            if (refusalsReportedAtTheirRef > 0 && InvalidReferenceType.IsMatch(message))
            {
                // The repairs found this reference at its $ref and reported it there; the reader's copy names no place.
                refusalsReportedAtTheirRef--;
                continue;
            }

            var invalidFormat = InvalidReferenceFormat.Match(message);
            if (invalidFormat.Success)
            {
                // The reader names the reference but not where it stands: report it at each $ref that says it.
                var named = invalidFormat.Groups["reference"].Value;
                if (!reportedTargets.Add("format " + named))
                {
                    continue;
                }

                var places = references.Where(r => r.Value == named || r.Value == "#" + named).ToList();
                foreach (var place in places)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(isError ? DiagnosticCatalog.ReaderError : DiagnosticCatalog.ReaderWarning, sourceMap.Locate(place.Key), message));
                }

                if (places.Count > 0)
                {
                    continue;
                }
            }

            var invalidReference = InvalidReference.Match(message);
            if (!invalidReference.Success)
            {
                var mapped = MapReaderFinding(filePath, sourceMap, finding, isError);
                if (!string.IsNullOrEmpty(finding.Pointer) || unknownField.Success)
                {
                    diagnostics.Add(mapped);
                }
                else if (placelessCounts.TryGetValue(mapped, out var count))
                {
                    placelessCounts[mapped] = count + 1;
                }
                else
                {
                    placeless.Add(mapped);
                    placelessCounts[mapped] = 1;
                }

                continue;
            }

            // The reader names only the target's last segment and no position; report each $ref that names it, at the
            // $ref, unless the JSON path has done so already.
            var target = invalidReference.Groups["id"].Value;
            if (danglingAlreadyReported.Any(r => NamesTarget(r, target)) || !reportedTargets.Add(target))
            {
                continue;
            }

            var occurrences = sourceMap.References.Where(r => NamesTarget(r.Value, target)).ToList();
            if (occurrences.Count == 0)
            {
                diagnostics.Add(DiagnosticCatalog.Create(
                    DiagnosticCatalog.DanglingReference, LocateReaderPointer(filePath, sourceMap, finding.Pointer), target));
            }

            foreach (var occurrence in occurrences)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DanglingReference, sourceMap.Locate(occurrence.Key), occurrence.Value));
            }
        }

        foreach (var diagnostic in placeless)
        {
            var count = placelessCounts[diagnostic];
            diagnostics.Add(count == 1
                ? diagnostic
                : diagnostic with { Message = diagnostic.Message + string.Format(CultureInfo.InvariantCulture, " (said {0} times, at places the reader does not name)", count) });
        }
    }

    private static bool NamesTarget(string reference, string target) =>
        reference == target || reference.EndsWith("/" + target, StringComparison.Ordinal);

    private static SpecDiagnostic MapReaderFinding(string filePath, SpecSourceMap sourceMap, OpenApiError finding, bool isError)
    {
        var message = finding.Message ?? "";
        var location = LocateReaderPointer(filePath, sourceMap, finding.Pointer);

        if (message.IndexOf("alias", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("maximum supported number of nodes", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return DiagnosticCatalog.Create(DiagnosticCatalog.YamlAliasBomb, location, message);
        }

        if (message.IndexOf("nesting depth", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return DiagnosticCatalog.Create(DiagnosticCatalog.DocumentTooDeep, location, DefaultMaxDepth);
        }

        if (finding.Pointer is not null && finding.Pointer.StartsWith("#line=", StringComparison.Ordinal))
        {
            // SharpYaml puts the column only into its message: "(Lin: 1, Col: 0, Chr: 14) - (…): text", 0-based.
            var mark = YamlMark.Match(message);
            if (mark.Success)
            {
                location = new SpecLocation(
                    filePath,
                    "",
                    int.Parse(mark.Groups["line"].Value, CultureInfo.InvariantCulture) + 1,
                    int.Parse(mark.Groups["column"].Value, CultureInfo.InvariantCulture) + 1);
                message = message.Substring(mark.Length).Trim();
            }

            return DiagnosticCatalog.Create(DiagnosticCatalog.SpecSyntaxError, location, "YAML", message);
        }

        var unknownField = UnknownField.Match(message);
        if (unknownField.Success)
        {
            // The reader skips a field it does not know and reads on: nothing else is lost, so this is a warning.
            return DiagnosticCatalog.Create(
                DiagnosticCatalog.ReaderWarning, LocateReaderPointer(filePath, sourceMap, unknownField.Groups["pointer"].Value + "/" + SpecSourceMap.Escape(unknownField.Groups["field"].Value)), message);
        }

        return DiagnosticCatalog.Create(isError ? DiagnosticCatalog.ReaderError : DiagnosticCatalog.ReaderWarning, location, message);
    }

    private static SpecLocation LocateReaderPointer(string filePath, SpecSourceMap sourceMap, string? pointer)
    {
        if (string.IsNullOrEmpty(pointer))
        {
            return sourceMap.Locate("");
        }

        if (pointer!.StartsWith("#line=", StringComparison.Ordinal))
        {
            var line = int.TryParse(pointer.Substring("#line=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            // SharpYaml's marks are 0-based.
            return new SpecLocation(filePath, "", line + 1, line >= 0 ? 1 : 0);
        }

        return sourceMap.Locate(pointer);
    }

    /// <summary>
    /// The reader's validator calls an operation without responses an error, with no pointer to the operation. The
    /// Model stage reports it as BUNQ0011 at the operation; reporting it here too would say it twice, and an error
    /// here would stop the Model from running at all.
    /// </summary>
    private static bool IsCoveredByDocumentChecks(OpenApiError finding) =>
        string.Equals(finding.Message, "Responses must contain at least one response", StringComparison.Ordinal);

    private static bool IsYamlLevelFailure(OpenApiError error) =>
        (error.Pointer is not null && error.Pointer.StartsWith("#line=", StringComparison.Ordinal))
        || (error.Message ?? "").IndexOf("alias", StringComparison.OrdinalIgnoreCase) >= 0
        || (error.Message ?? "").IndexOf("maximum supported", StringComparison.OrdinalIgnoreCase) >= 0
        || (error.Message ?? "").IndexOf("No documents found", StringComparison.OrdinalIgnoreCase) >= 0;

    private static string? VersionOf(YamlNode root, out string pointer)
    {
        pointer = "";
        if (root is not YamlMappingNode mapping)
        {
            return null;
        }

        foreach (var field in new[] { "openapi", "swagger" })
        {
            if (mapping.Children.TryGetValue(new YamlScalarNode(field), out var value))
            {
                pointer = "/" + field;
                return field == "swagger" ? "swagger " + (value as YamlScalarNode)?.Value : (value as YamlScalarNode)?.Value ?? "(not a string)";
            }
        }

        return null;
    }

    private static bool IsSupportedVersion(string? version) =>
        version is not null
        && (version == "swagger 2.0" || version == "2.0" || version.StartsWith("3.0", StringComparison.Ordinal));

    private static int FirstSignificantChar(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static LoadResult Failed(string filePath, DiagnosticDescriptor descriptor, params object?[] args) =>
        new LoadResult(
            filePath,
            null,
            new[] { DiagnosticCatalog.Create(descriptor, SpecLocation.Unknown(filePath), args) },
            SpecSourceMap.Empty(filePath));

    private static readonly Regex YamlVersionLine = new Regex(
        @"^(?<field>openapi|swagger)\s*:\s*['""]?(?<version>[^'""\s#]+)",
        RegexOptions.Multiline | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static readonly Regex YamlMark = new Regex(
        @"^\(Lin: (?<line>\d{1,9}), Col: (?<column>\d{1,9}), Chr: \d+\) - \([^)]*\):",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static readonly Regex UnknownField = new Regex(
        @"^(?<field>\S+) is not a valid property at (?<pointer>#\S*)$",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static readonly Regex InvalidReferenceType = new Regex(
        @"^Invalid Reference Type '[^']*'",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static readonly Regex InvalidReferenceFormat = new Regex(
        @"^The reference string '(?<reference>[^']*)' has invalid format",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static readonly Regex InvalidReference = new Regex(
        @"Invalid Reference identifier '(?<id>[^']*)'",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));
}

/// <summary>Resource bounds for one load; tests shrink them to exercise the limits cheaply.</summary>
internal sealed class LoadLimits
{
    public static readonly LoadLimits Default = new LoadLimits(
        SpecLoader.DefaultMaxInputBytes, SpecLoader.DefaultMaxDepth, SpecLoader.DefaultMaxAliasExpansionNodes);

    public LoadLimits(long maxInputBytes, int maxDepth, int maxAliasExpansionNodes)
    {
        MaxInputBytes = maxInputBytes;
        MaxDepth = maxDepth;
        MaxAliasExpansionNodes = maxAliasExpansionNodes;
    }

    public long MaxInputBytes { get; }

    public int MaxDepth { get; }

    public int MaxAliasExpansionNodes { get; }
}
