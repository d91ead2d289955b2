#!/usr/bin/env bash
# The one test command (README, .ci/run): build everything with warnings as errors, run every test project,
# then the end-to-end checks that need packages or processes. Prints "N passed, N failed" last.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

configuration="${CONFIGURATION:-Release}"
log_dir="artifacts/test-logs"
mkdir -p "$log_dir"

# The fleet tests share bunq's limits through a real Redis: start one for this run (unless BUNQ_TEST_REDIS names one)
# and stop it on exit. Without redis-server they skip locally and say so; under CI they fail.
# On a fresh machine where we may install packages (root with apt-get), install it first, as .ci/run does.
if [ -z "${BUNQ_TEST_REDIS:-}" ] && ! command -v redis-server >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  bash build/redis.sh install || echo "!! could not install redis-server: the Redis tests will say so"
fi
if [ -z "${BUNQ_TEST_REDIS:-}" ] && command -v redis-server >/dev/null 2>&1; then
  redis_dir="$(pwd)/artifacts/redis"
  BUNQ_TEST_REDIS="$(bash build/redis.sh start "$redis_dir")"
  export BUNQ_TEST_REDIS
  trap 'bash build/redis.sh stop "$redis_dir"' EXIT
  echo "== redis-server on $BUNQ_TEST_REDIS"
fi

echo "== build ($configuration, warnings as errors)"
dotnet build Bunq.CodeGen.sln -c "$configuration" -warnaserror -nologo -v minimal

passed=0
failed=0
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== test $name"
  log="$log_dir/$name.log"
  if dotnet test "$project" -c "$configuration" --no-build -nologo 2>&1 | tee "$log"; then :; else status=1; fi
  p=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
  f=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
  if [ "$p" -eq 0 ]; then echo "!! $name ran no test"; status=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
done

# Checked-in generated code must be what the spec generates now (the CI guard docs/ci.md recommends to users).
echo "== bunq-codegen check samples/CheckedIn/Generated"
if dotnet run --project generator/Bunq.CodeGen.Tool -c "$configuration" --no-build -- \
    check --spec specs/bunq.com.json --generated samples/CheckedIn/Generated --namespace CheckedIn.Bunq --include Payments; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi

for script in build/e2e-*.sh; do
  [ -f "$script" ] || continue
  echo "== $script"
  if bash "$script"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
done

echo "$passed passed, $failed failed"
exit "$status"
