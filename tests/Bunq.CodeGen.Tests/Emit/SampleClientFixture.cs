using Bunq.CodeGen.Emit;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>Emits, compiles and loads the sample model once for a test class.</summary>
public sealed class SampleClientFixture
{
    public SampleClientFixture()
    {
        Options = new EmitOptions("Sample.Bunq", "SampleClient");
        Files = ClientEmitter.Emit(SampleModel.Create(), Options).ToArray();
        Compilation = InMemoryCompiler.Compile("Sample.Bunq.Generated", Files);
        Problems = InMemoryCompiler.Problems(Compilation);
        _client = new Lazy<LoadedClient>(() => new LoadedClient(InMemoryCompiler.Load(Compilation), Options.Namespace));
    }

    private readonly Lazy<LoadedClient> _client;

    public EmitOptions Options { get; }

    public GeneratedFile[] Files { get; }

    public CSharpCompilation Compilation { get; }

    public string[] Problems { get; }

    public GeneratedFile File(string hintName) => Files.Single(f => f.HintName == hintName);

    /// <summary>The compiled client, loaded on first use (tests that only read the emitted text never load it).</summary>
    internal LoadedClient Client => _client.Value;
}
