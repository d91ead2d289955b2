using System.Collections;
using System.Reflection;
using Bunq.CodeGen.SourceGenerator;
using Microsoft.CodeAnalysis;

namespace Bunq.CodeGen.Tests.SourceGenerator;

/// <summary>
/// The cache compares step values; a symbol, syntax node, compilation or OpenApiDocument inside one would pin a whole
/// compilation in memory and never compare equal. Walk every tracked value's object graph and look for them.
/// </summary>
public class PipelineValueTests
{
    [Fact]
    public void No_step_value_holds_a_symbol_syntax_node_compilation_or_OpenApiDocument()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.RepoSpec(), GeneratorHarness.Properties(include: "payment,user"))
            .RunGenerators(GeneratorHarness.Compilation());
        var result = driver.GetRunResult().Results.Single();

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var found = new List<string>();
        var values = 0;
        // Our steps only: Roslyn's own input nodes ("Compilation", which the runtime check selects from) are what they are.
        Assert.All(BunqClientGenerator.Steps.All, step => Assert.Contains(step, result.TrackedSteps.Keys));
        foreach (var (name, runs) in result.TrackedSteps.Where(s => BunqClientGenerator.Steps.All.Contains(s.Key)))
        {
            foreach (var run in runs)
            {
                foreach (var (value, _) in run.Outputs)
                {
                    values++;
                    Walk(value, name, visited, found);
                }
            }
        }

        Assert.True(values > 50, "expected the per-resource and per-type steps to be tracked, saw " + values + " values");
        Assert.Contains(BunqClientGenerator.Steps.Model, result.TrackedSteps.Keys);
        Assert.Empty(found);
    }

    [Fact]
    public void The_walker_finds_a_forbidden_value_when_there_is_one()
    {
        // Guards the test above against a walker that never looks inside anything.
        var compilation = GeneratorHarness.Compilation();
        var found = new List<string>();
        Walk(new { Inner = new[] { (object)"x", new { Deep = compilation } } }, "probe", new HashSet<object>(ReferenceEqualityComparer.Instance), found);
        Assert.Single(found);
    }

    private static void Walk(object? value, string path, HashSet<object> visited, List<string> found)
    {
        if (value is null) return;
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return;
        if (value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree
            || type.Namespace?.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal) == true)
        {
            found.Add(path + ": " + type.FullName);
            return;
        }
        if (!type.IsValueType && !visited.Add(value)) return;
        // A default ImmutableArray throws when enumerated; it holds nothing.
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>)
            && (bool)type.GetProperty("IsDefault")!.GetValue(value)!) return;
        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var item in sequence) Walk(item, path + "[" + i++ + "]", visited, found);
            return;
        }
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer) continue;
                Walk(field.GetValue(value), path + "." + field.Name, visited, found);
            }
        }
    }
}
