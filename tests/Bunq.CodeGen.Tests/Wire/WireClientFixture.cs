using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;
using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.Wire;

/// <summary>
/// The client generated from the repository's bunq spec, compiled once and loaded, so tests read real answer shapes
/// through the very code users get.
/// </summary>
public sealed class WireClientFixture
{
    public const string Namespace = "Wire.Bunq";

    public WireClientFixture()
    {
        Model = ApiModelBuilder.Build(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));
        Files = ClientEmitter.Emit(Model, new EmitOptions(Namespace, "BunqClient")).ToArray();
        var compilation = InMemoryCompiler.Compile("Wire.Bunq.Generated", Files);
        Problems = InMemoryCompiler.Problems(compilation);
        _client = new Lazy<LoadedClient>(() => new LoadedClient(InMemoryCompiler.Load(compilation), Namespace));
    }

    private readonly Lazy<LoadedClient> _client;

    public ApiModel Model { get; }

    public GeneratedFile[] Files { get; }

    public string[] Problems { get; }

    internal LoadedClient Client => _client.Value;

    public Type Type(string name) => Client.Type(name);
}
