using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bunq.Robustness.Tests.Support;

/// <summary>
/// Keeps every line at every level: the formatted message, every structured value (a secret passed as a parameter
/// but left out of the template would still reach a structured sink), and the exception with its stack.
/// </summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        Lines.Enqueue("scope: " + state);
        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"{logLevel}: {formatter(state, exception)}";
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            line += " | " + string.Join(" | ", values.Select(v => v.Key + "=" + v.Value));
        }
        if (exception is not null) line += " | " + exception;
        Lines.Enqueue(line);
    }
}
