using System.Reflection;
using System.Text;
using Bunq.Robustness.Tests.Support;
using Bunq.Runtime;
using Bunq.Runtime.Json;
using Xunit.Abstractions;

namespace Bunq.Robustness.Tests;

/// <summary>
/// Damaged versions of real answers (recorded from the emulator) fed to the runtime's readers with the models the
/// generator emits, and through BunqApiClient/BunqApiContext over a stub: only BunqException subclasses come out,
/// each carrying the answer's response id, and nothing is half-applied.
/// </summary>
public sealed class HostileAnswerTests(ITestOutputHelper output)
{
    private const string PaymentsPath = "/user/{userID}/monetary-account/{monetary-accountID}/payment";
    private const string PaymentPath = "/user/{userID}/monetary-account/{monetary-accountID}/payment/{itemId}";
    private const string AccountsPath = "/user/{userID}/monetary-account";

    private static int PerKind => Robust.Full ? 200 : 25;

    [Fact]
    public async Task Damaged_answers_give_format_exceptions_with_the_response_id()
    {
        var samples = await EmulatorSamples.GetAsync();
        var models = GeneratedModels.Instance;
        var readers = new (string Sample, Func<BunqResponse, object?> Read)[]
        {
            ("payment-list", ListReader(models, PaymentsPath)),
            ("payment-read", ObjectReader(models, PaymentPath)),
            ("account-list", UnionListReader(models, AccountsPath)),
            ("payment-id", r => BunqEnvelope.ReadId(r)),
        };
        var tried = 0;
        var accepted = 0;
        var failures = new List<string>();
        foreach (var (sample, read) in readers)
        {
            // The unmutated answer must read: otherwise every "failure" below could be the reader's fault, not the mutant's.
            Assert.NotNull(read(new BunqResponse(200, samples[sample], "application/json", "original")));
            foreach (var kind in AnswerMutator.Kinds)
            {
                for (var seed = 1; seed <= PerKind; seed++)
                {
                    var body = AnswerMutator.Mutate(samples[sample], kind, seed);
                    var responseId = $"hostile-{sample}-{kind}-{seed}";
                    tried++;
                    var problem = Outcome(() => read(new BunqResponse(200, body, "application/json", responseId)), responseId, responseId);
                    if (problem is null) accepted++;
                    else if (problem.Length > 0) failures.Add(problem);
                }
            }
        }
        output.WriteLine($"{tried} damaged answers read: {accepted} read as data, {tried - accepted - failures.Count} refused with BunqResponseFormatException, {failures.Count} wrong");
        foreach (var failure in failures.Take(30)) output.WriteLine("WRONG " + failure);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_100_MB_answer_is_read_or_refused_within_bounds()
    {
        var samples = await EmulatorSamples.GetAsync();
        var read = ListReader(GeneratedModels.Instance, PaymentsPath);
        var huge = AnswerMutator.Huge(samples["payment-list"], 100);
        var (elapsed, allocated, problem) = Robust.Guard("100 MB answer", () => Outcome(() => read(new BunqResponse(200, huge, "application/json", "huge")), "huge", "huge"));
        var (elapsedCut, allocatedCut, problemCut) = Robust.Guard("100 MB truncated answer", () => Outcome(() => read(new BunqResponse(200, huge.AsMemory(0, huge.Length - 7), "application/json", "huge-cut")), "huge-cut", "huge-cut"));
        output.WriteLine($"100 MB answer: {Robust.Format(elapsed)}, {Robust.Megabytes(allocated)} allocated; truncated: {Robust.Format(elapsedCut)}, {Robust.Megabytes(allocatedCut)} allocated");
        Assert.True(string.IsNullOrEmpty(problem), problem);
        Assert.Equal("", problemCut);
        // Reading keeps one copy of the big string (UTF-16, so twice the bytes) and little else.
        Assert.True(allocated < 1024L * 1024 * 1024, $"allocated {Robust.Megabytes(allocated)}");
    }

    [Theory]
    [InlineData("installation")]
    [InlineData("session-server")]
    public async Task Damaged_context_answers_never_give_a_half_made_context(string sample)
    {
        var samples = await EmulatorSamples.GetAsync();
        var failures = new List<string>();
        var tried = 0;
        var refused = 0;
        foreach (var kind in AnswerMutator.Kinds)
        {
            for (var seed = 1; seed <= PerKind / 5 + 1; seed++)
            {
                var stub = new StubBunq();
                // The stub answers with its own key and tokens (the recorded answer carries the emulator's), then damages them.
                var real = sample == "installation" ? stub.InstallationJson : stub.SessionJson(stub.CurrentSessionToken + "x");
                var body = AnswerMutator.Mutate(Encoding.UTF8.GetBytes(real), kind, seed);
                if (sample == "installation") stub.Installation = () => new StubReply(200, body);
                else stub.SessionServer = () => new StubReply(200, body);
                tried++;
                try
                {
                    using var context = await Robust.WithinAsync(sample + " " + kind, stub.CreateContextAsync(), Robust.Watchdog);
                    // Accepted: then it must be a whole context.
                    if (!context.HasSession) failures.Add($"{kind}-{seed}: a context without a usable session");
                }
                catch (BunqException ex) when (ex.ResponseId is not null && ex.ResponseId.StartsWith("stub-response-", StringComparison.Ordinal))
                {
                    refused++;
                }
                catch (Exception ex)
                {
                    failures.Add($"{kind}-{seed}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        output.WriteLine($"{sample}: {tried} damaged answers, {refused} refused with a BunqException carrying the response id, {failures.Count} wrong");
        foreach (var failure in failures) output.WriteLine("WRONG " + failure);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Damaged_error_answers_keep_their_status_and_response_id()
    {
        var samples = await EmulatorSamples.GetAsync();
        var stub = new StubBunq();
        using var context = await stub.CreateContextAsync();
        using var api = new BunqApiClient(context, new HttpClient(stub, disposeHandler: false), StubBunq.Options());
        var statuses = new[] { 400, 403, 404, 405, 466, 490, 491, 500, 503 };
        var failures = new List<string>();
        var tried = 0;
        foreach (var kind in AnswerMutator.Kinds)
        {
            for (var seed = 1; seed <= PerKind; seed++)
            {
                var status = statuses[seed % statuses.Length];
                var body = AnswerMutator.Mutate(samples["error"], kind, seed);
                stub.Route = (_, _) => new StubReply(status, body);
                tried++;
                try
                {
                    await api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42/monetary-account/1/payment/1"), default);
                    failures.Add($"{kind}-{seed}: status {status} was not an exception");
                }
                catch (BunqApiException ex) when (ex.StatusCode == status && ex.ResponseId == stub.LastResponseId)
                {
                }
                catch (Exception ex)
                {
                    failures.Add($"{kind}-{seed} ({status}): {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        output.WriteLine($"{tried} damaged error answers: {tried - failures.Count} became BunqApiException with their status and response id");
        foreach (var failure in failures.Take(30)) output.WriteLine("WRONG " + failure);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_damaged_session_renewal_leaves_the_old_session_and_the_store_untouched()
    {
        var stub = new StubBunq();
        var store = new CountingStore();
        var options = StubBunq.Options();
        options.ContextStore = store;
        using var context = await stub.CreateContextAsync();
        await store.SaveAsync(context);
        using var api = new BunqApiClient(context, new HttpClient(stub, disposeHandler: false), options);
        var before = (context.UserId, context.SessionExpiresAt);
        var saved = store.Saves;

        // bunq says the session is gone; the new session's answer is damaged (the user element is missing).
        stub.Route = (_, _) => StubReply.Json("""{"Error":[{"error_description":"Insufficient authorisation.","error_description_translated":"x"}]}""", 401);
        stub.SessionServer = () => StubReply.Json("""{"Response":[{"Id":{"id":7}},{"Token":{"id":8,"token":"HALF_A_SESSION"}}]}""");
        var ex = await Assert.ThrowsAsync<BunqResponseFormatException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42/monetary-account"), default));

        Assert.Equal(stub.LastResponseId, ex.ResponseId);
        Assert.Equal(before, (context.UserId, context.SessionExpiresAt));
        Assert.Equal(saved, store.Saves);
        Assert.DoesNotContain("HALF_A_SESSION", Encoding.UTF8.GetString(store.Last!));
    }

    /// <summary>null: read as data; "": refused the documented way; otherwise what went wrong.</summary>
    private static string? Outcome(Func<object?> read, string name, string responseId)
    {
        try
        {
            read();
            return null;
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            return Judge(wrapped.InnerException, name, responseId);
        }
        catch (Exception ex)
        {
            return Judge(ex, name, responseId);
        }
    }

    private static string Judge(Exception ex, string name, string responseId)
        => ex is BunqResponseFormatException format && format.ResponseId == responseId
            ? ""
            : $"{name}: {ex.GetType().Name} (response id {(ex as BunqException)?.ResponseId ?? "none"}): {ex.Message}";

    private static Func<BunqResponse, object?> ListReader(GeneratedModels models, string path)
    {
        var op = models.Operation("get", path);
        var type = models.TypeOf(op.ResponseType!);
        var method = typeof(BunqEnvelope).GetMethod(nameof(BunqEnvelope.ReadList))!.MakeGenericMethod(type);
        var write = WriteAll(type);
        return response => write(method.Invoke(null, new object[] { response, op.Keys[0], op.Keys.Skip(1).ToArray() }));
    }

    private static Func<BunqResponse, object?> UnionListReader(GeneratedModels models, string path)
    {
        var op = models.Operation("get", path);
        var type = models.TypeOf(op.ResponseType!);
        var method = typeof(BunqEnvelope).GetMethod(nameof(BunqEnvelope.ReadUnionList))!.MakeGenericMethod(type);
        var write = WriteAll(type);
        return response => write(method.Invoke(null, new object[] { response }));
    }

    private static Func<BunqResponse, object?> ObjectReader(GeneratedModels models, string path)
    {
        var op = models.Operation("get", path);
        var type = models.TypeOf(op.ResponseType!);
        var method = typeof(BunqEnvelope).GetMethod(nameof(BunqEnvelope.ReadObject))!.MakeGenericMethod(type);
        var serialize = typeof(BunqJson).GetMethod(nameof(BunqJson.Serialize))!.MakeGenericMethod(type);
        return response =>
        {
            var item = method.Invoke(null, new object[] { response, op.Keys[0], op.Keys.Skip(1).ToArray() });
            serialize.Invoke(null, new[] { item });
            return item;
        };
    }

    /// <summary>Writes every item of a page back to JSON: whatever was read must be usable, not a time bomb.</summary>
    private static Func<object?, object?> WriteAll(Type type)
    {
        var serialize = typeof(BunqJson).GetMethod(nameof(BunqJson.Serialize))!.MakeGenericMethod(type);
        return page =>
        {
            var items = (System.Collections.IEnumerable)page!.GetType().GetProperty("Items")!.GetValue(page)!;
            foreach (var item in items) serialize.Invoke(null, new[] { item });
            return page;
        };
    }

    private sealed class CountingStore : IBunqContextStore
    {
        private readonly BunqMemoryContextStore _inner = new();

        public int Saves { get; private set; }

        public byte[]? Last { get; private set; }

        public async Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken = default)
        {
            Saves++;
            await _inner.SaveAsync(context, cancellationToken);
            Last = BunqContextJson.Write(context);
        }

        public Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken = default) => _inner.LoadAsync(cancellationToken);
    }
}
