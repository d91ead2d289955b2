using System.Diagnostics.Metrics;
using Bunq.Runtime.Json;
using Microsoft.Extensions.Logging;

namespace Bunq.CodeGen.Tests.Wire;

/// <summary>Where drift goes: the observer gets every event, the logger one warning per (operation, kind, field), the meter counts all.</summary>
public sealed class DriftReportTests
{
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add((logLevel, formatter(state, exception)));
        }
    }

    [Fact]
    public void The_logger_warns_once_per_operation_kind_and_field_while_the_observer_sees_every_event()
    {
        var logger = new ListLogger();
        var seen = new List<BunqDriftEvent>();
        var reporter = new BunqDriftReporter(seen.Add, logger);
        using (BunqDrift.Begin("List_all_Payment_for_User_MonetaryAccount", reporter))
        {
            for (var i = 0; i < 200; i++) BunqDrift.Report(BunqDriftKind.UnknownField, "Payment.new_field", "d");
            BunqDrift.Report(BunqDriftKind.ScalarMismatch, "Payment.new_field", "d");
            BunqDrift.Report(BunqDriftKind.UnknownField, "Payment.other_field", "d");
        }
        using (BunqDrift.Begin("READ_Payment_for_User_MonetaryAccount", reporter))
        {
            BunqDrift.Report(BunqDriftKind.UnknownField, "Payment.new_field", "d");
        }
        Assert.Equal(203, seen.Count);
        Assert.All(logger.Lines, l => Assert.Equal(LogLevel.Warning, l.Level));
        Assert.Equal(4, logger.Lines.Count);
        Assert.Contains(logger.Lines, l => l.Message.Contains("UnknownField Payment.new_field in List_all_Payment_for_User_MonetaryAccount", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Message.Contains("ScalarMismatch Payment.new_field", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Message.Contains("in READ_Payment_for_User_MonetaryAccount", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_event_is_counted_on_the_Bunq_Runtime_meter_with_its_tags()
    {
        var counted = new List<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Bunq.Runtime.BunqTelemetry.Name && instrument.Name == Bunq.Runtime.BunqTelemetry.WireDriftName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags) map[tag.Key] = tag.Value;
            if (map.TryGetValue("operation", out var op) && (string?)op == "READ_Meter_Test") lock (counted) counted.Add((value, map));
        });
        listener.Start();
        using (BunqDrift.Begin("READ_Meter_Test", null))
        {
            BunqDrift.Report(BunqDriftKind.AliasKey, "CardDebit", "d");
            BunqDrift.Report(BunqDriftKind.AliasKey, "CardDebit", "d");
        }
        var (value, tags) = Assert.Single(counted.Take(1));
        Assert.Equal(2, counted.Count);
        Assert.Equal(1, value);
        Assert.Equal("AliasKey", tags["kind"]);
        Assert.Equal("CardDebit", tags["field"]);
    }

    [Fact]
    public void An_inner_scope_without_its_own_sink_reports_to_the_enclosing_one()
    {
        var outer = new List<BunqDriftEvent>();
        using (BunqDrift.Begin("CREATE_Outer", null, outer.Add))
        {
            using (BunqDrift.Begin(null, null))
            {
                BunqDrift.Report(BunqDriftKind.UnknownField, "M.f", "d");
            }
            BunqDrift.Report(BunqDriftKind.UnknownField, "M.g", "d");
        }
        BunqDrift.Report(BunqDriftKind.UnknownField, "M.h", "after the scope: the counter only");
        Assert.Equal(new[] { "CREATE_Outer M.f", "CREATE_Outer M.g" }, outer.Select(e => e.OperationId + " " + e.Field));
    }
}
