using System.Text;
using System.Text.Json;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests.Pinning;

/// <summary>
/// Runs one runtime reader over a JSON document and records what it reported. Every probe also checks that the reader
/// left the reader on the value's last token: a reader that forgets to skip a value corrupts the rest of the model.
/// </summary>
internal static class JsonProbe
{
    public delegate T Reader<T>(ref Utf8JsonReader reader);

    public delegate T KeptReader<T>(ref Utf8JsonReader reader, ref BunqUnknownFields? kept);

    public static T Read<T>(string json, Reader<T> read) => Read(json, read, out _);

    public static T Read<T>(string json, Reader<T> read, out List<BunqDriftEvent> drift)
    {
        var events = new List<BunqDriftEvent>();
        T value;
        using (BunqDrift.Begin("probe", null, events.Add))
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            Assert.True(reader.Read());
            value = read(ref reader);
            Assert.False(reader.Read(), "the reader stopped before the end of the value");
        }
        drift = events;
        return value;
    }

    /// <summary>Reads <paramref name="json"/> as the field <c>M.f</c> with the kept-value readers generated models call.</summary>
    public static T ReadField<T>(string json, KeptReader<T> read, out BunqUnknownFields? kept, out List<BunqDriftEvent> drift)
    {
        BunqUnknownFields? store = null;
        var value = Read(json, (ref Utf8JsonReader r) => read(ref r, ref store), out drift);
        kept = store;
        return value;
    }

    /// <summary>The kept wire text of a field, or null when nothing was kept.</summary>
    public static string? KeptText(BunqUnknownFields? kept, string field)
        => kept is not null && kept.TryGetValue(field, out var raw) ? raw.GetRawText() : null;

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
