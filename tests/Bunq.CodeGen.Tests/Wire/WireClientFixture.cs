using System.Reflection;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;
using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.Wire;

/// <summary>
/// The client generated from the repository's bunq spec, compiled once with <see cref="WireHarness"/> and loaded, so
/// tests read real answer shapes through the very code users get.
/// </summary>
public sealed class WireClientFixture
{
    public const string Namespace = "Wire.Bunq";

    public WireClientFixture()
    {
        Model = ApiModelBuilder.Build(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));
        Files = ClientEmitter.Emit(Model, new EmitOptions(Namespace, "BunqClient")).ToArray();
        var compilation = InMemoryCompiler.Compile("Wire.Bunq.Generated", Files, WireHarness.Source);
        Problems = InMemoryCompiler.Problems(compilation);
        _assembly = new Lazy<Assembly>(() => InMemoryCompiler.Load(compilation));
    }

    private readonly Lazy<Assembly> _assembly;

    public ApiModel Model { get; }

    public GeneratedFile[] Files { get; }

    public string[] Problems { get; }

    public Assembly Assembly => _assembly.Value;

    public Type Type(string name) => Assembly.GetType(Namespace + "." + name, throwOnError: true)!;

    /// <summary>Calls a static method of the compiled harness.</summary>
    public object? Call(string method, params object?[] arguments)
    {
        var type = Assembly.GetType(Namespace + ".Tests.Harness", throwOnError: true)!;
        var target = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException("The harness has no method " + method + ".");
        try
        {
            var result = target.Invoke(null, arguments);
            return result is Task<string> task ? task.GetAwaiter().GetResult() : result;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
