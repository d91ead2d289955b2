using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.TestSupport;

/// <summary>
/// A test over the real bunq specs in <c>../shared/specs/bunq-doc</c>. CI always has that folder; a user's
/// clone may not, and then the test is reported as skipped with a reason that names the missing folder,
/// rather than failing for a reason that has nothing to do with the code.
/// </summary>
public sealed class SharedSpecsFactAttribute : FactAttribute
{
    public SharedSpecsFactAttribute()
    {
        if (SpecFiles.SharedSpecsFolder is null) Skip = MissingReason;
    }

    internal static string MissingReason =>
        $"Needs the real bunq specs in '{SpecFiles.SharedSpecsRelative}' beside the repository root; that folder is absent here.";
}

/// <inheritdoc cref="SharedSpecsFactAttribute"/>
public sealed class SharedSpecsTheoryAttribute : TheoryAttribute
{
    public SharedSpecsTheoryAttribute()
    {
        if (SpecFiles.SharedSpecsFolder is null) Skip = SharedSpecsFactAttribute.MissingReason;
    }
}
