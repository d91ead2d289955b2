using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>The 2025 spec's contract as the model carries it: enums, required request fields, timestamps, shared inline types.</summary>
public sealed class SpecContractTests
{
    private static readonly ApiModel Model = ApiModelBuilder.Build(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));

    private static ApiType Type(string name) => Model.Types.Single(t => t.Name == name);

    [Fact]
    public void The_pointer_type_is_one_enum_for_requests_and_responses()
    {
        var pointerType = Type("PointerType");
        Assert.Equal(TypeKind.Enum, pointerType.Kind);
        Assert.Equal(new[] { "EMAIL", "PHONE_NUMBER", "IBAN" }, pointerType.Values.Select(v => v.Wire));
        Assert.Equal(TypeRef.EnumOf("PointerType"), Type("PointerRequest").Properties.Single(p => p.JsonName == "type").Type);
        Assert.Equal(TypeRef.EnumOf("PointerType"), Type("Pointer").Properties.Single(p => p.JsonName == "type").Type);
    }

    [Fact]
    public void Required_request_fields_are_required_and_no_response_field_is()
    {
        Assert.True(Type("RequestInquiryRequest").Properties.Single(p => p.JsonName == "allow_bunqme").Required);
        Assert.DoesNotContain(Model.Types.Where(t => t.Usage == TypeUsage.Response).SelectMany(t => t.Properties), p => p.Required);
    }

    [Fact]
    public void Bunqto_times_are_timestamps()
    {
        var bunqto = Model.Types.SelectMany(t => t.Properties).Where(p => p.JsonName is "bunqto_time_responded" or "bunqto_expiry").ToList();
        Assert.NotEmpty(bunqto);
        Assert.All(bunqto, p => Assert.Equal(TypeRefKind.Timestamp, p.Type.Kind));
    }

    [Fact]
    public void Identical_inline_shapes_are_one_type_with_a_description()
    {
        Assert.DoesNotContain(Model.Types, t => t.Name.StartsWith("ErrorMessageObject", StringComparison.Ordinal));
        var errorMessage = Type("ErrorMessage");
        Assert.False(string.IsNullOrWhiteSpace(errorMessage.Description));
    }
}
