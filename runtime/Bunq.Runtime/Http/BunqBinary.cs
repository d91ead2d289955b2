namespace Bunq.Runtime;

/// <summary>Raw bytes from a binary endpoint (attachment content, PDF exports), already signature-checked.</summary>
public sealed class BunqBinary
{
    public BunqBinary(ReadOnlyMemory<byte> content, string? contentType)
    {
        Content = content;
        ContentType = contentType;
    }

    public ReadOnlyMemory<byte> Content { get; }

    public string? ContentType { get; }

    public Stream OpenRead() => new MemoryStream(Content.ToArray(), writable: false);

    public static BunqBinary From(BunqResponse response) => new(response.Body, response.ContentType);
}
