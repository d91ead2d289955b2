using BenchmarkDotNet.Attributes;
using Bunq.Benchmarks.Client;
using Bunq.Benchmarks.Data;
using Bunq.Runtime;

namespace Bunq.Benchmarks.Runtime;

/// <summary>
/// Serves payment pages from memory: full 200-item pages whose <c>older_url</c> leads on, then one last page without.
/// The bodies are built once, so the server side adds nothing that grows with the count.
/// </summary>
internal sealed class InMemoryPages : IBunqApiClient
{
    public const int PageSize = 200;

    private readonly BunqResponse _middle = new(200, SampleData.PaymentEnvelope(PageSize), "application/json", "resp-middle");
    private readonly BunqResponse _last = new(200, SampleData.PaymentEnvelope(PageSize, olderUrl: null), "application/json", "resp-last");
    private int _pages;
    private int _served;

    /// <summary>Starts over for a listing of <paramref name="items"/> payments (a multiple of 200).</summary>
    public void Reset(int items)
    {
        if (items % PageSize != 0 || items <= 0) throw new ArgumentOutOfRangeException(nameof(items), items, "A positive multiple of 200.");
        _pages = items / PageSize;
        _served = 0;
    }

    public Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
    {
        _served++;
        return Task.FromResult(_served < _pages ? _middle : _last);
    }
}

/// <summary>Following every page of a payment listing through the generated <c>ListAllAsync</c> (BunqPageable).</summary>
[MemoryDiagnoser]
public class PagingBenchmarks
{
    private readonly InMemoryPages _api = new();
    private BunqClient _client = null!;

    [Params(10_000, 100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup() => _client = new BunqClient(_api, SampleData.UserId);

    [Benchmark(Description = "paging: follow all payments through ListAllAsync")]
    public Task<long> FollowAll() => Follow(_client, _api, Items, sample: null);

    /// <summary>Enumerates <paramref name="items"/> payments; <paramref name="sample"/> is called after every page.</summary>
    internal static async Task<long> Follow(BunqClient client, InMemoryPages api, int items, Action<long>? sample)
    {
        api.Reset(items);
        long count = 0, check = 0;
        await foreach (var payment in client.MonetaryAccount(SampleData.AccountId).Payments.ListAllAsync(InMemoryPages.PageSize).ConfigureAwait(false))
        {
            count++;
            check += payment.Id ?? 0;
            if (sample is not null && count % InMemoryPages.PageSize == 0) sample(count);
        }
        if (count != items) throw new InvalidOperationException($"Paging yielded {count} payments, expected {items}.");
        return count + (check & 1);
    }

    /// <summary>
    /// Memory while following <paramref name="items"/> payments: bytes allocated per item, and the live GC heap after a
    /// full collection sampled every 10 pages (peak) and at the end.
    /// </summary>
    internal static (double AllocatedPerItem, long PeakLiveHeap, long HeapSizeAtEnd) MeasureHeap(int items)
    {
        var api = new InMemoryPages();
        var client = new BunqClient(api, SampleData.UserId);
        Follow(client, api, InMemoryPages.PageSize * 2, null).GetAwaiter().GetResult(); // JIT and first-use allocations
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var peak = GC.GetTotalMemory(forceFullCollection: true);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        long sampledAllocations = 0;
        Follow(client, api, items, count =>
        {
            if (count % (InMemoryPages.PageSize * 10) != 0) return;
            var a = GC.GetTotalAllocatedBytes(precise: true);
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            sampledAllocations += GC.GetTotalAllocatedBytes(precise: true) - a;
        }).GetAwaiter().GetResult();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before - sampledAllocations;
        var atEnd = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
        return (allocated / (double)items, peak, atEnd);
    }
}
