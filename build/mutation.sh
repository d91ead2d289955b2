#!/usr/bin/env bash
# Mutation testing with Stryker.NET (docs/reliability.md, "Mutation testing"). Not part of build/test.sh or CI: it takes
# 10-30 minutes. Usage: bash build/mutation.sh [runtime|generator|all]... (default: runtime).
# Each target is a Stryker config, build/mutation/<target>.json (the project to mutate, its test project relative to the
# project's folder, where Stryker runs: from the repository root it would take the solution; the files to mutate, a file
# optionally scoped to members as `File.cs{members:A,B}`, which build/mutation/resolve.py turns into Stryker's character
# spans; and the test filter), and its areas, build/mutation/<target>.areas (which mutated files form each scored area). Reports go to
# artifacts/mutation/<target>/ (reports/mutation-report.html to browse the survivors, summary.md for the figures).
# Exits non-zero when an area scores below MUTATION_MIN_SCORE (default 80). MUTATION_CONCURRENCY: test runners at once
# (default 2, the machine's cores; use 1 while others build). MUTATION_TIME_LIMIT: per target (default 30m).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

min_score="${MUTATION_MIN_SCORE:-80}"
concurrency="${MUTATION_CONCURRENCY:-2}"
# The budget for one target on this 2-core machine; a run past it is stopped and counts as failed.
time_limit="${MUTATION_TIME_LIMIT:-30m}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(runtime)
if [ "${targets[0]}" = all ]; then targets=(runtime generator); fi

for target in "${targets[@]}"; do
  if [ ! -f "build/mutation/$target.json" ] || [ ! -f "build/mutation/$target.areas" ]; then
    echo "unknown target '$target': expected build/mutation/$target.json and build/mutation/$target.areas" >&2
    exit 2
  fi
done

# dotnet-stryker is pinned in .config/dotnet-tools.json.
dotnet tool restore >/dev/null

status=0
for target in "${targets[@]}"; do
  out="$(pwd)/artifacts/mutation/$target"
  config="$(pwd)/build/mutation/$target.json"
  project="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["stryker-config"]["project"])' "$config")"
  project_path="$(find runtime generator -name "$project" -print -quit)"
  [ -n "$project_path" ] || { echo "!! $target: no $project under runtime/ or generator/" >&2; status=1; continue; }
  project_dir="$(dirname "$project_path")"
  rm -rf "$out"
  mkdir -p "$out"
  python3 build/mutation/resolve.py "$config" "$project_dir" "$out/stryker-config.json" > "$out/mutate.txt" || { status=1; continue; }
  echo "== stryker $target: $project_dir (concurrency $concurrency)"
  start=$(date +%s)
  if (cd "$project_dir" && timeout "$time_limit" dotnet stryker --config-file "$out/stryker-config.json" --output "$out" --concurrency "$concurrency" --skip-version-check) > "$out/stryker.log" 2>&1; then
    grep -E 'mutants (got|will)|total mutants|final mutation score|Time Elapsed' "$out/stryker.log" || true
  else
    tail -20 "$out/stryker.log"
    echo "!! stryker failed or ran past $time_limit for $target (see $out/stryker.log; narrow the mutate globs or the test filter)"
    status=1
    continue
  fi
  elapsed=$(( $(date +%s) - start ))
  report="$out/reports/mutation-report.json"
  if python3 build/mutation/summary.py "$report" "build/mutation/$target.areas" "$min_score" "$elapsed" > "$out/summary.md"; then :; else status=1; fi
  echo "== $target"
  grep -v '^survived:' "$out/summary.md"
  echo "(surviving mutants: $out/summary.md; browse them in $out/reports/mutation-report.html)"
done
exit "$status"
