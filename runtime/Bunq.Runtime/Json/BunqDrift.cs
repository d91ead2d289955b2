using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bunq.Runtime.Json;

/// <summary>What kind of difference between bunq's answer and the spec the reader met (docs/wire-drift.md explains each).</summary>
public enum BunqDriftKind
{
    /// <summary>A field the model does not declare; kept in the model's <c>UnknownFields</c> and written back.</summary>
    UnknownField,

    /// <summary>An object-type key no case of the union knows; read as the union's <c>Unknown</c> case.</summary>
    UnknownObjectType,

    /// <summary>An element under a key the conventions table lists as another name of the expected object type.</summary>
    AliasKey,

    /// <summary>An element under a key nobody listed where one object type was expected; read as that type.</summary>
    UnexpectedKey,

    /// <summary>A scalar of another JSON type than the spec's (a fraction in an integer, a number as a string, …).</summary>
    ScalarMismatch,

    /// <summary>An object where an array is declared, an array where an object is declared, or a scalar where either is.</summary>
    ShapeMismatch,

    /// <summary>An answer without an element bunq always sends.</summary>
    MissingElement,
}

/// <summary>One leniency of the reader: what was seen, where, and in which operation.</summary>
/// <param name="OperationId">bunq's operationId of the call (e.g. <c>List_all_Card_for_User</c>); empty outside a call.</param>
/// <param name="Kind">What kind of difference it is.</param>
/// <param name="Field">Where: <c>Model.json_name</c> for fields, the object-type key for envelope elements.</param>
/// <param name="Detail">What was seen, without any value (values may be personal data).</param>
public sealed record BunqDriftEvent(string OperationId, BunqDriftKind Kind, string Field, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Field} in {(OperationId.Length == 0 ? "(no operation)" : OperationId)}: {Detail}";
}

/// <summary>
/// Where drift goes: the observer of <see cref="BunqClientOptions.OnWireDrift"/>, one warning per (operation, kind, field)
/// in the logger, and the <see cref="BunqTelemetry.WireDrift"/> counter (<c>bunq.client.wire_drift</c> of the <c>Bunq.Runtime</c> meter).
/// </summary>
public sealed class BunqDriftReporter
{
    private readonly Action<BunqDriftEvent>? _observer;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<(string, BunqDriftKind, string), byte> _warned = new();

    /// <summary>A reporter that passes each drift to <paramref name="observer"/> and logs each kind once per field to <paramref name="logger"/>.</summary>
    public BunqDriftReporter(Action<BunqDriftEvent>? observer, ILogger? logger)
    {
        _observer = observer;
        _logger = logger;
    }

    /// <summary>Counts the event, tells the observer, and warns the first time this (operation, kind, field) is seen.</summary>
    public void Report(BunqDriftEvent drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        Count(drift);
        if (_logger is not null && _warned.TryAdd((drift.OperationId, drift.Kind, drift.Field), 0))
        {
            _logger.LogWarning("bunq's answer drifted from its spec: {Kind} {Field} in {Operation}: {Detail} (further ones are not logged; see docs/wire-drift.md)",
                drift.Kind, drift.Field, drift.OperationId, drift.Detail);
        }
        _observer?.Invoke(drift);
    }

    internal static void Count(BunqDriftEvent drift)
        => BunqTelemetry.WireDrift.Add(1, new KeyValuePair<string, object?>("operation", drift.OperationId), new KeyValuePair<string, object?>("kind", drift.Kind.ToString()),
            new KeyValuePair<string, object?>("field", drift.Field));
}

/// <summary>
/// The drift sink of the answer being read. Reading is synchronous over one <see cref="System.Text.Json.Utf8JsonReader"/>, so
/// the envelope reader sets it for the duration of one read on this thread and generated models report into it without
/// carrying it through every <c>ReadJson</c>.
/// </summary>
public static class BunqDrift
{
    [ThreadStatic]
    private static Scope? _current;

    /// <summary>Reports into the current read's sink; outside a read (tests, stored JSON) only the counter sees it.</summary>
    public static void Report(BunqDriftKind kind, string field, string detail)
    {
        var scope = _current;
        var drift = new BunqDriftEvent(scope?.OperationId ?? "", kind, field, detail);
        if (scope is null)
        {
            BunqDriftReporter.Count(drift);
            return;
        }
        if (scope.Reporter is { } reporter) reporter.Report(drift);
        else BunqDriftReporter.Count(drift);
        scope.Observer?.Invoke(drift);
    }

    /// <summary>
    /// Everything reported on this thread until the result is disposed goes to <paramref name="reporter"/> and
    /// <paramref name="observer"/>; what is not given (null) is taken from the enclosing scope, so a read inside your own
    /// scope reports to you.
    /// </summary>
    public static Scope Begin(string? operationId, BunqDriftReporter? reporter, Action<BunqDriftEvent>? observer = null)
    {
        var outer = _current;
        var scope = new Scope(operationId ?? outer?.OperationId ?? "", reporter ?? outer?.Reporter, observer ?? outer?.Observer, outer);
        _current = scope;
        return scope;
    }

    /// <summary>One read's sink; disposing restores the enclosing one.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly Scope? _outer;

        internal Scope(string operationId, BunqDriftReporter? reporter, Action<BunqDriftEvent>? observer, Scope? outer)
        {
            OperationId = operationId;
            Reporter = reporter;
            Observer = observer;
            _outer = outer;
        }

        internal string OperationId { get; }

        internal BunqDriftReporter? Reporter { get; }

        internal Action<BunqDriftEvent>? Observer { get; }

        /// <summary>Ends the read's scope; drift is reported to the enclosing scope again.</summary>
        public void Dispose() => _current = _outer;
    }
}
