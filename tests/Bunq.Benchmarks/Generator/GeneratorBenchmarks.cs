using BenchmarkDotNet.Attributes;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Model;

namespace Bunq.Benchmarks.Generator;

/// <summary>
/// Warm, in-process generation of the whole 2025 spec (480 operations): each stage alone on the previous stage's
/// result, and the three together as the tool and the source generator run them.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private readonly EmitOptions _options = new();
    private string _path = "";
    private string _text = "";
    private LoadResult _load = null!;
    private ApiModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchPaths.RequireSharedSpec();
        _text = File.ReadAllText(_path);
        _load = SpecLoader.Load(_path, _text);
        _model = ApiModelBuilder.Build(_load, _text);
        var operations = _model.Resources.Sum(r => r.Operations.Count);
        if (_load.HasErrors || _model.HasErrors || operations < 400)
        {
            throw new InvalidOperationException($"The 2025 spec did not build cleanly ({operations} operations).");
        }
        // Emit renders files in parallel: it must give exactly the files, in the order, of one-by-one emission.
        var sequential = new[] { ClientEmitter.EmitClient(_model, _options) }
            .Concat(_model.Resources.Select(r => ClientEmitter.EmitResource(r, _options)))
            .Concat(_model.Types.Select(t => ClientEmitter.EmitType(t, _options, ClientEmitter.FactoryName(_model, _options))));
        if (!ClientEmitter.Emit(_model, _options).SequenceEqual(sequential))
        {
            throw new InvalidOperationException("ClientEmitter.Emit differs from file-by-file emission.");
        }
    }

    [Benchmark(Description = "generate 2025 spec: load")]
    public object Load() => SpecLoader.Load(_path, _text);

    [Benchmark(Description = "generate 2025 spec: model")]
    public object Model() => ApiModelBuilder.Build(_load, _text);

    [Benchmark(Description = "generate 2025 spec: emit")]
    public int Emit() => ClientEmitter.Emit(_model, _options).Count;

    [Benchmark(Description = "generate 2025 spec: load + model + emit")]
    public int All() => ClientEmitter.Emit(ApiModelBuilder.Build(_path, _text), _options).Count;
}
