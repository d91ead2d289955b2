namespace Bunq.Runtime;

/// <summary>Raw bytes from a binary endpoint (attachment content, PDF exports), already signature-checked.</summary>
public sealed class BunqBinary
{
    /// <summary>Wraps <paramref name="content"/> of type <paramref name="contentType"/>.</summary>
    public BunqBinary(ReadOnlyMemory<byte> content, string? contentType)
    {
        Content = content;
        ContentType = contentType;
    }

    /// <summary>The bytes bunq answered with (an attachment, an export, a QR code).</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The answer's <c>Content-Type</c>, e.g. <c>image/png</c>, when bunq sent one.</summary>
    public string? ContentType { get; }

    /// <summary>A read-only stream over a copy of <see cref="Content"/>.</summary>
    public Stream OpenRead() => new MemoryStream(Content.ToArray(), writable: false);

    /// <summary>The binary body of a verified answer.</summary>
    public static BunqBinary From(BunqResponse response) => new(response.Body, response.ContentType);
}
