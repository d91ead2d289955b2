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
#   4. bunq-codegen generate, kiota generate and nswag openapi2csclient on the 2025 spec as whole processes (median),
#      checking that our output is byte-identical on every run; Kiota and NSwag are installed as dotnet tools into
#      artifacts/bench/tools and skipped with a reason when they cannot be installed or run;
#   5. the clean build of a small consumer project around each generated client (median of 3).
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
if [ "$quick" = 1 ]; then gen_runs=2; tool_runs=1; build_runs=1; openssl_seconds=1; else gen_runs=7; tool_runs=5; build_runs=3; openssl_seconds=3; fi

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

# time_tool NAME RUNS WARMUP COMMAND... ; the command's output folder is $work/NAME-out (emptied before every run)
time_tool() {
  local name=$1 runs=$2 warmup=$3; shift 3
  local dir="$work/$name-out" times=() digests=() i start end
  for ((i = 0; i < warmup + runs; i++)); do
    rm -rf "$dir"
    mkdir -p "$dir"
    start=$(now_ns)
    if ! "$@" >> "$log" 2>&1; then
      put "process.$name.skipped" "$name exited with an error (see $log)"
      return 1
    fi
    end=$(now_ns)
    [ "$i" -lt "$warmup" ] && continue
    times+=($(( (end - start) / 1000000 )))
    [ "$name" = ours ] && digests+=("$(digest "$dir")")
  done
  put "process.$name.median_ms" "$(printf '%s\n' "${times[@]}" | median)"
  put "process.$name.runs" "${#times[@]}"
  echo "$name: ${times[*]} ms" >> "$log"
  if [ "$name" = ours ]; then
    if [ "$(printf '%s\n' "${digests[@]}" | sort -u | wc -l)" = 1 ]; then
      put process.ours.identical "yes, ${#digests[@]} of ${#digests[@]} runs"
    else
      put process.ours.identical "no: $(printf '%s\n' "${digests[@]}" | sort -u | wc -l) different outputs in ${#digests[@]} runs"
    fi
    put process.ours.digest "${digests[0]}"
    put process.ours.files "$(find "$dir" -name '*.cs' | wc -l)"
  fi
}

install_tool() { # install_tool NAME PACKAGE VERSION COMMAND
  local name=$1 package=$2 version=$3 command=$4
  if [ ! -x "$tools/$name/$command" ]; then
    rm -rf "$tools/$name"
    if ! dotnet tool install "$package" --version "$version" --tool-path "$tools/$name" >> "$log" 2>&1; then
      echo "!! $package $version could not be installed; its rows are skipped" >&2
      put "process.$name.skipped" "dotnet tool install $package $version failed"
      put "build.$name.skipped" "no $name output"
      return 1
    fi
  fi
}

warmup=$([ "$quick" = 1 ] && echo 0 || echo 1)
kiota_ok=0
nswag_ok=0
if [ "$have_spec" = 1 ]; then
  step "whole process: bunq-codegen generate x$gen_runs"
  time_tool ours "$gen_runs" "$warmup" "$codegen" generate --spec "$spec" --out "$work/ours-out"

  if install_tool nswag NSwag.ConsoleCore "$nswag_version" nswag; then
    step "whole process: nswag openapi2csclient x$tool_runs"
    time_tool nswag "$tool_runs" "$warmup" "$tools/nswag/nswag" openapi2csclient "/input:$spec" "/output:$work/nswag-out/BunqNSwagClient.cs" \
      /namespace:Bunq.NSwagClient && nswag_ok=1
  fi
  if install_tool kiota Microsoft.OpenApi.Kiota "$kiota_version" kiota; then
    step "whole process: kiota generate x$tool_runs"
    time_tool kiota "$tool_runs" "$warmup" "$tools/kiota/kiota" generate -l CSharp -d "$spec" -o "$work/kiota-out" \
      -n Bunq.KiotaClient -c BunqKiotaClient --log-level Warning && kiota_ok=1
  fi
else
  for name in ours nswag kiota; do put "process.$name.skipped" "bunq's 2025 spec is absent"; put "build.$name.skipped" "bunq's 2025 spec is absent"; done
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
