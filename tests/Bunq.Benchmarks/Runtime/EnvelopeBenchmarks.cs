using BenchmarkDotNet.Attributes;
using Bunq.Benchmarks.Client;
using Bunq.Benchmarks.Data;
using Bunq.Runtime;
using Bunq.Runtime.Json;

namespace Bunq.Benchmarks.Runtime;

/// <summary>
/// A 200-payment page into typed objects: our path (bunq's envelope through <see cref="BunqEnvelope.ReadList{T}"/> and
/// the generated reader) against System.Text.Json's source generator and Newtonsoft.Json on the same payments as a bare
/// array (no envelope to unwrap), with hand-written POCOs of the same fields.
/// </summary>
[MemoryDiagnoser]
public class PaymentPageBenchmarks
{
    public const int Count = 200;

    private byte[] _envelope = [];
    private byte[] _array = [];

    [GlobalSetup]
    public void Setup()
    {
        _envelope = SampleData.PaymentEnvelope(Count);
        _array = SampleData.PaymentArray(Count);
        var ours = BunqEnvelope.ReadList<Payment>(new BunqResponse(200, _envelope, "application/json", null), "Payment");
        var limit = System.Text.Json.JsonSerializer.Deserialize(_array, PocoJsonContext.Default.ListPaymentPoco)!;
        if (ours.Items.Count != Count || limit.Count != Count || ours.Items[7].Created != limit[7].Created || ours.Items[7].Amount!.Value != limit[7].Amount!.Value
            || ours.Items[Count - 1].CounterpartyAlias?.LabelUser?.DisplayName != limit[Count - 1].CounterpartyAlias?.LabelUser?.DisplayName)
        {
            throw new InvalidOperationException("The envelope reader and the baseline disagree on the sample payments.");
        }
    }

    /// <summary>Interleaved runs, fastest of each: a quick look at the ratio on a busy machine (diagnosis only).</summary>
    internal static void Probe(TextWriter output, int rounds)
    {
        var bench = new PaymentPageBenchmarks();
        bench.Setup();
        var best = new double[3];
        Array.Fill(best, double.MaxValue);
        Func<int>[] runs = { bench.Ours, bench.SystemTextJsonSourceGenerated, bench.NewtonsoftJson };
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < runs.Length; i++)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                runs[i]();
                best[i] = Math.Min(best[i], System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }
        output.WriteLine($"fastest of {rounds}: ours {best[0]:0} us, STJ {best[1]:0} us, Newtonsoft {best[2]:0} us; ours/STJ {best[0] / best[1]:0.00}");
    }

    [Benchmark(Description = "payments: envelope -> generated models (ours)")]
    public int Ours() => BunqEnvelope.ReadList<Payment>(new BunqResponse(200, _envelope, "application/json", "resp"), "Payment").Items.Count;

    [Benchmark(Baseline = true, Description = "payments: bare array -> STJ source-generated POCOs (limit)")]
    public int SystemTextJsonSourceGenerated() => System.Text.Json.JsonSerializer.Deserialize(_array, PocoJsonContext.Default.ListPaymentPoco)!.Count;

    [Benchmark(Description = "payments: bare array -> Newtonsoft.Json POCOs")]
    public int NewtonsoftJson()
    {
        using var text = new StreamReader(new MemoryStream(_array, writable: false));
        using var json = new Newtonsoft.Json.JsonTextReader(text);
        return NewtonsoftSetup.Serializer.Deserialize<List<PaymentPoco>>(json)!.Count;
    }
}

/// <summary>A mixed monetary-account page (bank, savings, joint, external and an unknown object type) into the generated union.</summary>
[MemoryDiagnoser]
public class AccountPageBenchmarks
{
    public const int Count = 25;

    private byte[] _envelope = [];

    [GlobalSetup]
    public void Setup()
    {
        _envelope = SampleData.AccountEnvelope(Count);
        var page = BunqEnvelope.ReadUnionList<MonetaryAccount>(new BunqResponse(200, _envelope, "application/json", null));
        if (page.Items.Count != Count || page.Items[0] is not MonetaryAccount.Bank || page.Items[1] is not MonetaryAccount.Savings
            || page.Items[2] is not MonetaryAccount.Joint || page.Items[Count - 1] is not MonetaryAccount.Unknown)
        {
            throw new InvalidOperationException("The account page did not read as the expected union cases.");
        }
    }

    [Benchmark(Description = "accounts: 25-item mixed union page (ours)")]
    public int Ours() => BunqEnvelope.ReadUnionList<MonetaryAccount>(new BunqResponse(200, _envelope, "application/json", "resp")).Items.Count;
}

/// <summary>Writing a payment request body: the generated writer through <see cref="BunqJson.Serialize{T}"/>, and System.Text.Json's source generator for scale.</summary>
[MemoryDiagnoser]
public class WriteBenchmarks
{
    private readonly PaymentRequest _request = new()
    {
        Amount = Amount.Of(23.45m, "EUR"),
        CounterpartyAlias = new PointerRequest { Type = "IBAN", Value = "NL13RABO0123456789", Name = "Daan Bakker" },
        Description = "Terugbetaling concertkaartjes",
    };

    private readonly PaymentRequestPoco _poco = new()
    {
        Amount = new AmountPoco { Value = "23.45", Currency = "EUR" },
        CounterpartyAlias = new PointerPoco { Type = "IBAN", Value = "NL13RABO0123456789", Name = "Daan Bakker" },
        Description = "Terugbetaling concertkaartjes",
    };

    [Benchmark(Description = "payment request: BunqJson.Serialize (ours)")]
    public int Ours() => BunqJson.Serialize(_request).Length;

    [Benchmark(Baseline = true, Description = "payment request: STJ source-generated POCO")]
    public int SystemTextJsonSourceGenerated() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_poco, PocoJsonContext.Default.PaymentRequestPoco).Length;
}
