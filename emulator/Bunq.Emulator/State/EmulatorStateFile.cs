using System.Text;
using System.Text.Json.Nodes;
using Bunq.Emulator.Protocol;

namespace Bunq.Emulator.State;

/// <summary>
/// <c>emulate --state FILE</c>: the server key and everything the emulator knows (users, accounts, objects,
/// installations, sessions, used request ids) in one JSON file, written after every request (atomically: a
/// temporary file renamed over the old one, owner-only), so a client's saved API context still works after a restart.
/// It holds sandbox API keys, tokens and the server's private key: keep it where you keep test secrets.
/// </summary>
internal sealed class EmulatorStateFile
{
    private const string Format = "bunq-emulator-state";
    private const int Version = 1;

    private readonly string _path;
    private readonly object _writeGate = new();

    public EmulatorStateFile(string path) => _path = Path.GetFullPath(path);

    /// <summary>The stored state, or null when the file does not exist yet.</summary>
    public JsonObject? Read()
    {
        if (!File.Exists(_path)) return null;
        JsonObject state;
        try
        {
            state = JsonNode.Parse(File.ReadAllBytes(_path))?.AsObject() ?? throw new InvalidDataException("empty");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or InvalidDataException)
        {
            throw new InvalidDataException($"The emulator state file {_path} is not valid JSON.", ex);
        }
        if (state["format"]?.GetValue<string>() != Format || state["version"]?.GetValue<int>() != Version)
        {
            throw new InvalidDataException($"The file {_path} is not an emulator state file of version {Version}.");
        }
        return state;
    }

    /// <summary>Restores into freshly made parts; the protocol was made with the stored server key.</summary>
    public static void Restore(JsonObject state, EmulatorStore store, Bank bank, BunqProtocol protocol)
    {
        try
        {
            store.Import(state["store"]!.AsObject());
            bank.Import(state["bank"]!.AsObject(), state["store"]!["nextId"]!.GetValue<long>());
            protocol.Import(state["protocol"]!.AsObject());
        }
        catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException("The emulator state file is incomplete or damaged.", ex);
        }
    }

    public static string? ServerPrivateKey(JsonObject? state) => state?["protocol"]?["serverPrivateKey"]?.GetValue<string>();

    public void Write(EmulatorStore store, Bank bank, BunqProtocol protocol)
    {
        byte[] bytes;
        lock (store.Gate)
        {
            var state = new JsonObject
            {
                ["format"] = Format,
                ["version"] = Version,
                ["store"] = store.Export(),
                ["bank"] = bank.Export(),
                ["protocol"] = protocol.Export(),
            };
            bytes = Encoding.UTF8.GetBytes(Wire.ToJson(state));
        }
        lock (_writeGate)
        {
            // A new name each time, created only if absent (CreateNew does not follow a planted symlink) and owner-only
            // from its creation: the file holds API keys, tokens and the server's private key.
            var temp = _path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            // Outside the try: a file that was already there is not ours to delete.
            var stream = new FileStream(temp, options);
            try
            {
                using (stream)
                {
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, _path, overwrite: true);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The write failed already; that error is the one to report.
        }
    }
}
