namespace Bunq.CodeGen.Tests.Emit;

public sealed class EmitSnapshotTests : IClassFixture<SampleClientFixture>
{
    private readonly SampleClientFixture _fixture;

    public EmitSnapshotTests(SampleClientFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("SampleClient.g.cs")]
    [InlineData("PaymentEndpoint.g.cs")]
    [InlineData("MonetaryAccountEndpoint.g.cs")]
    [InlineData("AttachmentPublicEndpoint.g.cs")]
    [InlineData("Payment.g.cs")]
    [InlineData("MonetaryAccount.g.cs")]
    [InlineData("Installation.g.cs")]
    [InlineData("PointerType.g.cs")]
    public void Each_generated_file_matches_its_approved_snapshot(string hintName)
    {
        Snapshot.Verify(hintName.Replace(".g.cs", ""), _fixture.File(hintName).Text);
    }
}
