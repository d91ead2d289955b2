using System.Text.Json;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Tests.TestSupport;
using Microsoft.OpenApi.Any;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>What the loader hands on equals what the file says, byte for byte where it matters.</summary>
public class FidelityTests
{
    [Fact]
    public void Repo_spec_description_and_shape_equal_the_file()
    {
        AssertFaithful(SpecFiles.RepoSpec);
    }

    [SharedSpecsFact]
    public void Spec_2025_with_escaped_emoji_and_73KB_description_is_loaded_faithfully()
    {
        var path = SpecFiles.RequireSharedSpec(SpecFiles.Spec2025);
        var text = File.ReadAllText(path);
        // The two traps this test exists for: the escaped surrogate pair and the scalar over the reader's 64 K default.
        Assert.Contains("\\ud83c\\udf89", text, StringComparison.Ordinal);

        var description = AssertFaithful(path);

        Assert.True(description.Length > 64 * 1024, $"description is {description.Length} chars");
        Assert.Contains("\U0001F389", description, StringComparison.Ordinal);
    }

    [Fact]
    public void JSON_of_version_3_is_read_by_our_tree_reader_and_swagger_2_by_the_pinned_library_reader()
    {
        var settings = SpecLoader.CreateSettings(LoadLimits.Default);
        Assert.True(OpenApiTreeReader.CanRead(TreeReaderComparison.RepairedTree(File.ReadAllText(SpecFiles.RepoSpec))!, settings), "bunq's spec is not read by OpenApiTreeReader");

        // Swagger 2.0 JSON, and the differential tests' reference reading, go through the library's internal
        // YamlDocument reader. If an update moves it, the loader falls back to the text reader, which cannot read
        // bunq's 2025 spec: say so here rather than there.
        Assert.False(OpenApiTreeReader.CanRead(TreeReaderComparison.RepairedTree("""{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{}}""")!, settings));
        Assert.True(OpenApiReaderBridge.IsAvailable, "Microsoft.OpenApi.Readers no longer has OpenApiYamlDocumentReader.Read(YamlDocument, out OpenApiDiagnostic)");
    }

    [Fact]
    public void Strings_that_look_like_numbers_or_booleans_stay_strings()
    {
        const string spec = """
            {"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{},
             "components":{"schemas":{"S":{"type":"object","properties":{
               "a":{"type":"string","example":"123"},
               "b":{"type":"string","example":"true"},
               "c":{"type":"integer","example":123},
               "d":{"type":"boolean","example":true},
               "e":{"type":"string","example":"null"}}}}}}
            """;

        var result = SpecLoader.Load("inline.json", spec);

        RealSpecLoadTests.AssertNoErrors(result);
        var properties = result.Document!.Components.Schemas["S"].Properties;
        Assert.Equal("123", Assert.IsType<OpenApiString>(properties["a"].Example).Value);
        Assert.Equal("true", Assert.IsType<OpenApiString>(properties["b"].Example).Value);
        Assert.Equal(123, Assert.IsType<OpenApiInteger>(properties["c"].Example).Value);
        Assert.True(Assert.IsType<OpenApiBoolean>(properties["d"].Example).Value);
        Assert.Equal("null", Assert.IsType<OpenApiString>(properties["e"].Example).Value);
    }

    private static string AssertFaithful(string path)
    {
        var text = File.ReadAllText(path);
        using var original = JsonDocument.Parse(text);

        var result = SpecLoader.LoadFile(path);

        RealSpecLoadTests.AssertNoErrors(result);
        var expected = original.RootElement.GetProperty("info").GetProperty("description").GetString();
        Assert.Equal(expected, result.Document!.Info.Description);
        Assert.Equal(original.RootElement.GetProperty("info").GetProperty("title").GetString(), result.Document.Info.Title);
        RealSpecLoadTests.AssertSameShapeAsJson(result.Document, text);
        return result.Document.Info.Description;
    }
}
