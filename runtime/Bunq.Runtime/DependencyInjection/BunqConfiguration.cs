using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bunq.Runtime;

/// <summary>
/// The configuration section <c>services.AddBunq(configuration.GetSection("Bunq"))</c> reads
/// (usually <c>"Bunq"</c> in appsettings.json, user secrets or environment variables such as <c>Bunq__ApiKey</c>).
/// </summary>
[System.Diagnostics.DebuggerDisplay("{ToString(),nq}")]
public sealed class BunqSettings
{
    /// <summary>
    /// <c>ApiKey</c>: the API key (or OAuth access token) a context is created for when the store is empty. Never
    /// serialised, shown by the debugger or by <see cref="ToString"/>: settings objects end up in config dumps.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Runtime.Serialization.IgnoreDataMember]
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    public string? ApiKey { get; set; }

    /// <summary><c>Environment</c>: <c>Sandbox</c> (default), <c>Production</c>, or an API root such as <c>http://127.0.0.1:5000/v1</c>.</summary>
    public string Environment { get; set; } = "Sandbox";

    /// <summary><c>ContextFile</c>: where the context is kept between runs (owner-only file, atomic writes).</summary>
    public string ContextFile { get; set; } = "bunq-context.json";

    /// <summary><c>Description</c>: the device-server description shown in the bunq app.</summary>
    public string Description { get; set; } = "Bunq.CodeGen";

    /// <summary><c>PermittedIps</c>: IPs the device may call from (an array, or one comma-separated value).</summary>
    public IList<string> PermittedIps { get; set; } = new List<string>();

    /// <summary>Never shows the API key.</summary>
    public override string ToString() => $"BunqSettings({Environment}, \"{ContextFile}\", API key {(string.IsNullOrEmpty(ApiKey) ? "not set" : "set")})";

    /// <summary>The environment <see cref="Environment"/> names; throws <see cref="ArgumentException"/> for anything else.</summary>
    public BunqEnvironment ResolveEnvironment() => Environment.Trim() switch
    {
        var name when name.Equals("Sandbox", StringComparison.OrdinalIgnoreCase) => BunqEnvironment.Sandbox,
        var name when name.Equals("Production", StringComparison.OrdinalIgnoreCase) => BunqEnvironment.Production,
        var url => BunqEnvironment.Custom(url),
    };

    /// <summary>Reads the section by hand (no reflection binder, so trimming and AOT stay safe).</summary>
    internal static void Read(IConfiguration section, BunqSettings settings)
    {
        if (section["ApiKey"] is { } apiKey) settings.ApiKey = apiKey;
        if (section["Environment"] is { Length: > 0 } environment) settings.Environment = environment;
        if (section["ContextFile"] is { Length: > 0 } file) settings.ContextFile = file;
        if (section["Description"] is { Length: > 0 } description) settings.Description = description;
        var ips = section.GetSection("PermittedIps");
        var items = ips.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        if (items.Count == 0 && ips.Value is { Length: > 0 } joined)
        {
            items = joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }
        if (items.Count > 0) settings.PermittedIps = items;
    }
}

/// <summary>Binds bunq's options from configuration (the <c>Bunq</c> section).</summary>
public static class BunqConfigurationExtensions
{
    /// <summary>
    /// One line for an app: <c>services.AddBunq(configuration.GetSection("Bunq"))</c>. The section is read into
    /// <see cref="BunqSettings"/> and validated when the host starts (<c>ValidateOnStart</c>: a missing API key or a bad
    /// environment stops the app at start, not at the first payment); the context is restored from <c>ContextFile</c>
    /// on first use, or created there when the file does not exist yet. <see cref="IBunqApiClient"/> and
    /// <see cref="IBunqContextAccessor"/> are registered; add the generated client with <see cref="AddBunqClient{TClient}"/>.
    /// </summary>
    public static IServiceCollection AddBunq(this IServiceCollection services, IConfiguration section, Action<BunqOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<BunqSettings>()
            .Configure(settings => BunqSettings.Read(section, settings))
            .Validate(static settings => !string.IsNullOrWhiteSpace(settings.ApiKey), "Bunq:ApiKey is required (an API key, sandbox key or OAuth access token).")
            .Validate(static settings => IsEnvironment(settings), "Bunq:Environment must be Sandbox, Production or an https:// API root (http:// only for loopback).")
            .Validate(static settings => !string.IsNullOrWhiteSpace(settings.ContextFile), "Bunq:ContextFile must name a file.")
            .ValidateOnStart();
        services.AddOptions<BunqOptions>().Configure<IOptions<BunqSettings>>((options, settings) =>
        {
            var value = settings.Value;
            options.ContextStore ??= new BunqContextFileStore(value.ContextFile);
            options.CreateContext ??= new BunqContextOptions
            {
                ApiKey = value.ApiKey ?? "",
                Environment = value.ResolveEnvironment(),
                Description = value.Description,
                PermittedIps = value.PermittedIps.ToList(),
            };
        });
        return services.AddBunq(configure ?? (static _ => { }));
    }

    /// <summary>
    /// Registers a generated client (e.g. <c>BunqClient</c>) as a singleton over the injected <see cref="IBunqApiClient"/>:
    /// the client's transport constructor is used, so its default user is the injected context's user (read on the first
    /// call, when the context loads) and the container, not the client, owns the transport.
    /// </summary>
    public static IServiceCollection AddBunqClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(this IServiceCollection services)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TClient>(static provider => ActivatorUtilities.CreateInstance<TClient>(provider, provider.GetRequiredService<IBunqApiClient>()));
        return services;
    }

    private static bool IsEnvironment(BunqSettings settings)
    {
        try
        {
            settings.ResolveEnvironment();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            return false;
        }
    }
}
