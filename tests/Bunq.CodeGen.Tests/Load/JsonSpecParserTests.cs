using System.Globalization;
using System.Text;
using Bunq.CodeGen.Load;
using SharpYaml;
using SharpYaml.Serialization;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>The parser keeps one string per repeated member name; every name must still come out as written.</summary>
public class JsonSpecParserTests
{
    [Fact]
    public void Repeated_escaped_long_and_many_distinct_names_all_come_out_as_written()
    {
        var names = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            // Far more distinct names than the name table holds, so its bounds are crossed.
            names.Add("n" + i.ToString(CultureInfo.InvariantCulture));
        }

        names.Add(new string('x', 200));
        var json = new StringBuilder("{\"items\":[");
        for (var copy = 0; copy < 3; copy++)
        {
            json.Append(copy == 0 ? "{" : ",{");
            json.Append(string.Join(",", names.Select(n => "\"" + n + "\":" + copy.ToString(CultureInfo.InvariantCulture))));
            json.Append(",\"\\u0074ype\":\"t\",\"type\":\"again\",\"caf\\u00e9\":1}");
        }

        json.Append("]}");

        var parsed = JsonSpecParser.Parse(Encoding.UTF8.GetBytes(json.ToString()), SpecLoader.DefaultMaxDepth, default);

        var items = (YamlSequenceNode)((YamlMappingNode)parsed.Document!.RootNode).Children[new YamlScalarNode("items")];
        Assert.Equal(3, items.Children.Count);
        foreach (var item in items.Children.Cast<YamlMappingNode>())
        {
            var keys = item.Children.Select(c => ((YamlScalarNode)c.Key).Value).ToList();
            Assert.Equal(names.Concat(new[] { "type", "café" }), keys);
            Assert.All(item.Children, c => Assert.Equal(ScalarStyle.DoubleQuoted, ((YamlScalarNode)c.Key).Style));
            Assert.Equal("again", ((YamlScalarNode)item.Children[new YamlScalarNode("type")]).Value);
        }

        // "\u0074ype" and "type" are one name: the second is the object's duplicate, reported once per object.
        Assert.Equal(3, parsed.DuplicateKeys.Count);
        Assert.All(parsed.DuplicateKeys, d => Assert.Equal("type", d.Value));
    }

    [Theory]
    [InlineData("12", "12")]
    [InlineData("-0.5e+3", "-0.5e+3")]
    [InlineData("1E400", "1E400")]
    public void Numbers_keep_their_text(string number, string expected)
    {
        var parsed = JsonSpecParser.Parse(Encoding.UTF8.GetBytes("{\"n\": " + number + " }"), SpecLoader.DefaultMaxDepth, default);

        var value = (YamlScalarNode)((YamlMappingNode)parsed.Document!.RootNode).Children[new YamlScalarNode("n")];
        Assert.Equal(expected, value.Value);
        Assert.Equal(ScalarStyle.Plain, value.Style);
    }
}
