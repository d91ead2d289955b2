using System.Globalization;

namespace Bunq.Benchmarks.Report;

/// <summary>
/// The figures of one bench.sh run: <c>key&lt;TAB&gt;value</c> lines, written by the BenchmarkDotNet and heap commands and
/// by the script itself (whole processes, builds, openssl, the machine). A later line wins over an earlier one.
/// </summary>
public sealed class Results
{
    private readonly List<KeyValuePair<string, string>> _pending = new();
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Results Read(string path)
    {
        var results = new Results();
        foreach (var line in File.ReadLines(path))
        {
            var tab = line.IndexOf('\t');
            if (tab <= 0) continue;
            results._values[line[..tab].Trim()] = line[(tab + 1)..].Trim();
        }
        return results;
    }

    public void Add(string key, string value)
    {
        var clean = value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        _values[key] = clean;
        _pending.Add(new(key, clean));
    }

    public void Add(string key, double value) => Add(key, value.ToString("R", CultureInfo.InvariantCulture));

    public void AppendTo(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.AppendAllLines(path, _pending.Select(p => p.Key + "\t" + p.Value));
        _pending.Clear();
    }

    public string? Text(string key) => _values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    public double? Number(string key)
        => Text(key) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public IEnumerable<string> Keys => _values.Keys;
}
