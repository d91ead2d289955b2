using System.Reflection;
using Bunq.CodeGen.Emit;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>Emits and compiles the sample model once for a test class, together with the harness.</summary>
public sealed class SampleClientFixture
{
    public SampleClientFixture()
    {
        Options = new EmitOptions("Sample.Bunq", "SampleClient");
        Files = ClientEmitter.Emit(SampleModel.Create(), Options).ToArray();
        Compilation = InMemoryCompiler.Compile("Sample.Bunq.Generated", Files, Harness.Source);
        Problems = InMemoryCompiler.Problems(Compilation);
        _assembly = new Lazy<Assembly>(() => InMemoryCompiler.Load(Compilation));
    }

    private readonly Lazy<Assembly> _assembly;

    public EmitOptions Options { get; }

    public GeneratedFile[] Files { get; }

    public CSharpCompilation Compilation { get; }

    public string[] Problems { get; }

    public GeneratedFile File(string hintName) => Files.Single(f => f.HintName == hintName);

    /// <summary>Calls a static method of the compiled harness.</summary>
    public object? Call(string method, params object?[] arguments)
    {
        var type = _assembly.Value.GetType("Sample.Bunq.Tests.Harness", throwOnError: true)!;
        var target = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException("The harness has no method " + method + ".");
        try
        {
            return target.Invoke(null, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
