using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Load;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>The repository's bunq spec through the model builder and the emitter, compiled once.</summary>
public sealed class FullSpecFixture
{
    public FullSpecFixture()
    {
        Model = ApiModelBuilder.Build(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));
        Errors = Model.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToCompilerString()).ToArray();
        Files = ClientEmitter.Emit(Model, Options).ToArray();
        Compilation = InMemoryCompiler.Compile("Bunq.Client.Generated", Files);
        Problems = InMemoryCompiler.Problems(Compilation);
    }

    public EmitOptions Options { get; } = new();

    public ApiModel Model { get; }

    public string[] Errors { get; }

    public GeneratedFile[] Files { get; }

    public CSharpCompilation Compilation { get; }

    public string[] Problems { get; }
}
