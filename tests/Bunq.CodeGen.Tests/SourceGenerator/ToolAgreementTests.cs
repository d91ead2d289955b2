using System.Reflection;
using System.Text;

namespace Bunq.CodeGen.Tests.SourceGenerator;

/// <summary>
/// <c>bunq-codegen generate</c> and the source generator must agree byte for byte, or checking generated code in
/// (and <c>bunq-codegen check</c>) would disagree with what the build compiles. The tool runs through its real entry
/// point, so option parsing is covered too.
/// </summary>
public class ToolAgreementTests
{
    // Serialised: the tool writes to Console, which is process-wide.
    private static readonly object ConsoleLock = new();

    [Theory]
    [InlineData(new string[0], null, null)]
    [InlineData(new[] { "--namespace", "Acme.Banking", "--client-name", "Bank", "--no-xml-docs" }, "Acme.Banking|Bank|false", null)]
    [InlineData(new[] { "--include", "payment;user", "--include", "/user/{}/monetary-account/{}/request-inquiry", "--exclude", "/user/{}/monetary-account/{}/mastercard-action" }, null, "payment,user,/user/{}/monetary-account/{}/request-inquiry|/user/{}/monetary-account/{}/mastercard-action")]
    public void The_tool_writes_the_same_files_as_the_generator(string[] toolOptions, string? emit, string? filter)
    {
        var spec = GeneratorHarness.RepoSpec();
        var output = Directory.CreateTempSubdirectory("bunq-agree-");
        try
        {
            var (exitCode, stderr) = RunTool(new[] { "generate", "--spec", spec.Path, "--out", output.FullName }.Concat(toolOptions).ToArray());
            Assert.True(exitCode == 0, "bunq-codegen failed: " + stderr);

            var emitParts = emit?.Split('|');
            var filterParts = filter?.Split('|');
            var properties = GeneratorHarness.Properties(
                ns: emitParts?[0] ?? "Bunq.Client",
                clientName: emitParts?[1],
                xmlDocs: emitParts is null ? null : bool.Parse(emitParts[2]),
                include: filterParts?[0],
                exclude: filterParts?[1]);
            var result = GeneratorHarness.Driver(spec, properties).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();

            var generated = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
            var written = output.GetFiles("*.cs").ToDictionary(f => f.Name, f => File.ReadAllBytes(f.FullName), StringComparer.Ordinal);

            Assert.NotEmpty(generated);
            Assert.Equal(generated.Keys.OrderBy(k => k, StringComparer.Ordinal), written.Keys.OrderBy(k => k, StringComparer.Ordinal));
            // EmitCompilerGeneratedFiles writes each text in its SourceText's encoding: no BOM, so the files on disk match too.
            Assert.All(result.GeneratedSources, s => Assert.Empty(s.SourceText.Encoding!.GetPreamble()));
            foreach (var (name, text) in generated)
            {
                // The tool writes UTF-8 without a BOM: compare bytes, not decoded strings.
                Assert.True(Encoding.UTF8.GetBytes(text).AsSpan().SequenceEqual(written[name]), name + " differs between the tool and the generator");
            }
            if (filter is not null) Assert.True(generated.Count < 150, "the filter should have dropped most of the spec, got " + generated.Count);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static (int ExitCode, string Stderr) RunTool(string[] args)
    {
        var entry = Assembly.Load("bunq-codegen").EntryPoint ?? throw new InvalidOperationException("bunq-codegen has no entry point");
        lock (ConsoleLock)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var stderr = new StringWriter();
            Console.SetOut(new StringWriter());
            Console.SetError(stderr);
            try
            {
                var returned = entry.Invoke(null, new object[] { args });
                var exitCode = returned switch
                {
                    int code => code,
                    Task<int> task => task.GetAwaiter().GetResult(),
                    _ => throw new InvalidOperationException("unexpected entry point result " + returned),
                };
                return (exitCode, stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
