using System.Security.Cryptography;
using System.Text.Json;

namespace Bunq.Runtime;

/// <summary>Where an API context lives between runs.</summary>
public interface IBunqContextStore
{
    /// <summary>Replaces the stored context with this one.</summary>
    Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken = default);

    /// <summary>The stored context, or null when nothing was stored yet; damaged data throws <see cref="BunqContextStoreException"/>.</summary>
    Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Encrypts the stored context, e.g. with ASP.NET Core Data Protection (<c>IDataProtector</c> has these two methods)
/// or DPAPI. <see cref="Unprotect"/> should throw for bytes it did not produce.
/// </summary>
public interface IBunqContextProtector
{
    /// <summary>Protects a serialised context (it holds the private keys and the session token) before it is stored.</summary>
    byte[] Protect(byte[] plaintext);

    /// <summary>Reverses <see cref="Protect"/>; throws when the bytes were changed or the key is wrong.</summary>
    byte[] Unprotect(byte[] protectedData);
}

/// <summary>Keeps the context in memory (serialised, so a load gives a fresh, independent context). For tests and short-lived hosts.</summary>
public sealed class BunqMemoryContextStore : IBunqContextStore
{
    private byte[]? _json;

    /// <inheritdoc />
    public Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Volatile.Write(ref _json, BunqContextJson.Write(context));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = Volatile.Read(ref _json);
        return Task.FromResult(json is null ? null : BunqContextJson.Read(json));
    }
}

/// <summary>
/// Keeps the context in one JSON file. Writes are atomic (a temporary file in the same directory, flushed to disk,
/// then renamed over the old one), so a crash leaves either the old or the new file, never half of one. On Unix
/// the file is created owner-only (0600). A SHA-256 checksum over the stored context detects truncation and edits;
/// an optional <see cref="IBunqContextProtector"/> encrypts it. A temporary file a crashed process left behind (it
/// holds the API key and the private key) is deleted by the next save or load: its name carries the writer's
/// process id, and a file whose writer is gone, or that is older than ten minutes, is stale.
/// </summary>
public sealed class BunqContextFileStore : IBunqContextStore
{
    private const string FileFormat = "bunq-context-file";
    private const int FileVersion = 1;

    private readonly IBunqContextProtector? _protector;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A store that keeps the context in the file <paramref name="path"/>, protected by <paramref name="protector"/> when given.</summary>
    public BunqContextFileStore(string path, IBunqContextProtector? protector = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _protector = protector;
    }

    /// <summary>The file the context is kept in.</summary>
    public string Path { get; }

    /// <summary>Runs after the temporary file is written and before the rename; tests use it to simulate a crash.</summary>
    internal Action<string>? BeforeReplace { get; set; }

    /// <inheritdoc />
    public async Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var payload = BunqContextJson.Write(context);
        var document = Wrap(payload);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        var temp = System.IO.Path.Combine(directory, TempPrefix + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        InFlight.TryAdd(temp, 0);
        try
        {
            Directory.CreateDirectory(directory);
            DeleteStaleTemps();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(document, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            BeforeReplace?.Invoke(temp);
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Io, $"Could not save the API context to {Path}.", ex);
        }
        finally
        {
            TryDelete(temp);
            InFlight.TryRemove(temp, out _);
            _gate.Release();
        }
    }

    /// <summary>Temporary files this process is writing now, whichever store instance writes them.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> InFlight = new(StringComparer.Ordinal);

    private static readonly TimeSpan StaleAge = TimeSpan.FromMinutes(10);

    private string TempPrefix => "." + System.IO.Path.GetFileName(Path) + ".";

    /// <summary>Deletes temporary files of this context file whose writer crashed between writing and renaming.</summary>
    internal void DeleteStaleTemps()
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        string[] temps;
        try
        {
            if (!Directory.Exists(directory)) return;
            temps = Directory.GetFiles(directory, TempPrefix + "*.tmp");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var temp in temps)
        {
            if (InFlight.ContainsKey(temp)) continue;
            if (IsStale(temp)) TryDelete(temp);
        }
    }

    private bool IsStale(string temp)
    {
        try
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(temp) > StaleAge) return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        // ".context.json.<pid>.<guid>.tmp": stale when no process with that id runs (or it is this one: then not in flight).
        var rest = System.IO.Path.GetFileName(temp)[TempPrefix.Length..];
        var dot = rest.IndexOf('.');
        if (dot <= 0 || !int.TryParse(rest.AsSpan(0, dot), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)) return true;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <inheritdoc />
    public async Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken = default)
    {
        DeleteStaleTemps();
        byte[] document;
        try
        {
            document = await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Io, $"Could not read the API context from {Path}.", ex);
        }
        return BunqContextJson.Read(Unwrap(document));
    }

    private byte[] Wrap(byte[] payload)
    {
        var stored = _protector is null ? payload : _protector.Protect(payload);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(stored));
        return BunqApiContext.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("format"u8, FileFormat);
            w.WriteNumber("version"u8, FileVersion);
            w.WriteBoolean("protected"u8, _protector is not null);
            w.WriteString("sha256"u8, checksum);
            w.WritePropertyName("context"u8);
            if (_protector is null) w.WriteRawValue(stored, skipInputValidation: true);
            else w.WriteBase64StringValue(stored);
            w.WriteEndObject();
        });
    }

    private byte[] Unwrap(byte[] document)
    {
        string? format = null, checksum = null;
        long? version = null;
        bool? isProtected = null;
        byte[]? stored = null;
        try
        {
            var reader = new Utf8JsonReader(document, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Damaged("is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "format": format = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; break;
                    case "version": version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) ? v : null; break;
                    case "protected": isProtected = reader.TokenType is JsonTokenType.True or JsonTokenType.False ? reader.GetBoolean() : null; break;
                    case "sha256": checksum = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; break;
                    case "context":
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            stored = reader.TryGetBytesFromBase64(out var bytes) ? bytes : throw Damaged("has a context that is not base64");
                        }
                        else
                        {
                            // The checksum covers the exact bytes written, so take the raw slice rather than re-serialising.
                            var start = (int)reader.TokenStartIndex;
                            reader.Skip();
                            stored = document.AsSpan(start, (int)reader.BytesConsumed - start).ToArray();
                        }
                        break;
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0) throw Damaged("is incomplete (truncated?)");
        }
        catch (JsonException ex)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Damaged, $"The API context file {Path} is not valid JSON (truncated or edited).", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new BunqContextStoreException(BunqContextStoreError.Damaged, $"The API context file {Path} has an unexpected shape.", ex);
        }
        if (format != FileFormat || stored is null || checksum is null || isProtected is null) throw Damaged("is not a bunq API context file");
        if (version is null or < 1) throw Damaged("has no format version");
        if (version > FileVersion)
        {
            throw new BunqContextStoreException(BunqContextStoreError.UnsupportedVersion, $"The API context file {Path} has format version {version}; this runtime reads up to {FileVersion}.");
        }
        var actual = SHA256.HashData(stored);
        byte[] expected;
        try
        {
            expected = Convert.FromHexString(checksum);
        }
        catch (FormatException)
        {
            throw Damaged("has a malformed checksum");
        }
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            throw new BunqContextStoreException(BunqContextStoreError.Tampered, $"The API context file {Path} does not match its checksum: it was changed outside the runtime.");
        }
        if (isProtected.Value != (_protector is not null))
        {
            throw new BunqContextStoreException(BunqContextStoreError.ProtectionFailed,
                isProtected.Value ? $"The API context file {Path} is protected, but the store has no protector." : $"The API context file {Path} is not protected, but the store expects protection.");
        }
        if (_protector is null) return stored;
        try
        {
            return _protector.Unprotect(stored);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new BunqContextStoreException(BunqContextStoreError.ProtectionFailed, $"The API context file {Path} could not be unprotected.", ex);
        }
    }

    private BunqContextStoreException Damaged(string what) => new(BunqContextStoreError.Damaged, $"The API context file {Path} {what}.");

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
