namespace Bunq.Runtime;

/// <summary>Where the API lives: production, sandbox, or any base URL ending in <c>/v1</c> (the local emulator).</summary>
public sealed class BunqEnvironment : IEquatable<BunqEnvironment>
{
    /// <summary>bunq's production API, <c>https://api.bunq.com/v1/</c>: real accounts and real money.</summary>
    public static readonly BunqEnvironment Production = new("Production", new Uri("https://api.bunq.com/v1/"));

    /// <summary>bunq's sandbox, <c>https://public-api.sandbox.bunq.com/v1/</c>: test users and test money.</summary>
    public static readonly BunqEnvironment Sandbox = new("Sandbox", new Uri("https://public-api.sandbox.bunq.com/v1/"));

    private BunqEnvironment(string name, Uri baseUrl)
    {
        Name = name;
        BaseUrl = baseUrl;
    }

    /// <summary><c>Production</c>, <c>Sandbox</c> or <c>Custom</c>.</summary>
    public string Name { get; }

    /// <summary>The API root, always with a trailing slash so request paths resolve beneath it.</summary>
    public Uri BaseUrl { get; }

    /// <summary>
    /// Any other API root, e.g. <c>http://127.0.0.1:5000/v1</c> for the local emulator. Must be HTTPS unless it is a
    /// loopback address; otherwise <see cref="ArgumentException"/>.
    /// </summary>
    public static BunqEnvironment Custom(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri) throw new ArgumentException("The base URL must be absolute.", nameof(baseUrl));
        // Every call carries a token and the answers carry account data: plain HTTP is only acceptable to this machine.
        if (baseUrl.Scheme != Uri.UriSchemeHttps && !(baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback))
        {
            throw new ArgumentException(
                $"The base URL must use HTTPS ('{baseUrl.Scheme}://{baseUrl.Host}' given); plain HTTP is allowed only for 127.0.0.1, ::1 or localhost (a local emulator).",
                nameof(baseUrl));
        }
        var text = baseUrl.AbsoluteUri;
        if (!text.EndsWith('/')) text += "/";
        var normalized = new Uri(text);
        if (normalized == Production.BaseUrl) return Production;
        if (normalized == Sandbox.BaseUrl) return Sandbox;
        return new BunqEnvironment("Custom", normalized);
    }

    /// <summary><see cref="Custom(Uri)"/> for a URL given as text, e.g. <c>http://127.0.0.1:5000/v1</c> for the emulator.</summary>
    public static BunqEnvironment Custom(string baseUrl) => Custom(new Uri(baseUrl, UriKind.Absolute));

    /// <summary>The absolute URL of a request path (relative, no leading slash, query included).</summary>
    public Uri Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Uri(BaseUrl, path.TrimStart('/'));
    }

    /// <summary>True when both name the same environment at the same base URL.</summary>
    public bool Equals(BunqEnvironment? other) => other is not null && Name == other.Name && BaseUrl == other.BaseUrl;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BunqEnvironment);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, BaseUrl);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({BaseUrl})";
}
