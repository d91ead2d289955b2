using Microsoft.Extensions.Logging;

namespace Bunq.Emulator;

/// <summary>One line per event on a text writer, for the <c>emulate</c> command's stdout.</summary>
internal sealed class LineLogger : ILogger
{
    private readonly TextWriter _writer;

    public LineLogger(TextWriter writer)
    {
        _writer = writer;
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        _writer.WriteLine(formatter(state, exception));
        _writer.Flush();
    }
}
