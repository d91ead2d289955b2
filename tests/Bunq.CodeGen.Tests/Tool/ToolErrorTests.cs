using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Bunq.CodeGen.Tests.Load;
using Bunq.CodeGen.Tool.Commands;

namespace Bunq.CodeGen.Tests.Tool;

/// <summary>
/// How every command fails, through the tool's own root command as a user runs it: one line per problem on standard
/// error, the exit code docs/ci.md documents, no help dump and no stack trace.
/// </summary>
public sealed class ToolErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"bunq-tool-errors-{Guid.NewGuid():N}");

    public ToolErrorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = BunqCodegenCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AssertNoHelpAndNoStackTrace(string stdout, string stderr)
    {
        Assert.DoesNotContain("Options:", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("emulate --seed abc", "bunq-codegen emulate: ", "'abc'")]
    [InlineData("emulate --no-such-option", "bunq-codegen emulate: ", "--no-such-option")]
    [InlineData("generate --out x", "bunq-codegen generate: ", "--spec")]
    [InlineData("inspect --spec", "bunq-codegen inspect: ", "--spec")]
    [InlineData("check --spec bunq.json", "bunq-codegen check: ", "--generated")]
    [InlineData("diff only-one.json", "bunq-codegen diff: ", "Required argument")]
    [InlineData("", "bunq-codegen: ", "a command is required")]
    [InlineData("frobnicate", "bunq-codegen: ", "'frobnicate'")]
    public void A_usage_error_is_a_line_naming_it_and_exit_2_in_every_command(string commandLine, string prefix, string named)
    {
        var (exit, stdout, stderr) = Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        AssertNoHelpAndNoStackTrace(stdout, stderr);
        var lines = Lines(stderr);
        Assert.InRange(lines.Length, 1, 3);
        Assert.StartsWith(prefix, lines[0], StringComparison.Ordinal);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--include", "paymnet", "payment")]
    [InlineData("--include", "Paymnets", "Payments")]
    [InlineData("--exclude", "atachment-public", "attachment-public")]
    public void Generate_with_a_filter_entry_that_matches_nothing_is_a_usage_error_naming_the_closest_and_what_exists(string option, string entry, string closest)
    {
        var output = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = Run("generate", "--spec", SpecFiles.RepoSpec, "--out", output, option, entry);

        Assert.Equal(2, exit);
        AssertNoHelpAndNoStackTrace(stdout, stderr);
        var lines = Lines(stderr);
        Assert.StartsWith($"bunq-codegen generate: {option} '{entry}' matches no operation of bunq.com.json", lines[0], StringComparison.Ordinal);
        Assert.Contains("closest: " + closest, lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("tags (", StringComparison.Ordinal) && l.Contains("monetary-account-bank", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("resources (", StringComparison.Ordinal) && l.Contains("Payments", StringComparison.Ordinal));
        Assert.False(Directory.Exists(output), "nothing is written");
    }

    [Fact]
    public void Generate_with_a_filter_that_matches_writes_the_subset()
    {
        var output = Path.Combine(_dir, "subset");

        var (exit, stdout, stderr) = Run("generate", "--spec", SpecFiles.RepoSpec, "--out", output, "--include", "payment");

        Assert.True(exit == 0, stderr);
        Assert.Contains("Generated ", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "PaymentsClient.g.cs")));
    }

    [Fact]
    public void Check_on_a_folder_that_does_not_exist_says_so_in_one_line_and_exits_2()
    {
        var missing = Path.Combine(_dir, "Generated");

        var (exit, stdout, stderr) = Run("check", "--spec", SpecFiles.RepoSpec, "--generated", missing);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.Equal($"bunq-codegen check: the folder '{missing}' (--generated) does not exist", line);
    }

    [Fact]
    public void Check_without_namespace_compares_with_the_options_the_checked_in_files_were_generated_with()
    {
        var generated = Path.Combine(_dir, "Generated");
        Assert.Equal(0, Run("generate", "--spec", SpecFiles.RepoSpec, "--out", generated, "--namespace", "MyApp.Bunq", "--no-xml-docs").Exit);

        var (exit, stdout, stderr) = Run("check", "--spec", SpecFiles.RepoSpec, "--generated", generated);

        Assert.True(exit == 0, stdout + stderr);
        Assert.StartsWith("Up to date", stdout, StringComparison.Ordinal);

        // Stale for a real reason: the suggested command keeps the user's namespace and docs setting.
        var edited = Path.Combine(generated, "PaymentsClient.g.cs");
        File.AppendAllText(edited, "// hand edit\n");
        var (staleExit, staleOut, _) = Run("check", "--spec", SpecFiles.RepoSpec, "--generated", generated);
        Assert.Equal(1, staleExit);
        var problems = Lines(staleOut).Where(l => l.StartsWith("differs", StringComparison.Ordinal) || l.StartsWith("missing", StringComparison.Ordinal) || l.StartsWith("extra", StringComparison.Ordinal)).ToList();
        Assert.Equal("differs  PaymentsClient.g.cs", Assert.Single(problems));
        var suggestion = Assert.Single(Lines(staleOut), l => l.StartsWith("Run: ", StringComparison.Ordinal));
        Assert.Contains("--namespace MyApp.Bunq", suggestion, StringComparison.Ordinal);
        Assert.Contains("--no-xml-docs", suggestion, StringComparison.Ordinal);
        Assert.DoesNotContain("Bunq.Client", suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_without_namespace_and_nothing_to_take_it_from_says_it_needs_one()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "Empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "Mine.cs"), "namespace Mine;\n");

        var (exit, stdout, stderr) = Run("check", "--spec", SpecFiles.RepoSpec, "--generated", empty);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains("pass --namespace", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_without_namespace_on_files_of_two_namespaces_says_it_needs_one()
    {
        var generated = Path.Combine(_dir, "Mixed");
        Assert.Equal(0, Run("generate", "--spec", SpecFiles.RepoSpec, "--out", generated, "--namespace", "A.Bunq").Exit);
        var other = Path.Combine(generated, "PaymentsClient.g.cs");
        File.WriteAllText(other, File.ReadAllText(other).Replace("namespace A.Bunq", "namespace B.Bunq", StringComparison.Ordinal));

        var (exit, _, stderr) = Run("check", "--spec", SpecFiles.RepoSpec, "--generated", generated);

        Assert.Equal(2, exit);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains("2 namespaces (A.Bunq, B.Bunq)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Emulate_on_a_busy_port_is_one_line_and_exit_4()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (exit, stdout, stderr) = Run("emulate", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(4, exit);
        Assert.Equal("", stdout);
        AssertNoHelpAndNoStackTrace(stdout, stderr);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"bunq-codegen emulate: cannot listen on http://127.0.0.1:{port}: the port is in use", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"openapi\":\"3.0.0\",\"paths\":{", "error BUNQ0002")]
    [InlineData("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"},\"paths\":{}}", "error BUNQ0010")]
    public void Emulate_with_a_broken_spec_prints_its_diagnostics_and_exits_3(string text, string expected)
    {
        var spec = Path.Combine(_dir, "broken.json");
        File.WriteAllText(spec, text);

        var (exit, stdout, stderr) = Run("emulate", "--spec", spec);

        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        AssertNoHelpAndNoStackTrace(stdout, stderr);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith(spec + "(", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulate_still_serves_and_stops_with_exit_0()
    {
        var stdout = new BannerWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = BunqCodegenCommand.Create().Parse(new[] { "emulate", "--seed", "7" })
            .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = new StringWriter() }, stop.Token);

        var banner = await stdout.Banner.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("{\"baseUrl\":\"http://127.0.0.1:", banner, StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await run);
    }

    /// <summary>Signals the emulator's first line, its {"baseUrl":…} banner.</summary>
    private sealed class BannerWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Banner => _banner.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            _banner.TrySetResult(value ?? "");
        }
    }
}
