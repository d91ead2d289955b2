using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.Emit;

public sealed class FullSpecEmitTests : IClassFixture<FullSpecFixture>
{
    private readonly FullSpecFixture _fixture;

    public FullSpecEmitTests(FullSpecFixture fixture) => _fixture = fixture;

    [Fact]
    public void The_repository_s_spec_generates_a_client_that_compiles_without_any_warning()
    {
        Assert.True(_fixture.Errors.Length == 0, string.Join("\n", _fixture.Errors));
        Assert.True(_fixture.Problems.Length == 0,
            $"{_fixture.Problems.Length} problems, first ones:\n{string.Join("\n", _fixture.Problems.Take(20))}");
    }

    [Fact]
    public void Resource_classes_types_and_the_client_share_no_name_and_hint_names_are_unique_on_any_file_system()
    {
        // The model promises unique names in the one namespace; a clash here is a builder bug.
        var names = new[] { _fixture.Options.ClientName }
            .Concat(_fixture.Model.Resources.Select(r => r.ClassName))
            .Concat(_fixture.Model.Types.Select(t => t.Name))
            .ToList();
        var clashes = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(clashes.Count == 0, "Names used twice: " + string.Join(", ", clashes));
        var hintClashes = _fixture.Files.GroupBy(f => f.HintName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(hintClashes.Count == 0, "Hint names that differ only in case: " + string.Join(", ", hintClashes));
    }

    [Fact]
    public void The_whole_spec_emits_the_same_bytes_every_time()
    {
        var again = ClientEmitter.Emit(ApiModelBuilder.Build(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec)), _fixture.Options);
        Assert.Equal(_fixture.Files, again.ToArray());
    }

    [Fact]
    public void Every_operation_becomes_a_method_and_every_list_an_enumerator()
    {
        var operations = _fixture.Model.Resources.Sum(r => r.Operations.Count);
        var text = string.Concat(_fixture.Files.Select(f => f.Text));
        var methods = CountOf(text, "        public virtual async global::System.Threading.Tasks.Task");
        Assert.Equal(operations, methods);
        var lists = _fixture.Model.Resources.SelectMany(r => r.Operations)
            .Count(o => o.ResponseType is not null && o.Kind == OperationKind.List && o.Shape is ResultShape.List or ResultShape.Union);
        Assert.True(lists > 0);
        Assert.Equal(lists, CountOf(text, "new global::Bunq.Runtime.BunqPageable<"));
    }

    [Fact]
    public void Parallel_emission_gives_the_same_bytes_as_sequential_emission()
    {
        // The source generator renders files concurrently from the shared, cached templates.
        var model = _fixture.Model;
        var parallel = new GeneratedFile[model.Types.Count];
        var factory = ClientEmitter.FactoryName(model, _fixture.Options);
        Parallel.For(0, model.Types.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => parallel[i] = ClientEmitter.EmitType(model.Types[i], _fixture.Options, factory));
        Assert.Equal(_fixture.Files.Skip(1 + model.Resources.Count).ToArray(), parallel);
    }

    private static int CountOf(string text, string needle)
    {
        var count = 0;
        for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + needle.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
