using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using DiagnosticDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;

namespace Bunq.CodeGen.SourceGenerator;

/// <summary>
/// Generates the typed bunq client from the spec in the project's AdditionalFiles (items marked
/// <c>BunqSpec="true"</c> by the package's targets). Steps are named (<see cref="Steps"/>) so tests can
/// assert what the driver re-ran; every value between steps is an equatable record.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BunqClientGenerator : IIncrementalGenerator
{
    /// <summary>The tracking names of the pipeline's steps.</summary>
    public static class Steps
    {
        public const string SpecFiles = "Bunq.SpecFiles";
        public const string SelectedSpec = "Bunq.SelectedSpec";
        public const string Model = "Bunq.Model";
        public const string Options = "Bunq.Options";
        public const string FilteredModel = "Bunq.FilteredModel";
        public const string RuntimeReferenced = "Bunq.RuntimeReferenced";
        public const string Generation = "Bunq.Generation";
        public const string ClientFile = "Bunq.ClientFile";
        public const string Resources = "Bunq.Resources";
        public const string ResourceFiles = "Bunq.ResourceFiles";
        public const string Types = "Bunq.Types";
        public const string TypeFiles = "Bunq.TypeFiles";

        public static readonly IReadOnlyList<string> All = new[]
        {
            SpecFiles, SelectedSpec, Model, Options, FilteredModel, RuntimeReferenced, Generation,
            ClientFile, Resources, ResourceFiles, Types, TypeFiles,
        };
    }

    internal const string SpecMetadataKey = "build_metadata.AdditionalFiles.BunqSpec";

    private static readonly System.Text.Encoding Utf8NoBom = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select((pair, ct) => ReadIfSpec(pair.Left, pair.Right, ct))
            .Where(file => file is not null)
            .Select((file, _) => file!)
            .WithTrackingName(Steps.SpecFiles);

        var selected = specFiles.Collect()
            .Select((files, _) => Select(files))
            .WithTrackingName(Steps.SelectedSpec);

        var model = selected
            .Select((selection, ct) => BuildModel(selection, ct))
            .WithTrackingName(Steps.Model);

        var options = context.AnalyzerConfigOptionsProvider
            .Select((provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(Steps.Options);

        var filtered = model
            .Combine(options.Select((o, _) => o.Filter))
            .Select((pair, _) => Filter(pair.Left, pair.Right))
            .WithTrackingName(Steps.FilteredModel);

        // The compilation is new with every keystroke, but what it references as Bunq.Runtime is not: the driver compares
        // this small value, so everything after it stays cached through ordinary typing.
        var runtime = context.CompilationProvider
            .Select((compilation, _) => RuntimeReferenceReader.Read(compilation))
            .WithTrackingName(Steps.RuntimeReferenced);

        var generation = filtered
            .Combine(runtime)
            .Select((pair, _) => Gate(pair.Left, pair.Right))
            .WithTrackingName(Steps.Generation);

        context.RegisterSourceOutput(generation, static (spc, g) => Report(spc, g.Diagnostics));

        var emitOptions = options.Select((o, _) => o.Emit);
        var withOptions = generation.Combine(emitOptions);

        var clientFile = withOptions
            .Select((pair, _) => pair.Left.Model is null ? null : new ClientInput(pair.Left.Model, pair.Right))
            .Select((input, _) => input is null ? null : Emit(input.Model.Title, () => ClientEmitter.EmitClient(input.Model, input.Options)))
            .WithTrackingName(Steps.ClientFile);
        context.RegisterSourceOutput(clientFile, static (spc, result) => AddSource(spc, result));

        // One value per resource and per type: when the spec changes, the driver compares them item by item
        // and re-emits only those that differ.
        var resourceFiles = withOptions
            .SelectMany((pair, _) => pair.Left.Model is null
                ? ImmutableArray<ResourceInput>.Empty
                : pair.Left.Model.Resources.Select(r => new ResourceInput(r, pair.Right)).ToImmutableArray())
            .WithTrackingName(Steps.Resources)
            .Select((input, _) => Emit(input.Resource.Name, () => ClientEmitter.EmitResource(input.Resource, input.Options)))
            .WithTrackingName(Steps.ResourceFiles);
        context.RegisterSourceOutput(resourceFiles, static (spc, result) => AddSource(spc, result));

        var typeFiles = withOptions
            .SelectMany((pair, _) => pair.Left.Model is null
                ? ImmutableArray<TypeInput>.Empty
                : TypeInputs(pair.Left.Model, pair.Right))
            .WithTrackingName(Steps.Types)
            .Select((input, _) => Emit(input.Type.Name, () => ClientEmitter.EmitType(input.Type, input.Options, input.Factory)))
            .WithTrackingName(Steps.TypeFiles);
        context.RegisterSourceOutput(typeFiles, static (spc, result) => AddSource(spc, result));
    }

    // The factory's name is the one thing a type's file takes from the rest of the model: a small string the driver
    // compares, so a changed type still re-emits its own file only.
    private static ImmutableArray<TypeInput> TypeInputs(ApiModel model, EmitOptions options)
    {
        var factory = ClientEmitter.FactoryName(model, options);
        return model.Types.Select(t => new TypeInput(t, options, factory)).ToImmutableArray();
    }

    private static SpecFile? ReadIfSpec(AdditionalText file, AnalyzerConfigOptionsProvider provider, CancellationToken ct)
    {
        if (!provider.GetOptions(file).TryGetValue(SpecMetadataKey, out var marked) ||
            !string.Equals(marked?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            return new SpecFile(file.Path, file.GetText(ct)?.ToString());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Reported as BUNQ0001 by the model step (a null text means "could not be read"), never as CS8785.
            return new SpecFile(file.Path, null);
        }
    }

    internal static SpecSelection Select(ImmutableArray<SpecFile> files)
    {
        // The same file listed twice (a BunqSpec item plus a hand-written AdditionalFiles item) is one spec.
        var distinct = files
            .GroupBy(f => f.Path, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        if (distinct.Count <= 1)
        {
            return new SpecSelection(distinct.FirstOrDefault(), EquatableArray<ReportedDiagnostic>.Empty);
        }
        var names = string.Join(", ", distinct.Select(f => Path.GetFileName(f.Path)));
        var diagnostics = distinct
            .Select(f => DiagnosticReporter.Locate(
                DiagnosticCatalog.Create(DiagnosticCatalog.MultipleSpecs, SpecLocation.Unknown(f.Path), distinct.Count, names), null))
            .ToEquatableArray();
        return new SpecSelection(null, diagnostics);
    }

    internal static ModelResult BuildModel(SpecSelection selection, CancellationToken ct)
    {
        var spec = selection.Spec;
        if (spec is null) return new ModelResult(null, selection.Diagnostics, "");
        try
        {
            if (spec.Text is null)
            {
                var unreadable = DiagnosticCatalog.Create(DiagnosticCatalog.SpecUnreadable, SpecLocation.Unknown(spec.Path), "the compiler could not read the additional file");
                return new ModelResult(null, new[] { DiagnosticReporter.Locate(unreadable, null) }.ToEquatableArray(), spec.Path);
            }
            var model = ApiModelBuilder.Build(spec.Path, spec.Text, ct);
            // The text is only needed here, to turn line/column into spans; it does not travel further.
            var text = SourceText.From(spec.Text);
            var located = model.Diagnostics
                .Where(DiagnosticReporter.IsForUser)
                .Select(d => DiagnosticReporter.Locate(d, text))
                .ToEquatableArray();
            return new ModelResult(model, located, spec.Path);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ModelResult(null, new[] { InternalError(spec.Path, "building the model", ex) }.ToEquatableArray(), spec.Path);
        }
    }

    internal static GeneratorOptions ReadOptions(AnalyzerConfigOptions global)
    {
        string Get(string name, string fallback)
            => global.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : fallback;

        var emit = new EmitOptions(
            Get("BunqNamespace", "Bunq.Client"),
            Get("BunqClientName", "BunqClient"),
            !string.Equals(Get("BunqXmlDocs", "true"), "false", StringComparison.OrdinalIgnoreCase));
        var filter = ModelFilterOptions.Parse(Get("BunqInclude", ""), Get("BunqExclude", ""));
        return new GeneratorOptions(emit, filter);
    }

    private static ModelResult Filter(ModelResult result, ModelFilterOptions filter)
    {
        if (result.Model is null || filter.IsEmpty) return result;
        try
        {
            var filtered = ModelFilter.Apply(result.Model, filter);
            // The filter only appends (its own findings have no position in the spec, so need no text to locate).
            var added = filtered.Diagnostics.Skip(result.Model.Diagnostics.Count).Select(d => DiagnosticReporter.Locate(d, null));
            return result with { Model = filtered, Diagnostics = result.Diagnostics.Concat(added).ToEquatableArray() };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return result with { Model = null, Diagnostics = result.Diagnostics.Concat(new[] { InternalError(result.SpecPath, "filtering the model", ex) }).ToEquatableArray() };
        }
    }

    internal static Generation Gate(ModelResult result, RuntimeReference runtime)
    {
        var model = result.Model;
        if (model is null) return new Generation(null, result.Diagnostics);
        // A spec with errors gives diagnostics and no code: half a client would bury the real error in CS errors.
        if (model.HasErrors) return new Generation(null, result.Diagnostics);
        // So would code written for another runtime contract: CS errors naming members, instead of what to upgrade.
        var refusal = RuntimeRefusal(runtime, SpecLocation.Unknown(result.SpecPath));
        if (refusal is not null)
        {
            return new Generation(null, result.Diagnostics.Concat(new[] { DiagnosticReporter.Locate(refusal, null) }).ToEquatableArray());
        }
        return new Generation(model, result.Diagnostics);
    }

    /// <summary>BUNQ0021 without a runtime, BUNQ0026 when it does not serve <see cref="RuntimeContract.Required"/>; null when the code may be generated.</summary>
    internal static SpecDiagnostic? RuntimeRefusal(RuntimeReference runtime, SpecLocation location)
    {
        if (!runtime.Referenced) return DiagnosticCatalog.Create(DiagnosticCatalog.RuntimeNotReferenced, location);
        var required = RuntimeContract.Required;
        if (runtime.Contract is { } newest && runtime.OldestSupported <= required && required <= newest) return null;
        var offers = runtime.Contract switch
        {
            null => $"declares no contract (it predates contract {required})",
            { } only when only == runtime.OldestSupported => $"offers contract {only}",
            { } top => $"offers contracts {runtime.OldestSupported} to {top}",
        };
        var upgrade = runtime.Contract is null || runtime.Contract < required
            ? "upgrade the Bunq.Runtime package to the release of the Bunq.CodeGen package"
            : "upgrade the Bunq.CodeGen package to the release of the Bunq.Runtime package";
        return DiagnosticCatalog.Create(DiagnosticCatalog.RuntimeContractMismatch, location, required, runtime.Version, offers, upgrade);
    }

    internal static EmitResult Emit(string what, Func<GeneratedFile> emit)
    {
        try
        {
            return new EmitResult(emit(), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new EmitResult(null, InternalError("", "emitting " + what, ex));
        }
    }

    private static ReportedDiagnostic InternalError(string path, string doing, Exception ex)
        => DiagnosticReporter.Locate(
            DiagnosticCatalog.Create(DiagnosticCatalog.InternalError, SpecLocation.Unknown(path), doing, ex.GetType().Name + ": " + ex.Message),
            null);

    private static void AddSource(SourceProductionContext context, EmitResult? result)
    {
        if (result is null) return;
        try
        {
            if (result.Error is not null) context.ReportDiagnostic(DiagnosticReporter.ToRoslyn(result.Error));
            // UTF-8 without a BOM, like the tool writes: EmitCompilerGeneratedFiles then puts byte-identical files on disk.
            // (An encoding is needed at all so the compiler can embed the text in the pdb.)
            if (result.File is not null) context.AddSource(result.File.HintName, SourceText.From(result.File.Text, Utf8NoBom));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A callback that throws would surface as CS8785 with a stack trace; the catalogue's entry says what to do.
            context.ReportDiagnostic(DiagnosticReporter.ToRoslyn(InternalError("", "adding " + (result.File?.HintName ?? "a file"), ex)));
        }
    }

    private static void Report(SourceProductionContext context, EquatableArray<ReportedDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            try
            {
                context.ReportDiagnostic(DiagnosticReporter.ToRoslyn(diagnostic));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    BunqDiagnostics.InternalError,
                    Location.None,
                    "Internal error in the bunq generator while reporting " + diagnostic.Diagnostic.Id + ": " + ex.Message));
            }
        }
    }
}
