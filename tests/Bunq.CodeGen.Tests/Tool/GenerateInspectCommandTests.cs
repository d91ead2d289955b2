using System.CommandLine;
using System.Text.Json;
using Bunq.CodeGen.Tests.Load;
using Bunq.CodeGen.Tests.TestSupport;
using Bunq.CodeGen.Tool.Commands;

namespace Bunq.CodeGen.Tests.Tool;

/// <summary><c>generate</c> and <c>inspect</c> through the real command-line parser, as a user runs them.</summary>
public sealed class GenerateInspectCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"bunq-tool-{Guid.NewGuid():N}");

    public GenerateInspectCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { GenerateCommand.Create(), InspectCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [SharedSpecsFact]
    public void Inspect_json_lists_all_480_operations_of_the_2025_spec_with_shapes_and_keys()
    {
        var (exit, output, error) = Run("inspect", "--spec", SpecFiles.RequireSharedSpec(SpecFiles.Spec2025), "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var operations = json.RootElement.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(480, operations.Count);
        var shapes = new HashSet<string> { "id", "uuid", "object", "list", "union", "multi", "binary", "empty" };
        var kinds = new HashSet<string> { "create", "read", "list", "update", "delete" };
        foreach (var op in operations)
        {
            Assert.Contains(op.GetProperty("shape").GetString()!, shapes);
            Assert.Contains(op.GetProperty("kind").GetString()!, kinds);
            Assert.Equal(op.GetProperty("method").GetString(), op.GetProperty("method").GetString()!.ToLowerInvariant());
            Assert.StartsWith("/", op.GetProperty("path").GetString());
            Assert.Equal(JsonValueKind.Array, op.GetProperty("keys").ValueKind);
            Assert.True(op.TryGetProperty("requestType", out _) && op.TryGetProperty("responseType", out _));
        }
        var payments = operations.Single(o => o.GetProperty("method").GetString() == "get" && o.GetProperty("path").GetString() == "/user/{userID}/monetary-account/{monetary-accountID}/payment");
        Assert.Equal("list", payments.GetProperty("shape").GetString());
        Assert.Equal("Payment", payments.GetProperty("keys")[0].GetString());
        Assert.Equal("MonetaryAccount(id).Payments", payments.GetProperty("resource").GetString());
        Assert.Equal("ListAsync", payments.GetProperty("methodName").GetString());
        Assert.NotEmpty(json.RootElement.GetProperty("types").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("diagnostics").ValueKind);
        var pointerType = json.RootElement.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "PointerType");
        Assert.Equal("enum", pointerType.GetProperty("kind").GetString());
        Assert.Equal(new[] { "EMAIL", "PHONE_NUMBER", "IBAN" }, pointerType.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.Equal("PhoneNumber", pointerType.GetProperty("values")[1].GetProperty("name").GetString());
        var pointer = json.RootElement.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Pointer");
        Assert.Equal("PointerType", pointer.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("jsonName").GetString() == "type").GetProperty("type").GetString());
    }

    [Fact]
    public void Generate_writes_the_client_and_a_rerun_changes_nothing()
    {
        var output = Path.Combine(_dir, "out");
        var (exit, stdout, error) = Run("generate", "--spec", SpecFiles.RepoSpec, "--out", output, "--namespace", "MyApp.Bunq");
        Assert.True(exit == 0, error);
        Assert.Contains("429 operations", stdout);
        var files = Directory.GetFiles(output, "*.cs");
        Assert.Contains(files, f => Path.GetFileName(f) == "BunqClient.g.cs");
        Assert.All(files, f => Assert.StartsWith(GenerateCommand.GeneratedMarker, File.ReadAllText(f)));
        var stamps = files.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        // A hand-written file survives; a stale generated one is removed; unchanged files are not rewritten.
        File.WriteAllText(Path.Combine(output, "Mine.cs"), "// mine\n");
        File.WriteAllText(Path.Combine(output, "Gone.g.cs"), GenerateCommand.GeneratedMarker + "\n// from an older spec\n");
        Thread.Sleep(20);
        var (again, stdout2, _) = Run("generate", "--spec", SpecFiles.RepoSpec, "--out", output, "--namespace", "MyApp.Bunq");
        Assert.Equal(0, again);
        Assert.Contains("removed 1 stale file", stdout2);
        Assert.True(File.Exists(Path.Combine(output, "Mine.cs")));
        Assert.False(File.Exists(Path.Combine(output, "Gone.g.cs")));
        Assert.All(stamps, pair => Assert.Equal(pair.Value, File.GetLastWriteTimeUtc(pair.Key)));
    }

    [Fact]
    public void Generate_replaces_a_changed_file_whole_leaves_no_temporary_file_and_writes_no_folder_for_a_broken_spec()
    {
        var output = Path.Combine(_dir, "out");
        Assert.Equal(0, Run("generate", "--spec", SpecFiles.RepoSpec, "--out", output).Exit);
        var client = Path.Combine(output, "BunqClient.g.cs");
        var expected = File.ReadAllBytes(client);
        File.WriteAllText(client, GenerateCommand.GeneratedMarker + "\n// edited by hand\n");

        var (exit, _, error) = Run("generate", "--spec", SpecFiles.RepoSpec, "--out", output);
        Assert.True(exit == 0, error);
        Assert.Equal(expected, File.ReadAllBytes(client));
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));

        var broken = Path.Combine(_dir, "broken-out");
        Assert.Equal(1, Run("generate", "--spec", Write("broken.json", "{ \"openapi\": "), "--out", broken).Exit);
        Assert.False(Directory.Exists(broken));
    }

    [Theory]
    [InlineData("truncated.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"},\"paths\":{\"/user\":{\"get\":")]
    [InlineData("external-ref.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"},\"paths\":{\"/user\":{\"get\":{\"operationId\":\"List_all_User\",\"responses\":{\"200\":{\"description\":\"\",\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"other.json#/components/schemas/Nope\"}}}}}}}}}")]
    [InlineData("noresponses.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"},\"paths\":{\"/user\":{\"get\":{\"operationId\":\"List_all_User\"}}}}")]
    [InlineData("notbunq.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"},\"paths\":{}}")]
    [InlineData("bomb.yaml", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n")]
    public void A_broken_spec_gives_compiler_style_diagnostics_exit_1_and_no_stack_trace(string name, string text)
    {
        var spec = Write(name, text);
        var output = Path.Combine(_dir, "out-" + name);
        var (exit, stdout, stderr) = Run("generate", "--spec", spec, "--out", output);
        Assert.Equal(1, exit);
        Assert.Matches(@"\(\d+,\d+\): error BUNQ\d{4}: |: error BUNQ\d{4}: ", stderr);
        Assert.Contains(spec, stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr + stdout);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFiles(output).Any(), "no partial output");
    }

    [Fact]
    public void A_ten_megabyte_spec_is_read_or_refused_with_a_diagnostic_never_a_crash()
    {
        var description = new string('x', 10 * 1024 * 1024);
        var spec = Write("big.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"x\",\"version\":\"1\",\"description\":\"" + description + "\"},\"paths\":{}}");
        var (exit, _, stderr) = Run("generate", "--spec", spec, "--out", Path.Combine(_dir, "big"));
        Assert.Equal(1, exit); // no bunq operations in it
        Assert.Contains("BUNQ", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void A_missing_spec_file_is_a_diagnostic()
    {
        var (exit, _, stderr) = Run("inspect", "--spec", Path.Combine(_dir, "nope.json"));
        Assert.Equal(1, exit);
        Assert.Contains("error BUNQ0001", stderr);
    }
}

/// <summary><c>emulate</c>'s arguments: the emulator only ever listens on this machine.</summary>
public sealed class EmulateCommandTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true, 5000)]
    [InlineData("http://localhost:5001", true, 5001)]
    [InlineData("http://[::1]:5002", true, 5002)]
    [InlineData("http://0.0.0.0:5000", false, 0)]
    [InlineData("http://192.168.1.2:5000", false, 0)]
    [InlineData("https://127.0.0.1:5000", false, 0)]
    [InlineData("not a url", false, 0)]
    public void Only_loopback_http_urls_are_accepted(string url, bool accepted, int port)
    {
        Assert.Equal(accepted, EmulateCommand.TryLoopbackPort(url, out var actual));
        Assert.Equal(port, actual);
    }

    [Fact]
    public void A_non_loopback_url_is_a_usage_error()
    {
        var root = new RootCommand { EmulateCommand.Create() };
        var stderr = new StringWriter();
        var exit = root.Parse(new[] { "emulate", "--urls", "http://0.0.0.0:5000" }).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = stderr });
        Assert.Equal(2, exit);
        Assert.Contains("127.0.0.1", stderr.ToString());
    }
}
