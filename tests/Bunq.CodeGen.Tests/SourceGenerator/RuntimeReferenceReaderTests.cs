using Bunq.CodeGen.Emit;
using Bunq.CodeGen.SourceGenerator;
using Xunit;

namespace Bunq.CodeGen.Tests.SourceGenerator;

/// <summary>
/// The runtime reference is read from a file's metadata tables, and from a project's symbols; both readings must give
/// the same identity and contract (the generator's refusal messages quote them).
/// </summary>
public sealed class RuntimeReferenceReaderTests
{
    [Theory]
    [InlineData(null, null, null, 0)]
    [InlineData(0, null, 0, 0)]
    [InlineData(1, null, 1, 1)]
    [InlineData(3, 2, 3, 2)]
    public void A_file_and_a_project_of_the_same_runtime_read_alike(int? contract, int? oldest, int? expectedContract, int expectedOldest)
    {
        var expected = new RuntimeReference(true, "1.2.3.4", expectedContract, expectedOldest);

        var fromFile = RuntimeReferenceReader.Read(GeneratorHarness.Compilation(GeneratorHarness.FakeRuntime(contract, oldest, "1.2.3.4")));
        var fromProject = RuntimeReferenceReader.Read(GeneratorHarness.Compilation(GeneratorHarness.FakeRuntime(contract, oldest, "1.2.3.4", asProject: true)));

        Assert.Equal(expected, fromFile);
        Assert.Equal(expected, fromProject);
    }

    [Fact]
    public void The_real_runtime_is_found_with_the_contract_it_declares()
    {
        var attribute = (Bunq.Runtime.BunqRuntimeContractAttribute)Attribute.GetCustomAttribute(
            typeof(Bunq.Runtime.IBunqApiClient).Assembly, typeof(Bunq.Runtime.BunqRuntimeContractAttribute))!;
        var version = typeof(Bunq.Runtime.IBunqApiClient).Assembly.GetName().Version!.ToString();

        var read = RuntimeReferenceReader.Read(GeneratorHarness.Compilation(withRuntime: true));

        Assert.Equal(new RuntimeReference(true, version, attribute.Version, attribute.OldestSupported), read);
        Assert.Equal(RuntimeContract.AssemblyName, typeof(Bunq.Runtime.IBunqApiClient).Assembly.GetName().Name);
    }

    [Fact]
    public void Without_an_assembly_of_that_name_nothing_is_found()
    {
        Assert.Equal(RuntimeReference.None, RuntimeReferenceReader.Read(GeneratorHarness.Compilation(withRuntime: false)));
    }
}
