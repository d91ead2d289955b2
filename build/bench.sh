#!/usr/bin/env bash
# Every benchmark with one command; prints ONE table (also written to artifacts/bench/results.md).
#
#   build/bench.sh            the real run (about 20 minutes on 2 cores)
#   build/bench.sh --quick    a smoke run: one iteration per benchmark, one run per process (a few minutes)
#
# What it does, in this order (details and what limits each figure: docs/performance.md):
#   1. builds the benchmark project and the bunq-codegen tool in Release;
#   2. openssl speed rsa2048 (the reference for the RSA rows);
#   3. tests/Bunq.Benchmarks in-process with BenchmarkDotNet: generator stages and the source generator's no-op run on
#      bunq's 2025 spec, envelope reading against System.Text.Json / Newtonsoft.Json, unions, writing, request overhead,
#      RSA through the BCL and BouncyCastle, paging; then the paging heap at 10k vs 100k payments;
#   4. packs bunq-codegen with build/pack.sh, exactly as it ships (the pointer package, one package per runtime
#      identifier, the portable 'any' package; Native AOT for linux-x64 in full mode) into a local feed, installs it
#      with `dotnet tool install` as a user would, and runs the installed tool, the portable package, the ReadyToRun
#      linux-x64 package the AOT build replaced, nswag openapi2csclient and kiota generate on the 2025 spec as whole
#      processes in alternating rounds (medians of wall and CPU time, each as a ratio to NSwag's in the same run),
#      checking that our output is byte-identical on every run; Kiota and NSwag are installed as dotnet tools into
#      artifacts/bench/tools and skipped with a reason when they cannot be installed or run;
#   5. the clean build of a small consumer project around each generated client (median of 3), and the source
#      generator's own time in a fresh compiler process (the compiler's ReportAnalyzer timing).
# Exit code 1 when a speed target (generate <= 0.15x NSwag's time, source generator <= 1 s) is missed or our output
# differs between runs (the list is printed last).
# Logs: artifacts/bench/bench.log; raw figures: artifacts/bench/results.tsv.
# bunq's 2025 spec is read from ../shared/specs/bunq-doc beside the repo (or $BUNQ_BENCH_SPEC); without it the
# generator rows say so and the runtime rows still run.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (use --quick or nothing)" >&2; exit 2 ;;
  esac
done

root="$(pwd)"
out="$root/artifacts/bench"
results="$out/results.tsv"
log="$out/bench.log"
tools="$out/tools"
work="$out/work"
mkdir -p "$out" "$tools"
rm -rf "$work"
mkdir -p "$work"
: > "$results"
: > "$log"

kiota_version=1.38.0
nswag_version=14.7.1
if [ "$quick" = 1 ]; then gen_runs=2; build_runs=1; openssl_seconds=1; else gen_runs=9; build_runs=3; openssl_seconds=3; fi

put() { printf '%s\t%s\n' "$1" "$2" >> "$results"; }
step() { echo "== $*" >&2; echo "== $*" >> "$log"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_ns() { date +%s%N; }

spec="${BUNQ_BENCH_SPEC:-$(cd .. && pwd)/shared/specs/bunq-doc/2025-04-17_1d5e1e0.json}"
have_spec=1
if [ ! -f "$spec" ]; then
  have_spec=0
  echo "!! bunq's 2025 spec is absent ($spec): whole-process and consumer-build rows are skipped" >&2
fi

put mode "$([ "$quick" = 1 ] && echo "quick (smoke run)" || echo full)"
put machine.date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put machine.cpu "$(awk -F': *' '/^model name/ && !n { name = $2; n = 1 } /^cpu family/ && !f { fam = $2; f = 1 } /^model\t/ && !m { mod = $2; m = 1 } /^cpu MHz/ && !h { mhz = $2; h = 1 } /^cache size/ && !c { cache = $2; c = 1 } END { printf "%s (family %s model %s, %.0f MHz, %s cache)", name, fam, mod, mhz, cache }' /proc/cpuinfo)"
put machine.nproc "$(nproc)"
put machine.memory "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
put machine.load_before "$(load)"
put machine.dotnet "$(dotnet --version 2>/dev/null)"

# ------------------------------------------------------------------ 1. build
step "build (Release): tests/Bunq.Benchmarks, generator/Bunq.CodeGen.Tool"
if ! dotnet build tests/Bunq.Benchmarks/Bunq.Benchmarks.csproj -c Release -nologo -v q >> "$log" 2>&1 \
   || ! dotnet build generator/Bunq.CodeGen.Tool/Bunq.CodeGen.Tool.csproj -c Release -nologo -v q >> "$log" 2>&1; then
  echo "!! build failed; see $log" >&2
  exit 1
fi
bench="$root/artifacts/bin/Bunq.Benchmarks/release/Bunq.Benchmarks.dll"
codegen="$root/artifacts/bin/Bunq.CodeGen.Tool/release/bunq-codegen"
generator_bin="$root/artifacts/bin/Bunq.CodeGen.SourceGenerator/release"
runtime_dll="$root/artifacts/bin/Bunq.Runtime/release/Bunq.Runtime.dll"

# ------------------------------------------------------------------ 2. openssl
step "openssl speed -seconds $openssl_seconds rsa2048"
if command -v openssl > /dev/null; then
  line=$(openssl speed -seconds "$openssl_seconds" rsa2048 2>/dev/null | awk '$1 == "rsa" && $2 == "2048" { print; exit }')
  if [ -n "$line" ]; then
    echo "$line" >> "$log"
    put openssl.sign_s "$(echo "$line" | awk '{ sub(/s$/, "", $4); print $4 }')"
    put openssl.verify_s "$(echo "$line" | awk '{ sub(/s$/, "", $5); print $5 }')"
  else
    put openssl.skipped "openssl speed printed no rsa 2048 line"
  fi
else
  put openssl.skipped "openssl is not installed"
fi

# ------------------------------------------------------------------ 3. BenchmarkDotNet + paging heap
step "BenchmarkDotNet (in-process)$([ "$quick" = 1 ] && echo ", --quick")"
quick_flag=()
[ "$quick" = 1 ] && quick_flag=(--quick)
if ! BUNQ_BENCH_SPEC="$spec" dotnet "$bench" bdn --out "$results" "${quick_flag[@]}" >> "$log" 2>&1; then
  echo "!! some benchmarks failed; see $log" >&2
fi
step "paging heap at 10k and 100k payments"
dotnet "$bench" heap --out "$results" >> "$log" 2>&1 || put heap.skipped "the heap measurement failed (see $log)"

# ------------------------------------------------------------------ 4. whole-process generation
digest() { (cd "$1" && find . -type f -name '*.cs' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-64; }

# One timed run of NAME (wall ms and CPU ms, user + system, of the process and its children): run_once NAME COMMAND...,
# where @OUT@ in the command stands for the run's output folder. Every run writes into a folder of its own, and nothing is
# deleted until all rounds are done: this VM's ext4 has no journal, and without one ext4 skips every inode freed in the
# last minute when it allocates a new one (fs/ext4/ialloc.c, find_inode_bit -> recently_deleted, which reads each
# candidate's inode-table block), so emptying the previous run's ~500 files just before a run made our file creation
# 3-5 times slower (system time 0.09 -> 0.29-0.47 s) — a cost of the benchmark loop, not of generating (a CI job writes
# into a fresh clone), and one that NSwag's single file never pays. The last run of each tool ends up in $work/NAME-out.
run_index=0
run_once() {
  local name=$1; shift
  run_index=$((run_index + 1))
  local dir="$work/runs/$name.$run_index" start end cpu args=() arg
  mkdir -p "$dir"
  for arg in "$@"; do args+=("${arg//@OUT@/$dir}"); done
  echo "$dir" > "$work/$name.last"
  start=$(now_ns)
  if ! /usr/bin/time -f '%U %S' -o "$work/$name.cpu" "${args[@]}" >> "$log" 2>&1; then
    echo "$name exited with an error (see $log)"
    return 1
  fi
  end=$(now_ns)
  cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/$name.cpu")
  echo "$(( (end - start) / 1000000 )) $cpu" >> "$work/$name.times"
  case "$name" in ours|portable|r2r) digest "$dir" >> "$work/$name.digests" ;; esac
}

# After the timed rounds: each tool's last output to $work/NAME-out (a rename), then the runs' folders go.
keep_last_runs() {
  local name
  for name in "$@"; do
    [ -s "$work/$name.last" ] && [ -d "$(cat "$work/$name.last")" ] && mv "$(cat "$work/$name.last")" "$work/$name-out"
  done
  rm -rf "$work/runs"
}

summarise() { # summarise NAME: the medians of its timed runs, and for ours/portable/r2r whether every run wrote the same bytes
  local name=$1 n
  [ -s "$work/$name.times" ] || return 1
  n=$(wc -l < "$work/$name.times")
  put "process.$name.median_ms" "$(cut -d' ' -f1 "$work/$name.times" | median)"
  put "process.$name.cpu_median_ms" "$(cut -d' ' -f2 "$work/$name.times" | median)"
  put "process.$name.runs" "$n"
  echo "$name: wall/cpu ms: $(tr '\n' ',' < "$work/$name.times")" >> "$log"
  if [ -s "$work/$name.digests" ]; then
    local kinds
    kinds=$(sort -u "$work/$name.digests" | wc -l)
    if [ "$kinds" = 1 ]; then put "process.$name.identical" "yes, $n of $n runs"; else put "process.$name.identical" "no: $kinds different outputs in $n runs"; fi
    put "process.$name.digest" "$(head -n 1 "$work/$name.digests")"
    put "process.$name.files" "$(find "$work/$name-out" -name '*.cs' | wc -l)"
  fi
}

install_tool() { # install_tool NAME PACKAGE VERSION COMMAND [SOURCE]
  local name=$1 package=$2 version=$3 command=$4 source=${5:-}
  if [ -n "$source" ] || [ ! -x "$tools/$name/$command" ]; then
    rm -rf "$tools/$name"
    if ! dotnet tool install "$package" --version "$version" --tool-path "$tools/$name" ${source:+--add-source "$source"} >> "$log" 2>&1; then
      echo "!! $package $version could not be installed; its rows are skipped" >&2
      put "process.$name.skipped" "dotnet tool install $package $version failed"
      put "build.$name.skipped" "no $name output"
      return 1
    fi
  fi
}

# bunq-codegen as users get it: build/pack.sh packs it into a local feed exactly as it ships (the pointer package, one
# package per runtime identifier and the portable 'any' package; on linux-x64 in full mode the Native AOT build, which
# pack.sh checks for new trim/AOT warnings), and `dotnet tool install` picks this machine's package. The portable package
# is installed by its own id beside it, and on linux-x64 the ReadyToRun package that the AOT build replaced, to show
# what each gains. --quick packs without Native AOT (BUNQ_PACK_AOT=0: about two minutes of native compilation less).
feed="$out/feed"
pack_build="$out/pack-build"
bench_version="0.0.0-bench.$(date -u +%Y%m%d%H%M%S)"
rm -rf "$feed" "$pack_build/readytorun"
ours_ok=0
portable_ok=0
r2r_ok=0
aot=$([ "$quick" = 0 ] && [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && echo 1 || echo 0)
step "pack bunq-codegen $bench_version into $feed (build/pack.sh, Native AOT on linux-x64: $([ "$aot" = 1 ] && echo yes || echo no))"
if PACKAGE_OUTPUT="$feed" PACK_ARTIFACTS_PATH="$pack_build" BUNQ_PACK_AOT="$aot" build/pack.sh "-p:Version=$bench_version" >> "$log" 2>&1; then
  for package in "$feed"/bunq-codegen.*nupkg "$pack_build"/readytorun/bunq-codegen.*.nupkg; do
    [ -f "$package" ] || continue
    kind=$(basename "$package" ".$bench_version.nupkg" | sed 's/^bunq-codegen\.\{0,1\}//')
    case "$package" in "$pack_build"/readytorun/*) kind="$kind.readytorun" ;; esac
    put "package.bunq-codegen.${kind:-pointer}.bytes" "$(wc -c < "$package")"
  done
  cache="$(dotnet nuget locals global-packages -l 2>/dev/null | sed 's/^global-packages: //')"
  install_tool ours bunq-codegen "$bench_version" bunq-codegen "$feed" && ours_ok=1
  install_tool portable bunq-codegen.any "$bench_version" bunq-codegen "$feed" && portable_ok=1
  put process.ours.package "$(ls "$tools/ours/.store/bunq-codegen/$bench_version" 2>/dev/null | grep -x 'bunq-codegen\..*' | head -n 1)"
  put process.ours.build "$([ "$aot" = 1 ] && echo "Native AOT" || echo ReadyToRun)"
  if [ "$aot" = 1 ]; then
    warnings=$(grep -oE '(Trim|AOT) analysis warning IL[0-9]+: [^:]+|warning IL[0-9]+: Assembly [^ ]+' "$pack_build/aot-pack.log" 2>/dev/null | sort -u)
    { echo "Native AOT warnings:"; echo "$warnings"; } >> "$log"
    put process.aot.warnings "$(grep -c . <<<"$warnings")"
    # The same id and version as the shipped package: out of the NuGet cache first, or the install would reuse it.
    [ -n "$cache" ] && rm -rf "$cache/bunq-codegen.linux-x64/$bench_version"
    install_tool r2r bunq-codegen.linux-x64 "$bench_version" bunq-codegen "$pack_build/readytorun" && r2r_ok=1
  else
    put process.r2r.skipped "$([ "$quick" = 1 ] && echo "not in --quick mode (the installed package is ReadyToRun)" || echo "Native AOT ships on linux-x64 only; the installed package is ReadyToRun")"
  fi
  [ -n "$cache" ] && rm -rf "$cache"/bunq-codegen*/"$bench_version"
else
  echo "!! build/pack.sh failed; see $log" >&2
  put process.ours.skipped "build/pack.sh failed"
fi

warmup=$([ "$quick" = 1 ] && echo 0 || echo 1)
kiota_ok=0
nswag_ok=0
if [ "$have_spec" = 1 ]; then
  install_tool nswag NSwag.ConsoleCore "$nswag_version" nswag && nswag_ok=1
  install_tool kiota Microsoft.OpenApi.Kiota "$kiota_version" kiota && kiota_ok=1
  # Alternating rounds (ours, portable, NSwag, Kiota, then again), so a change in the machine's load falls on every
  # tool alike and the ratios against NSwag in the same run stay comparable across runs; the first round is a warm-up
  # (full mode) that fills the disk cache.
  rounds=$gen_runs
  step "whole process, $rounds alternating rounds: bunq-codegen generate (installed, portable, ReadyToRun), nswag openapi2csclient, kiota generate"
  for ((i = 0; i < warmup + rounds; i++)); do
    [ "$ours_ok" = 1 ] && { run_once ours "$tools/ours/bunq-codegen" generate --spec "$spec" --out @OUT@ || ours_ok=0; }
    [ "$portable_ok" = 1 ] && { run_once portable "$tools/portable/bunq-codegen" generate --spec "$spec" --out @OUT@ || portable_ok=0; }
    [ "$r2r_ok" = 1 ] && { run_once r2r "$tools/r2r/bunq-codegen" generate --spec "$spec" --out @OUT@ || r2r_ok=0; }
    [ "$nswag_ok" = 1 ] && { run_once nswag "$tools/nswag/nswag" openapi2csclient "/input:$spec" "/output:@OUT@/BunqNSwagClient.cs" /namespace:Bunq.NSwagClient || nswag_ok=0; }
    [ "$kiota_ok" = 1 ] && { run_once kiota "$tools/kiota/kiota" generate -l CSharp -d "$spec" -o @OUT@ -n Bunq.KiotaClient -c BunqKiotaClient --log-level Warning || kiota_ok=0; }
    if [ "$i" -lt "$warmup" ]; then rm -f "$work"/*.times "$work"/*.digests; fi
  done
  keep_last_runs ours portable r2r nswag kiota
  for name in ours portable r2r nswag kiota; do
    [ "$name" = r2r ] && [ "$r2r_ok" = 0 ] && [ ! -s "$work/r2r.times" ] && continue
    summarise "$name" || put "process.$name.skipped" "$name did not run (see $log)"
  done
else
  for name in ours portable nswag kiota; do put "process.$name.skipped" "bunq's 2025 spec is absent"; put "build.$name.skipped" "bunq's 2025 spec is absent"; done
fi

# ------------------------------------------------------------------ 5. consumer builds
consumers="$work/consumers"
# Empty props/targets so the consumers do not inherit the repo's (central versions, warnings as errors, artifacts path).
mkdir -p "$consumers"
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' > "$consumers/$f"; done

runtime_packages='
    <PackageReference Include="Microsoft.Extensions.Http" Version="10.0.0" />
    <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="10.0.0" />
    <PackageReference Include="Microsoft.Extensions.Options" Version="10.0.0" />'

write_consumer() { # write_consumer NAME EXTRA_ITEMS [IMPORT_PROPS IMPORT_TARGETS]
  local dir="$consumers/$1"
  mkdir -p "$dir"
  cat > "$dir/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  ${3:-}
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <AssemblyName>Consumer.$1</AssemblyName>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>\$(NoWarn);CS0108;CS0114;CS0618;CS1591;CS8600;CS8601;CS8602;CS8603;CS8604;CS8618;CS8625;CS8765;CS8767</NoWarn>
  </PropertyGroup>
  <ItemGroup>$2
  </ItemGroup>
  ${4:-}
</Project>
EOF
}

# time_build NAME: restore once, one untimed build (full mode), then $build_runs clean builds (--no-incremental).
time_build() {
  local name=$1 dir="$consumers/$1" times=() i start end
  if ! dotnet restore "$dir/Consumer.csproj" -nologo >> "$log" 2>&1; then
    put "build.$name.skipped" "restore failed (see $log)"
    return 1
  fi
  for ((i = 0; i < warmup + build_runs; i++)); do
    start=$(now_ns)
    if ! dotnet build "$dir/Consumer.csproj" -c Release --no-restore --no-incremental -nologo -v q -clp:ErrorsOnly >> "$log" 2>&1; then
      put "build.$name.skipped" "the consumer did not build (see $log)"
      return 1
    fi
    end=$(now_ns)
    [ "$i" -lt "$warmup" ] && continue
    times+=($(( (end - start) / 1000000 )))
  done
  echo "build $name: ${times[*]} ms" >> "$log"
  put "build.$name.median_s" "$(printf '%s\n' "${times[@]}" | median | awk '{ print $1 / 1000 }')"
  put "build.$name.runs" "${#times[@]}"
}

if [ "$have_spec" = 1 ] && [ -f "$work/ours-out/BunqClient.g.cs" ]; then
  step "consumer build: our generated files x$build_runs"
  write_consumer ours "
    <Reference Include=\"Bunq.Runtime\" HintPath=\"$runtime_dll\" />$runtime_packages"
  cp "$work/ours-out/"*.cs "$consumers/ours/"
  time_build ours
  put build.ours.size "$(find "$consumers/ours" -maxdepth 1 -name '*.cs' | wc -l) files, $(cat "$consumers/ours/"*.cs | wc -c | awk '{ printf "%.1f MB", $1 / 1048576 }')"

  step "consumer build: our source generator x$build_runs"
  write_consumer sourcegen "
    <Reference Include=\"Bunq.Runtime\" HintPath=\"$runtime_dll\" />$runtime_packages
    <BunqSpec Include=\"$spec\" />
    <Analyzer Include=\"$generator_bin/Bunq.CodeGen.SourceGenerator.dll;$generator_bin/Bunq.CodeGen.dll;$generator_bin/Microsoft.OpenApi.dll;$generator_bin/Microsoft.OpenApi.Readers.dll;$generator_bin/SharpYaml.dll;$generator_bin/Scriban.Signed.dll\" />" \
    "<Import Project=\"$root/generator/Bunq.CodeGen.SourceGenerator/build/Bunq.CodeGen.props\" />" \
    "<Import Project=\"$root/generator/Bunq.CodeGen.SourceGenerator/build/Bunq.CodeGen.targets\" />"
  time_build sourcegen
  put build.sourcegen.size "$(find "$consumers/ours" -maxdepth 1 -name '*.cs' | wc -l) files generated in the build"

  # The generator as the first build on a CI box or after an IDE start meets it: a compiler process of its own
  # (UseSharedCompilation=false: no warm compiler server), JIT included; the compiler's own timing (ReportAnalyzer).
  step "source generator in a fresh compiler process x$build_runs"
  cold=()
  for ((i = 0; i < build_runs; i++)); do
    if ! dotnet build "$consumers/sourcegen/Consumer.csproj" -c Release --no-restore --no-incremental -nologo -v:d \
         -p:ReportAnalyzer=true -p:UseSharedCompilation=false > "$work/sourcegen-cold.log" 2>&1; then
      put build.sourcegen_cold.skipped "the consumer did not build (see $work/sourcegen-cold.log)"
      break
    fi
    seconds=$(awk '/Total generator execution time/ { g = 1 } g && /Bunq\.CodeGen\.SourceGenerator,/ { print $1; exit }' "$work/sourcegen-cold.log")
    [ -n "$seconds" ] && cold+=("$seconds")
  done
  echo "source generator cold: ${cold[*]} s" >> "$log"
  if [ "${#cold[@]}" -gt 0 ]; then
    put build.sourcegen_cold.median_s "$(printf '%s\n' "${cold[@]}" | median)"
    put build.sourcegen_cold.runs "${#cold[@]}"
  else
    put build.sourcegen_cold.skipped "the compiler printed no generator timing"
  fi
elif [ "$have_spec" = 1 ]; then
  put build.ours.skipped "no bunq-codegen output"
  put build.sourcegen.skipped "not run: no bunq-codegen output"
else
  put build.sourcegen.skipped "bunq's 2025 spec is absent"
fi

if [ "$nswag_ok" = 1 ]; then
  step "consumer build: NSwag client x$build_runs"
  write_consumer nswag '
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />'
  cp "$work/nswag-out/BunqNSwagClient.cs" "$consumers/nswag/"
  time_build nswag
  put build.nswag.size "1 file, $(wc -c < "$consumers/nswag/BunqNSwagClient.cs" | awk '{ printf "%.1f MB", $1 / 1048576 }')"
elif [ "$have_spec" = 1 ]; then
  put build.nswag.skipped "no NSwag output"
fi

if [ "$kiota_ok" = 1 ]; then
  # Kiota recommends its bundle package; the NuGet feed here serves the packages the bundle is made of (same version).
  kiota_packages=$("$tools/kiota/kiota" info -l CSharp 2>/dev/null | awk '$1 == "Microsoft.Kiota.Bundle" { print $2; exit }')
  kiota_packages=${kiota_packages:-2.1.2}
  step "consumer build: Kiota client (Microsoft.Kiota.* $kiota_packages) x$build_runs"
  items=""
  for package in Abstractions Http.HttpClientLibrary Serialization.Json Serialization.Form Serialization.Text Serialization.Multipart; do
    items="$items
    <PackageReference Include=\"Microsoft.Kiota.$package\" Version=\"$kiota_packages\" />"
  done
  write_consumer kiota "$items"
  cp -r "$work/kiota-out/." "$consumers/kiota/"
  time_build kiota
  put build.kiota.size "$(find "$consumers/kiota" -name '*.cs' -not -path '*/obj/*' | wc -l) files, $(find "$consumers/kiota" -name '*.cs' -not -path '*/obj/*' -print0 | xargs -0 cat | wc -c | awk '{ printf "%.1f MB", $1 / 1048576 }')"
elif [ "$have_spec" = 1 ]; then
  put build.kiota.skipped "no Kiota output"
fi

# ------------------------------------------------------------------ the table
put machine.load_after "$(load)"
dotnet "$bench" report "$results" --markdown "$out/results.md"

# The speed targets are asserted here, not in unit tests (issue 17): exit 1 when one is missed or the output differs.
value() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$results"; }
missed=()
[ "$(value process.ours.identical | cut -c1-3)" = yes ] || missed+=("bunq-codegen output not byte-identical on every run: $(value process.ours.identical)")
for other in portable r2r; do
  theirs=$(value "process.$other.digest")
  [ -z "$theirs" ] || [ "$theirs" = "$(value process.ours.digest)" ] || missed+=("the $other build wrote other files than the installed package")
done
ours_ms=$(value process.ours.median_ms); nswag_ms=$(value process.nswag.median_ms)
if [ -n "$ours_ms" ] && [ -n "$nswag_ms" ]; then
  awk -v a="$ours_ms" -v b="$nswag_ms" 'BEGIN { exit !(a / b <= 0.15) }' \
    || missed+=("whole-process generate: $(awk -v a="$ours_ms" -v b="$nswag_ms" 'BEGIN { printf "%.2f", a / b }')x NSwag's time in the same run (target <= 0.15x)")
else
  missed+=("whole-process generate against NSwag not measured")
fi
cold_s=$(value build.sourcegen_cold.median_s)
if [ -n "$cold_s" ]; then
  awk -v a="$cold_s" 'BEGIN { exit !(a <= 1.0) }' || missed+=("source generator in a fresh compiler process: $cold_s s (target <= 1 s)")
fi
# A benchmark that failed has no figure to compare, which must not pass for a met target.
while IFS=$'\t' read -r key why; do
  missed+=("benchmark ${key#bdn.} $why")
done < <(awk -F'\t' '$1 ~ /^bdn\..*\.failed$/' "$results")
if [ "${#missed[@]}" -gt 0 ]; then
  printf 'bench: missed: %s\n' "${missed[@]}" >&2
  exit 1
fi
