using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Bunq.Runtime;

/// <summary>Where the API contexts of many users live, one per tenant (connection) key.</summary>
public interface IBunqKeyedContextStore
{
    /// <summary>The store of one tenant's context; cheap, and the same key always addresses the same stored context.</summary>
    IBunqContextStore For(string key);
}

/// <summary>
/// Serialises what must happen once per tenant across every instance that shares it: creating the context and
/// renewing its session. Whoever holds the lease re-reads the stored context first, so a waiter picks up the session
/// the holder opened instead of opening another (bunq allows one session-server call per 30 s per IP).
/// </summary>
public interface IBunqContextCoordinator
{
    /// <summary>Waits for the tenant's lease; throws <see cref="BunqCoordinationException"/> when the coordinator cannot be reached.</summary>
    Task<IBunqContextLease> AcquireAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The right to create or renew one tenant's context; dispose it to let the next instance in.</summary>
public interface IBunqContextLease : IAsyncDisposable
{
    /// <summary>Grows with every lease of the tenant: a save under an older token than the store has seen is refused.</summary>
    long FencingToken { get; }

    /// <summary>The newest stored context, or null when none is stored yet.</summary>
    Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Saves under this lease; <see cref="BunqContextStoreException"/> (<see cref="BunqContextStoreError.Conflict"/>) when the lease was lost to a newer one.</summary>
    Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken);
}

/// <summary>
/// One context file per tenant in a directory (each a <see cref="BunqContextFileStore"/>: atomic, owner-only,
/// checksummed, optionally protected). The file name is a hash of the key, so keys may hold any character and the
/// directory listing shows no customer identifiers.
/// </summary>
public sealed class BunqContextDirectoryStore : IBunqKeyedContextStore
{
    private readonly IBunqContextProtector? _protector;
    private readonly ConcurrentDictionary<string, BunqContextFileStore> _stores = new(StringComparer.Ordinal);

    /// <summary>A store with one file per tenant key under <paramref name="directory"/>, each protected by <paramref name="protector"/> when given.</summary>
    public BunqContextDirectoryStore(string directory, IBunqContextProtector? protector = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _protector = protector;
    }

    /// <summary>The folder holding the tenants' context files.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public IBunqContextStore For(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _stores.GetOrAdd(key, k => new BunqContextFileStore(Path.Combine(Directory, FileName(k)), _protector));
    }

    internal static string FileName(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".context.json";
}

/// <summary>Keeps every tenant's context in memory (serialised). For tests and single short-lived processes.</summary>
public sealed class BunqMemoryKeyedContextStore : IBunqKeyedContextStore
{
    private readonly ConcurrentDictionary<string, BunqMemoryContextStore> _stores = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IBunqContextStore For(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _stores.GetOrAdd(key, static _ => new BunqMemoryContextStore());
    }
}

/// <summary>
/// The coordinator of one process: a lock per tenant in memory over a keyed store. Enough for many users in one
/// process; a fleet of processes needs the Redis coordinator of Bunq.Runtime.Redis.
/// </summary>
public sealed class BunqLocalContextCoordinator : IBunqContextCoordinator
{
    private readonly IBunqKeyedContextStore _store;
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>A coordinator for one process: one renewal at a time per tenant key, over <paramref name="store"/>.</summary>
    public BunqLocalContextCoordinator(IBunqKeyedContextStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public async Task<IBunqContextLease> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var gate = _gates.GetOrAdd(key, static _ => new Gate());
        await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(gate, Interlocked.Increment(ref gate.Fence), _store.For(key));
    }

    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public long Fence;
    }

    private sealed class Lease : IBunqContextLease
    {
        private readonly Gate _gate;
        private readonly IBunqContextStore _store;
        private int _released;

        public Lease(Gate gate, long fence, IBunqContextStore store)
        {
            _gate = gate;
            _store = store;
            FencingToken = fence;
        }

        public long FencingToken { get; }

        public Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken) => _store.LoadAsync(cancellationToken);

        public Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken) => _store.SaveAsync(context, cancellationToken);

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) _gate.Semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// What coordinates the instances (a shared store, a lock service) could not be reached or refused: nothing was
/// sent to bunq. Never a silent fallback that would lose the shared limits.
/// </summary>
public sealed class BunqCoordinationException : BunqException
{
    /// <summary>Creates the exception; the message names the tenant key, never its secrets.</summary>
    public BunqCoordinationException(string message, Exception? inner = null) : base(message, null, inner)
    {
    }
}

/// <summary>The rate limiter refused the call instead of letting it wait (see the limiter's options); nothing was sent.</summary>
public sealed class BunqRateLimitRefusedException : BunqException
{
    /// <summary>Creates the exception; <paramref name="retryAfter"/> is the limiter's wait, when it gave one.</summary>
    public BunqRateLimitRefusedException(string message, object? retryAfter) : base(message, null)
    {
        RetryAfter = retryAfter as TimeSpan?;
    }

    /// <summary>When a permit should be free, if the limiter said.</summary>
    public TimeSpan? RetryAfter { get; }
}
