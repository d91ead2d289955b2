using System.CommandLine;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.TestSupport;
using Bunq.CodeGen.Tool.Commands;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary><c>check</c>: fresh output passes, stale output fails and names the files.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"bunq-check-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>What 'generate' writes: the emitter's files under their hint names.</summary>
    private IReadOnlyList<GeneratedFile> WriteGenerated(string spec, EmitOptions options, ModelFilterOptions? filter = null)
    {
        Directory.CreateDirectory(_dir);
        var model = ApiModelBuilder.Build(spec, File.ReadAllText(spec));
        if (filter is not null) model = ModelFilter.Apply(model, filter);
        var files = ClientEmitter.Emit(model, options).ToList();
        foreach (var file in files) File.WriteAllText(Path.Combine(_dir, file.HintName), file.Text);
        return files;
    }

    private (int Exit, string Out, string Err) Check(string spec, params string[] extra)
    {
        var root = new RootCommand { CheckCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var args = new[] { "check", "--spec", spec, "--generated", _dir }.Concat(extra).ToArray();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [SharedSpecsFact]
    public void Fresh_output_is_up_to_date_and_a_hand_written_file_is_left_alone()
    {
        var spec = DiffSpecs.Npm(DiffSpecs.NpmOld);
        WriteGenerated(spec, new EmitOptions("MyApp.Bunq", "Bank"));
        File.WriteAllText(Path.Combine(_dir, "Extensions.cs"), "// mine\nnamespace MyApp.Bunq;\n");
        var (exit, output, _) = Check(spec, "--namespace", "MyApp.Bunq", "--client-name", "Bank");
        Assert.True(exit == 0, output);
        Assert.StartsWith("Up to date", output);
    }

    [SharedSpecsFact]
    public void Stale_output_exits_1_and_lists_each_file()
    {
        var spec = DiffSpecs.Npm(DiffSpecs.NpmOld);
        var files = WriteGenerated(spec, new EmitOptions());
        var edited = files[0].HintName;
        var deleted = files[1].HintName;
        File.AppendAllText(Path.Combine(_dir, edited), "// hand edit\n");
        File.Delete(Path.Combine(_dir, deleted));
        File.WriteAllText(Path.Combine(_dir, "Leftover.g.cs"), GenerateCommandMarker + "\nclass Leftover {}\n");

        var (exit, output, _) = Check(spec);
        Assert.Equal(1, exit);
        Assert.Contains("differs  " + edited, output);
        Assert.Contains("missing  " + deleted, output);
        Assert.Contains("extra    Leftover.g.cs", output);
        Assert.Contains("Run: bunq-codegen generate", output);
    }

    [SharedSpecsFact]
    public void Output_of_an_older_spec_is_stale_for_the_newer_one()
    {
        WriteGenerated(DiffSpecs.Npm(DiffSpecs.NpmOld), new EmitOptions());
        var (exit, output, _) = Check(DiffSpecs.Npm(DiffSpecs.NpmNew));
        Assert.Equal(1, exit);
        Assert.Contains("missing  ", output); // new resources, e.g. PaymentServiceProviderIssuerTransactions
        Assert.Contains("PaymentServiceProviderIssuerTransaction", output);
    }

    [SharedSpecsFact]
    public void Different_options_make_the_output_stale()
    {
        var spec = DiffSpecs.Npm(DiffSpecs.NpmOld);
        WriteGenerated(spec, new EmitOptions());
        Assert.Equal(1, Check(spec, "--namespace", "Other.Ns").Exit);
        Assert.Equal(1, Check(spec, "--no-xml-docs").Exit);
    }

    [SharedSpecsFact]
    public void Check_applies_the_same_include_filter_as_generate()
    {
        var spec = DiffSpecs.Npm(DiffSpecs.NpmOld);
        var subset = WriteGenerated(spec, new EmitOptions(), ModelFilterOptions.Parse("payment;card", null));
        var (exit, output, _) = Check(spec, "--include", "payment;card");
        Assert.True(exit == 0, output);
        // Without the filter the full client is expected: the subset is stale (missing files), not silently accepted.
        var (fullExit, fullOutput, _) = Check(spec);
        Assert.Equal(1, fullExit);
        Assert.Contains("missing  ", fullOutput);
        Assert.True(subset.Count < ClientEmitter.Emit(DiffSpecs.Side(spec).Model, new EmitOptions()).Count);
    }

    [SharedSpecsFact]
    public void Missing_generated_folder_is_a_usage_error_and_bad_spec_exits_3()
    {
        var spec = DiffSpecs.Npm(DiffSpecs.NpmOld);
        var (exit, output, error) = Check(spec);
        Assert.Equal(2, exit);
        Assert.DoesNotContain("missing  ", output);
        Assert.Contains("does not exist", error);

        WriteGenerated(spec, new EmitOptions());
        Assert.Equal(3, Check(Path.Combine(Path.GetTempPath(), "no-such-spec.json")).Exit);
        Assert.Equal(2, Check(spec, "--bogus").Exit);
    }

    /// <summary>The first line 'generate' writes; spelled out here so a change to it is noticed by this test.</summary>
    private const string GenerateCommandMarker = "// <auto-generated/>";
}
