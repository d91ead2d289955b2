// A fleet: U bunq users served by N worker processes behind one IP, sharing bunq's per-IP limits, the users'
// contexts and their session renewals through Redis. Prints a JSON summary as its last line.
//   dotnet run --project samples/Fleet -- --redis HOST:PORT [--base-url URL] [--instances N] [--users U] [--calls C]
// Without --base-url it starts the built-in emulator, which enforces bunq's limits per client IP.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.Emulator;
using Bunq.Runtime;
using Bunq.Runtime.Json;
using Bunq.Runtime.Redis;
using Fleet;
using Fleet.Bunq;
using StackExchange.Redis;

var options = FleetOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Fleet --redis HOST:PORT [--base-url URL] [--instances N] [--users U] [--calls C] [--session-window-s S]");
    Console.Error.WriteLine("  without --base-url: the built-in emulator; --session-window-s shortens bunq's 30 s session-server window (emulator and clients alike) for tests");
    return 2;
}
try
{
    return options.WorkerIndex is { } index ? await Worker.RunAsync(options, index) : await Orchestrator.RunAsync(options);
}
catch (BunqException ex)
{
    Console.Error.WriteLine($"bunq call failed: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
catch (RedisConnectionException ex)
{
    Console.Error.WriteLine($"Redis at {options.Redis} cannot be reached: {ex.Message}");
    return 1;
}

namespace Fleet
{
    internal sealed record FleetOptions(string Redis, string? BaseUrl, int Instances, int Users, int Calls, TimeSpan SessionWindow, string Run, int? WorkerIndex)
    {
        public static FleetOptions? Parse(string[] args)
        {
            string? redis = null, baseUrl = null, run = null;
            int instances = 4, users = 3, calls = 110;
            int? worker = null;
            var sessionWindow = TimeSpan.FromSeconds(30);
            for (var i = 0; i < args.Length; i++)
            {
                if (i + 1 >= args.Length) return null;
                var value = args[++i];
                switch (args[i - 1])
                {
                    case "--redis": redis = value; break;
                    case "--base-url": baseUrl = value; break;
                    case "--instances": if (!int.TryParse(value, CultureInfo.InvariantCulture, out instances) || instances < 1) return null; break;
                    case "--users": if (!int.TryParse(value, CultureInfo.InvariantCulture, out users) || users < 2) return null; break;
                    case "--calls": if (!int.TryParse(value, CultureInfo.InvariantCulture, out calls) || calls < 1) return null; break;
                    case "--session-window-s": if (!double.TryParse(value, CultureInfo.InvariantCulture, out var s) || s <= 0) return null; sessionWindow = TimeSpan.FromSeconds(s); break;
                    case "--run": run = value; break;
                    case "--worker": if (!int.TryParse(value, CultureInfo.InvariantCulture, out var w)) return null; worker = w; break;
                    default: return null;
                }
            }
            if (redis is null) return null;
            return new FleetOptions(redis, baseUrl, instances, users, calls, sessionWindow, run ?? Guid.NewGuid().ToString("N")[..12], worker);
        }

        public BunqRateLimitOptions Limits => new() { SessionServerWindow = SessionWindow };

        public string[] WorkerArgs(string baseUrl, int index) => new[]
        {
            "--redis", Redis, "--base-url", baseUrl, "--instances", Instances.ToString(CultureInfo.InvariantCulture), "--users", Users.ToString(CultureInfo.InvariantCulture),
            "--calls", Calls.ToString(CultureInfo.InvariantCulture), "--session-window-s", SessionWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--run", Run, "--worker", index.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>What every process of one run shares: one Redis budget (the egress IP), one context store, one coordinator.</summary>
    internal sealed class Shared : IDisposable
    {
        /// <summary>The Base64 AES-256 key of the contexts in Redis; unset, the orchestrator makes one for this run and hands it to its workers.</summary>
        public const string ContextKeyVariable = "BUNQ_CONTEXT_KEY";

        private static readonly Lazy<string> RunKey = new(() => System.Environment.GetEnvironmentVariable(ContextKeyVariable) is { Length: > 0 } key
            ? key
            : Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        public static string RunContextKey => RunKey.Value;

        private static BunqAesGcmContextProtector ContextProtector() => BunqAesGcmContextProtector.FromBase64(RunContextKey);

        public Shared(FleetOptions options, string baseUrl, Func<string, BunqClientOptions, CancellationToken, Task<BunqApiContext>>? create)
        {
            Redis = ConnectionMultiplexer.Connect(options.Redis);
            Environment = BunqEnvironment.Custom(baseUrl);
            // Keys of this run only, so runs against one Redis never see each other's budget or contexts.
            var store = new BunqRedisContextStore(Redis, ContextProtector(), keyPrefix: $"bunq-fleet:{options.Run}:");
            Client = new BunqClientOptions
            {
                UserAgent = "Bunq.CodeGen fleet sample",
                RateLimits = options.Limits,
                RateLimiter = new BunqRedisRateLimiter(Redis, new BunqRedisRateLimiterOptions { Limits = options.Limits, Budget = $"fleet-{options.Run}" }),
                // A session-server call may wait a whole session window behind the other users' ones.
                CallTimeout = TimeSpan.FromMinutes(10),
            };
            Factory = new BunqClientFactory(new BunqClientFactoryOptions
            {
                Client = Client,
                Store = store,
                Coordinator = new BunqRedisContextCoordinator(Redis, store),
                CreateContext = create,
            });
        }

        public ConnectionMultiplexer Redis { get; }

        public BunqEnvironment Environment { get; }

        public BunqClientOptions Client { get; }

        public BunqClientFactory Factory { get; }

        public BunqClient Bunq(string key) => new(Factory.For(key));

        public void Dispose()
        {
            Factory.Dispose();
            Redis.Dispose();
        }
    }

    /// <summary>Counts what bunq said and did to this process, from the runtime's own meter.</summary>
    internal sealed class Counters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _throttled;
        private long _sessions;

        public Counters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == BunqTelemetry.Name && instrument.Name is "bunq.client.throttled" or "bunq.client.session.renewals") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument.Name == "bunq.client.throttled") Interlocked.Add(ref _throttled, value);
                else Interlocked.Add(ref _sessions, value);
            });
            _listener.Start();
        }

        public long Throttled => Interlocked.Read(ref _throttled);

        public long SessionCreates => Interlocked.Read(ref _sessions);

        public void Dispose() => _listener.Dispose();
    }

    internal sealed record UserAccount(string Key, long UserId, long AccountId, string Iban, decimal Balance);

    internal sealed record SentPayment(string From, string To, decimal Amount, string Description, long Id);

    internal static class Worker
    {
        public static async Task<int> RunAsync(FleetOptions options, int index)
        {
            using var counters = new Counters();
            var keys = JsonSerializer.Deserialize<string[]>(await ReadLineAsync()) ?? throw new InvalidOperationException("no API keys on stdin");
            var apiKeys = keys.Select((k, i) => (Key: "user-" + i.ToString(CultureInfo.InvariantCulture), ApiKey: k)).ToDictionary(x => x.Key, x => x.ApiKey);
            Shared? self = null;
            // The creation calls go through the same shared limiter as every other call.
            using var fleet = new Shared(options, options.BaseUrl!, (key, client, ct) => BunqApiContext.CreateAsync(new BunqContextOptions
            {
                ApiKey = apiKeys[key],
                Environment = self!.Environment,
                Description = "Bunq.CodeGen fleet worker",
                PermittedIps = { "*" },
                ClientOptions = client,
            }, ct));
            self = fleet;
            // Every worker asks for every user's context at once: the coordinator lets one create each, the rest load it.
            await Task.WhenAll(apiKeys.Keys.Select(key => fleet.Factory.GetContextAsync(key)));
            Console.WriteLine("ready");
            var accounts = JsonSerializer.Deserialize<UserAccount[]>(await ReadLineAsync()) ?? throw new InvalidOperationException("no accounts on stdin");

            var sent = new System.Collections.Concurrent.ConcurrentBag<SentPayment>();
            var errors = 0;
            var calls = Enumerable.Range(0, options.Calls).Where(c => c % options.Instances == index).Select(async c =>
            {
                var user = accounts[c % accounts.Length];
                var bunq = fleet.Bunq(user.Key);
                try
                {
                    switch (c % 11)
                    {
                        case < 3:
                            await bunq.MonetaryAccounts.ListAsync();
                            break;
                        case < 6:
                            await bunq.MonetaryAccount(user.AccountId).Payments.ListAsync();
                            break;
                        default:
                            var to = accounts[(c + 1) % accounts.Length];
                            var amount = 0.10m * (1 + c % 3);
                            var description = $"fleet {options.Run} call {c.ToString(CultureInfo.InvariantCulture)}";
                            var id = await bunq.MonetaryAccount(user.AccountId).Payments.CreateAsync(new PaymentRequest
                            {
                                Amount = Amount.Of(amount, "EUR"),
                                CounterpartyAlias = new PointerRequest { Type = PointerType.Iban, Value = to.Iban, Name = to.Key },
                                Description = description,
                            });
                            sent.Add(new SentPayment(user.Key, to.Key, amount, description, id));
                            break;
                    }
                }
                catch (BunqException ex)
                {
                    Interlocked.Increment(ref errors);
                    Console.Error.WriteLine($"worker {index} call {c}: {ex.GetType().Name}: {ex.Message}");
                }
            });
            await Task.WhenAll(calls);
            var result = new JsonObject
            {
                ["calls"] = options.Calls / options.Instances + (index < options.Calls % options.Instances ? 1 : 0),
                ["errors"] = errors,
                ["throttled"] = counters.Throttled,
                ["sessionCreates"] = counters.SessionCreates,
                ["payments"] = JsonSerializer.SerializeToNode(sent.ToArray()),
            };
            Console.WriteLine(result.ToJsonString());
            return 0;
        }

        private static async Task<string> ReadLineAsync() => await Console.In.ReadLineAsync() ?? throw new InvalidOperationException("stdin closed");
    }

    internal static class Orchestrator
    {
        public static async Task<int> RunAsync(FleetOptions options)
        {
            using var counters = new Counters();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(20));
            var ct = cancel.Token;
            await using var emulator = options.BaseUrl is null
                ? await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimit = { SessionServerWindow = options.SessionWindow } }, ct)
                : null;
            var baseUrl = options.BaseUrl ?? emulator!.BaseUrl;
            Console.WriteLine($"bunq API: {baseUrl}{(emulator is null ? "" : " (built-in emulator)")}; {options.Instances} worker processes, {options.Users} users, {options.Calls} calls; run {options.Run}");
            using var fleet = new Shared(options, baseUrl, null);

            var apiKeys = new string[options.Users];
            using (var http = new HttpClient(fleet.Client.CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan })
            {
                for (var i = 0; i < apiKeys.Length; i++) apiKeys[i] = await BunqSandbox.CreateUserPersonAsync(fleet.Environment, http, fleet.Client, ct);
            }

            var workers = Enumerable.Range(0, options.Instances).Select(i => Start(options, baseUrl, i)).ToArray();
            try
            {
                var keysLine = JsonSerializer.Serialize(apiKeys);
                foreach (var worker in workers) await worker.StandardInput.WriteLineAsync(keysLine.AsMemory(), ct);
                foreach (var worker in workers) await WaitForAsync(worker, "ready", ct);

                var accounts = new List<UserAccount>();
                for (var i = 0; i < options.Users; i++) accounts.Add(await AccountAsync(fleet, "user-" + i.ToString(CultureInfo.InvariantCulture), ct));
                var accountsLine = JsonSerializer.Serialize(accounts);
                var clock = Stopwatch.StartNew();
                foreach (var worker in workers) await worker.StandardInput.WriteLineAsync(accountsLine.AsMemory(), ct);
                var results = await Task.WhenAll(workers.Select(w => LastLineAsync(w, ct)));
                var duration = clock.Elapsed;

                var sent = results.SelectMany(r => r["payments"]!.Deserialize<SentPayment[]>()!).ToArray();
                var lost = 0;
                var balancesOk = true;
                var totalChange = 0m;
                foreach (var account in accounts)
                {
                    var bunq = fleet.Bunq(account.Key);
                    var listed = new HashSet<string>(StringComparer.Ordinal);
                    await foreach (var payment in bunq.MonetaryAccount(account.AccountId).Payments.ListAllAsync(cancellationToken: ct))
                    {
                        if (payment.Description is { } d) listed.Add(d + (payment.Amount?.Decimal < 0 ? " out" : " in"));
                    }
                    lost += sent.Count(p => p.From == account.Key && !listed.Contains(p.Description + " out"));
                    lost += sent.Count(p => p.To == account.Key && !listed.Contains(p.Description + " in"));
                    var after = await AccountAsync(fleet, account.Key, ct);
                    var expected = account.Balance - sent.Where(p => p.From == account.Key).Sum(p => p.Amount) + sent.Where(p => p.To == account.Key).Sum(p => p.Amount);
                    if (after.Balance != expected)
                    {
                        balancesOk = false;
                        Console.Error.WriteLine($"{account.Key}: balance {after.Balance}, expected {expected}");
                    }
                    totalChange += after.Balance - account.Balance;
                }
                if (totalChange != 0) balancesOk = false;

                var ceiling = Ceiling(options);
                var (p50, p99) = await RedisRoundTripAsync(fleet.Redis, options, ct);
                var summary = new JsonObject
                {
                    ["instances"] = options.Instances,
                    ["users"] = options.Users,
                    ["calls"] = options.Calls,
                    ["errors"] = results.Sum(r => (int)r["errors"]!),
                    ["throttled"] = results.Sum(r => (long)r["throttled"]!) + counters.Throttled,
                    ["sessionCreates"] = results.Sum(r => (long)r["sessionCreates"]!) + counters.SessionCreates,
                    ["payments"] = sent.Length,
                    ["lost"] = lost,
                    ["balancesOk"] = balancesOk,
                    ["durationS"] = Math.Round(duration.TotalSeconds, 2),
                    ["ceilingS"] = Math.Round(ceiling.TotalSeconds, 2),
                    ["ofCeiling"] = Math.Round(ceiling.TotalSeconds / duration.TotalSeconds, 3),
                    ["redisP50Ms"] = Math.Round(p50, 3),
                    ["redisP99Ms"] = Math.Round(p99, 3),
                };
                Console.WriteLine(summary.ToJsonString());
                return 0;
            }
            finally
            {
                foreach (var worker in workers)
                {
                    if (!worker.HasExited) worker.Kill();
                    worker.Dispose();
                }
            }
        }

        /// <summary>
        /// The physical limit of one IP for this mix: each endpoint's calls at its own pace (n calls under "L within W"
        /// need (⌈n/L⌉ − 1)·W), the endpoints in parallel, so the slowest endpoint sets the time.
        /// </summary>
        internal static TimeSpan Ceiling(FleetOptions options)
        {
            var limits = options.Limits;
            int reads = 0, listings = 0, payments = 0;
            for (var c = 0; c < options.Calls; c++)
            {
                switch (c % 11)
                {
                    case < 3: reads++; break;
                    case < 6: listings++; break;
                    default: payments++; break;
                }
            }
            static double Need(int n, int limit, TimeSpan window) => n == 0 ? 0 : (Math.Ceiling(n / (double)limit) - 1) * window.TotalSeconds;
            return TimeSpan.FromSeconds(Math.Max(Need(reads, limits.GetLimit, limits.Window), Math.Max(Need(listings, limits.GetLimit, limits.Window), Need(payments, limits.PostLimit, limits.Window))));
        }

        /// <summary>What the shared limiter costs a call that does not wait: one acquire and its release, against a budget too large to wait.</summary>
        private static async Task<(double P50, double P99)> RedisRoundTripAsync(ConnectionMultiplexer redis, FleetOptions options, CancellationToken ct)
        {
            using var limiter = new BunqRedisRateLimiter(redis, new BunqRedisRateLimiterOptions { Limits = new BunqRateLimitOptions { GetLimit = int.MaxValue }, Budget = $"fleet-{options.Run}-probe" });
            var endpoint = BunqEndpoint.Of(HttpMethod.Get, "user/1/monetary-account");
            var samples = new double[2000];
            for (var i = -200; i < samples.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using (await limiter.AcquireAsync(endpoint, 1, ct))
                {
                }
                if (i >= 0) samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            Array.Sort(samples);
            return (samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)]);
        }

        private static async Task<UserAccount> AccountAsync(Shared fleet, string key, CancellationToken ct)
        {
            var context = await fleet.Factory.GetContextAsync(key, ct);
            var accounts = await fleet.Bunq(key).MonetaryAccounts.ListAsync(cancellationToken: ct);
            var bank = accounts.Items.OfType<MonetaryAccount.Bank>().First().Value;
            var iban = bank.Alias?.FirstOrDefault(a => a.Type == "IBAN")?.Value ?? throw new InvalidOperationException("the account has no IBAN");
            return new UserAccount(key, context.UserId, bank.Id ?? 0, iban, bank.Balance?.Decimal ?? 0m);
        }

        private static Process Start(FleetOptions options, string baseUrl, int index)
        {
            var self = System.Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
            var info = new ProcessStartInfo { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            // The workers share the contexts, so they need this run's key; through the environment, never the command line.
            info.Environment[Shared.ContextKeyVariable] = Shared.RunContextKey;
            // Started as "dotnet Fleet.dll": start the workers the same way.
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                info.FileName = self;
                info.ArgumentList.Add(typeof(Orchestrator).Assembly.Location);
            }
            else
            {
                info.FileName = self;
            }
            foreach (var arg in options.WorkerArgs(baseUrl, index)) info.ArgumentList.Add(arg);
            return Process.Start(info) ?? throw new InvalidOperationException("could not start a worker");
        }

        private static async Task WaitForAsync(Process worker, string line, CancellationToken ct)
        {
            while (await worker.StandardOutput.ReadLineAsync(ct) is { } read)
            {
                if (read == line) return;
            }
            throw new InvalidOperationException($"worker {worker.Id} ended before it was {line}");
        }

        private static async Task<JsonObject> LastLineAsync(Process worker, CancellationToken ct)
        {
            string? last = null;
            while (await worker.StandardOutput.ReadLineAsync(ct) is { } read) last = read;
            await worker.WaitForExitAsync(ct);
            if (worker.ExitCode != 0 || last is null) throw new InvalidOperationException($"worker {worker.Id} failed (exit code {worker.ExitCode})");
            return JsonNode.Parse(last)!.AsObject();
        }
    }
}
