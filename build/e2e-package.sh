#!/usr/bin/env bash
# End to end, as a user would: pack every package into a local folder feed, create a fresh console project outside
# the repository, add Bunq.Runtime + Bunq.CodeGen from the feed, drop bunq.json in and build with -warnaserror;
# then prove that a spec edit, BunqInclude and the bunq-codegen tool all do what they say.
#
#   build/e2e-package.sh            # PASS/FAIL lines; exit code 0 only when everything passed
#   KEEP_E2E=1 build/e2e-package.sh # keep the temp folder for a look afterwards
#
# A unique prerelease version per run (0.1.0-e2e.<timestamp>) means a package cached by an earlier run can never be
# picked up, while the normal NuGet cache still serves every third-party package (fast on a 2-core CI box).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bunq-e2e.XXXXXX")"
version="0.1.0-e2e.$(date -u +%Y%m%d%H%M%S).$$"
feed="$tmp/feed"
app="$tmp/BunqE2e"
log="$tmp/log.txt"
failures=0

cleanup() {
  # Our unique version would otherwise pile up in the global packages folder, one copy per run.
  local cache
  cache="$(dotnet nuget locals global-packages -l 2>/dev/null | sed 's/^global-packages: //')"
  # The tool's per-runtime packages (bunq-codegen.linux-x64, bunq-codegen.any) have ids of their own.
  [[ -n "$cache" ]] && rm -rf "$cache"/bunq-codegen.*/"$version"

  if [[ -n "$cache" ]]; then
    rm -rf "$cache/bunq.codegen/$version" "$cache/bunq.runtime/$version" "$cache/bunq-codegen/$version" \
      "$cache/bunq.aspnetcore/$version" "$cache/bunq.emulator/$version"
  fi
  if [[ "${KEEP_E2E:-}" == "1" ]]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

pass() { echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
  if [[ -s "$log" ]]; then echo "----- last output -----"; tail -n 30 "$log"; echo "-----------------------"; fi
}
# Stop at the first failure: every later step builds on the one before.
must() { if ! "$@"; then echo "E2E: FAILED"; exit 1; fi; }

build_app() { (cd "$app" && dotnet build -warnaserror --nologo -v q -clp:NoSummary "$@") >"$log" 2>&1; }
run_app() { dotnet "$app/bin/Debug/net10.0/BunqE2e.dll" 2>&1; }

echo "E2E: version $version in $tmp"

# 1. Pack.
step_pack() {
  if PACKAGE_OUTPUT="$feed" "$root/build/pack.sh" "-p:Version=$version" >"$log" 2>&1 \
      && [ -f "$feed/Bunq.Runtime.Redis.$version.nupkg" ]; then
    pass "packed Bunq.CodeGen, Bunq.Runtime, Bunq.Runtime.Redis, Bunq.AspNetCore, Bunq.Emulator and bunq-codegen $version"
  else
    fail "build/pack.sh"; return 1
  fi
}
must step_pack

# 2. A fresh project outside the repository (so no Directory.Build.props of ours applies), the feed next to nuget.org.
step_new() {
  mkdir -p "$app"
  cat >"$tmp/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="e2e-local" value="$feed" />
  </packageSources>
</configuration>
EOF
  (cd "$app" && dotnet new console --name BunqE2e --output . --framework net10.0 --no-restore) >"$log" 2>&1 || { fail "dotnet new console"; return 1; }
  (cd "$app" && dotnet add package Bunq.Runtime --version "$version" && dotnet add package Bunq.CodeGen --version "$version") >"$log" 2>&1 \
    || { fail "dotnet add package Bunq.Runtime/Bunq.CodeGen from the local feed"; return 1; }
  # dotnet add package honours developmentDependency: the generator must not flow to this project's consumers.
  if grep -A3 'Include="Bunq.CodeGen"' "$app/BunqE2e.csproj" | grep -q "PrivateAssets"; then
    pass "dotnet add package: Bunq.CodeGen added as a development dependency (PrivateAssets=all)"
  else
    fail "Bunq.CodeGen was not added as a development dependency"; cat "$app/BunqE2e.csproj"; return 1
  fi
  cp "$root/specs/bunq.com.json" "$app/bunq.json"
  cat >"$app/Program.cs" <<'EOF'
using System.Text;
using Bunq.Runtime;
using BunqE2e.Bunq;

var api = new StubApi();
var client = new BunqClient(api, 1);
var page = await client.MonetaryAccount(2).Payments.ListAsync();
Console.WriteLine($"LIST {api.Last} items={page.Items.Count}");
Console.WriteLine("ENDPOINTS=" + string.Join(",", typeof(BunqClient).GetProperties().Concat(typeof(MonetaryAccountScope).GetProperties())
    .Where(p => p.PropertyType.Name.EndsWith("Client", StringComparison.Ordinal) && !p.PropertyType.IsInterface && p.PropertyType != typeof(BunqClient))
    .Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal)));
Console.WriteLine("HAS_OauthClient=" + (typeof(BunqClient).Assembly.GetType("BunqE2e.Bunq.OauthClient") is not null));

// What a real app passes is the runtime's BunqApiClient; this stub answers an empty page without a network.
internal sealed class StubApi : IBunqApiClient
{
    public string Last { get; private set; } = "";

    public Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
    {
        Last = request.Method.Method + " " + request.Path;
        var body = "{\"Response\":[],\"Pagination\":{\"future_url\":null,\"newer_url\":null,\"older_url\":null}}";
        return Task.FromResult(new BunqResponse(200, Encoding.UTF8.GetBytes(body), "application/json", "e2e"));
    }
}
EOF
  # Uses an operation the next step removes from the spec.
  cat >"$app/UsesCreate.cs" <<'EOF'
internal static class UsesCreate
{
    public const string Name = nameof(BunqE2e.Bunq.PaymentsClient.CreateAsync);
}
EOF
}
must step_new

# 3. Build with warnings as errors and run the generated client.
step_build() {
  build_app || { fail "dotnet build -warnaserror with bunq.json and the generator package"; return 1; }
  local out
  out="$(run_app)" || { fail "running the built app"; echo "$out"; return 1; }
  if grep -q "^LIST GET user/1/monetary-account/2/payment items=0$" <<<"$out" || grep -q "^LIST GET /user/1/monetary-account/2/payment items=0$" <<<"$out"; then
    pass "generated client builds with -warnaserror and client.MonetaryAccount(2).Payments.ListAsync sends GET …/user/1/monetary-account/2/payment"
  else
    fail "unexpected output of the app: $out"; return 1
  fi
  full_endpoints="$(grep '^ENDPOINTS=' <<<"$out" | tr ',' '\n' | wc -l)"
  grep -q '^HAS_OauthClient=True$' <<<"$out" || { fail "the full client lacks OauthClient"; return 1; }
}
must step_build

# 3b. `dotnet new web` with Bunq.AspNetCore and the Bunq.Emulator package: the one-line bootstrap, the callback
#     endpoint and the emulator from the feed, started for real.
step_web() {
  local web="$tmp/BunqWeb"
  mkdir -p "$web"
  (cd "$web" && dotnet new web --name BunqWeb --output . --framework net10.0 --no-restore \
    && dotnet add package Bunq.Runtime --version "$version" && dotnet add package Bunq.CodeGen --version "$version" \
    && dotnet add package Bunq.AspNetCore --version "$version" && dotnet add package Bunq.Emulator --version "$version") >"$log" 2>&1 \
    || { fail "dotnet new web + dotnet add package Bunq.AspNetCore/Bunq.Emulator"; return 1; }
  cp "$root/specs/bunq.com.json" "$web/bunq.json"
  sed -i 's|</Project>|  <PropertyGroup>\n    <BunqInclude>Payments;MonetaryAccounts</BunqInclude>\n  </PropertyGroup>\n</Project>|' "$web/BunqWeb.csproj"
  cat >"$web/Program.cs" <<'EOF2'
using Bunq.Emulator;
using Bunq.Runtime;
using BunqWeb.Bunq;

await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
var builder = WebApplication.CreateBuilder(args);
builder.Configuration["Bunq:ApiKey"] = emulator.CreateSandboxUser();
builder.Configuration["Bunq:Environment"] = emulator.BaseUrl;
builder.Configuration["Bunq:ContextFile"] = Path.Combine(Path.GetTempPath(), $"bunq-web-{Guid.NewGuid():N}.json");
builder.Services.AddBunq(builder.Configuration.GetSection("Bunq"));
builder.Services.AddBunqClient<BunqClient>();
builder.Services.AddBunqCallbacks(callbacks => callbacks.OnPayment<Payment>((e, payment, ct) => Task.CompletedTask));
builder.WebHost.UseUrls("http://127.0.0.1:0");
var app = builder.Build();
app.MapBunqCallbacks("/bunq/callbacks");
await app.StartAsync();
var accessor = app.Services.GetRequiredService<IBunqContextAccessor>();
var bunq = app.Services.GetRequiredService<BunqClient>();
var accounts = await bunq.MonetaryAccounts.ListAsync();   // the injected context's user is the default scope
Console.WriteLine($"WEB OK accounts={accounts.Items.Count} primary={await accessor.GetPrimaryMonetaryAccountIdAsync()}");
await app.StopAsync();
File.Delete(builder.Configuration["Bunq:ContextFile"]!);
EOF2
  (cd "$web" && dotnet build -warnaserror --nologo -v q -clp:NoSummary) >"$log" 2>&1 || { fail "dotnet build -warnaserror of the web app"; return 1; }
  local out
  out="$(dotnet "$web/bin/Debug/net10.0/BunqWeb.dll" 2>&1)" || { fail "running the web app: $out"; return 1; }
  if grep -Eq '^WEB OK accounts=[1-9][0-9]* primary=[0-9]+$' <<<"$out"; then
    pass "dotnet new web + AddBunq(configuration) + MapBunqCallbacks + the Bunq.Emulator package: $(grep '^WEB OK' <<<"$out")"
  else
    fail "unexpected output of the web app: $out"; return 1
  fi
}
must step_web

# 4. Remove CREATE_Payment from the spec: an incremental build must notice, and code that uses it must stop compiling.
step_edit_spec() {
  python3 - "$app/bunq.json" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    spec = json.load(f)
del spec["paths"]["/user/{userID}/monetary-account/{monetary-accountID}/payment"]["post"]
with open(path, "w", encoding="utf-8") as f:
    json.dump(spec, f, indent=2)
EOF
  if build_app; then
    fail "the build still compiles a use of PaymentsClient.CreateAsync after CREATE_Payment left the spec"; return 1
  fi
  if grep -q "CreateAsync" "$log"; then
    pass "after removing POST …/payment from bunq.json the build fails on PaymentsClient.CreateAsync"
  else
    fail "the build failed, but not because CreateAsync is gone"; return 1
  fi
  rm "$app/UsesCreate.cs"
  build_app || { fail "the build without the use of CreateAsync"; return 1; }
  pass "without the removed method the app builds again"
}
must step_edit_spec

# 5. BunqInclude: only the payment endpoints (and the types they reach) are generated.
step_include() {
  cp "$root/specs/bunq.com.json" "$app/bunq.json"
  sed -i 's|</Project>|  <PropertyGroup>\n    <BunqInclude>payment</BunqInclude>\n    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>\n    <CompilerGeneratedFilesOutputPath>generated</CompilerGeneratedFilesOutputPath>\n  </PropertyGroup>\n</Project>|' "$app/BunqE2e.csproj"
  build_app || { fail "build with BunqInclude=payment"; return 1; }
  local out
  out="$(run_app)"
  if grep -q '^ENDPOINTS=Payments$' <<<"$out" && grep -q '^HAS_OauthClient=False$' <<<"$out"; then
    pass "BunqInclude=payment generates only the Payments endpoint (of $full_endpoints) and prunes unrelated types"
  else
    fail "BunqInclude=payment: $out"; return 1
  fi
}
must step_include

# 6. The tool from the feed: install, generate, and compare with what the generator compiled.
step_tool() {
  dotnet tool install bunq-codegen --version "$version" --tool-path "$tmp/tools" --add-source "$feed" >"$log" 2>&1 \
    || { fail "dotnet tool install bunq-codegen from the local feed"; return 1; }
  "$tmp/tools/bunq-codegen" generate --spec "$app/bunq.json" --out "$tmp/tool-out" --namespace BunqE2e.Bunq --include payment >"$log" 2>&1 \
    || { fail "bunq-codegen generate"; return 1; }
  [[ -f "$tmp/tool-out/PaymentsClient.g.cs" && -f "$tmp/tool-out/BunqClient.g.cs" ]] || { fail "bunq-codegen wrote no PaymentsClient.g.cs/BunqClient.g.cs"; return 1; }
  pass "bunq-codegen $version installed with --tool-path and generated $(ls "$tmp/tool-out" | wc -l) files"
  # The tool ships one package per runtime identifier (Native AOT on linux-x64 when packed there, ReadyToRun on the
  # others) and the portable 'any' package for the rest (generator/Bunq.CodeGen.Tool): on linux-x64 the install must
  # pick the linux-x64 one.
  local rid_package expected=bunq-codegen.any
  rid_package="$(ls "$tmp/tools/.store/bunq-codegen/$version" | grep -x 'bunq-codegen\..*' | head -n 1)"
  [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]] && expected=bunq-codegen.linux-x64
  if [[ "$rid_package" == "$expected" ]]; then
    pass "dotnet tool install picked $rid_package"
  else
    fail "dotnet tool install picked '${rid_package:-nothing}', expected $expected"; return 1
  fi
  if [[ "$expected" == bunq-codegen.linux-x64 ]]; then
    # build/pack.sh ships this one Native AOT: a native binary and no managed bunq-codegen.dll. The AOT build is
    # trimmed, so it must write exactly the portable package's bytes for the whole spec (every template, every enum).
    local store="$tmp/tools/.store/bunq-codegen/$version/bunq-codegen.linux-x64"
    local native
    native="$(find "$store" -type f -name bunq-codegen | head -n 1)"
    if [[ -n "$native" && "$(head -c 4 "$native" | od -An -c | tr -d ' ')" == '177ELF' ]] && [[ -z "$(find "$store" -name bunq-codegen.dll)" ]]; then
      pass "the linux-x64 package is the Native AOT build ($(wc -c < "$native" | awk '{ printf "%.1f MB", $1 / 1000000 }') binary)"
    else
      fail "the linux-x64 package is not a Native AOT build (no native bunq-codegen in $store)"; return 1
    fi
    dotnet tool install bunq-codegen.any --version "$version" --tool-path "$tmp/tools-any" --add-source "$feed" >"$log" 2>&1 \
      || { fail "dotnet tool install bunq-codegen.any from the local feed"; return 1; }
    "$tmp/tools/bunq-codegen" generate --spec "$app/bunq.json" --out "$tmp/aot-out" --namespace BunqE2e.Bunq >"$log" 2>&1 \
      && "$tmp/tools-any/bunq-codegen" generate --spec "$app/bunq.json" --out "$tmp/any-out" --namespace BunqE2e.Bunq >>"$log" 2>&1 \
      || { fail "bunq-codegen generate (Native AOT or portable) on the whole spec"; return 1; }
    if diff -r "$tmp/aot-out" "$tmp/any-out" >"$log" 2>&1; then
      pass "the Native AOT and the portable bunq-codegen wrote identical files ($(ls "$tmp/aot-out" | wc -l) for the whole spec)"
    else
      fail "the Native AOT bunq-codegen differs from the portable one"; return 1
    fi
  fi
  local generated
  generated="$(find "$app/generated" -type d -name '*BunqClientGenerator' | head -n 1)"
  if [[ -n "$generated" ]] && diff -r "$generated" "$tmp/tool-out" >"$log" 2>&1; then
    pass "bunq-codegen generate and the source generator wrote identical files"
  else
    fail "bunq-codegen generate differs from the generator's output ($generated)"; return 1
  fi
}
must step_tool

# 7. Optional (E2E_MEASURE=1), for docs/performance.md: the extra clean-build time the generator costs, against the
#    same app with the tool's output checked in. Median of 3 `--no-incremental` builds each, alternating, after a
#    warm-up build of each (so both see a warm compiler server and a restored project).
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_build() {
  local start end
  start="$(date +%s.%N)"
  (cd "$1" && dotnet build --no-incremental --no-restore -warnaserror --nologo -v q -clp:NoSummary) >"$log" 2>&1 || return 1
  end="$(date +%s.%N)"
  echo "$end - $start" | bc
}
step_measure() {
  [[ "${E2E_MEASURE:-}" == "1" ]] || return 0
  sed -i '/<BunqInclude>payment<\/BunqInclude>/d; /EmitCompilerGeneratedFiles/d; /CompilerGeneratedFilesOutputPath/d' "$app/BunqE2e.csproj"
  rm -rf "$app/generated"
  local checked="$tmp/BunqChecked"
  mkdir -p "$checked"
  (cd "$checked" && dotnet new console --name BunqChecked --output . --framework net10.0 --no-restore && dotnet add package Bunq.Runtime --version "$version") >"$log" 2>&1 \
    || { fail "measure: the checked-in project"; return 1; }
  "$tmp/tools/bunq-codegen" generate --spec "$app/bunq.json" --out "$checked/Generated" --namespace BunqE2e.Bunq >"$log" 2>&1 || { fail "measure: generate"; return 1; }
  cp "$app/Program.cs" "$checked/Program.cs"
  (cd "$app" && dotnet restore) >"$log" 2>&1
  time_build "$app" >/dev/null && time_build "$checked" >/dev/null || { fail "measure: warm-up builds"; return 1; }
  local with=() without=() i
  for i in 1 2 3; do
    with+=("$(time_build "$app")") || { fail "measure: build with the generator"; return 1; }
    without+=("$(time_build "$checked")") || { fail "measure: build with checked-in code"; return 1; }
  done
  echo "MEASURE: clean build with the generator (s): ${with[*]} -> median $(printf '%s\n' "${with[@]}" | median)"
  echo "MEASURE: clean build with checked-in code (s): ${without[*]} -> median $(printf '%s\n' "${without[@]}" | median)"
  echo "MEASURE: generated files: $(ls "$checked/Generated" | wc -l)"
}
must step_measure

if [[ $failures -eq 0 ]]; then echo "E2E: PASSED"; else echo "E2E: FAILED ($failures)"; exit 1; fi
