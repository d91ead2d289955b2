#!/usr/bin/env bash
# The README's main job, as a user runs it: the quickstart against the built-in emulator must print its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${CONFIGURATION:-Release}"
context="$(mktemp -d)/bunq-quickstart.context.json"
out="$(mktemp)"
if ! timeout 300 dotnet run --project samples/Quickstart -c "$configuration" --no-build -- --context "$context" >"$out" 2>&1; then
  cat "$out"
  echo "FAIL: the quickstart exited non-zero"
  exit 1
fi
cat "$out"
grep -q '^Summary' "$out" || { echo "FAIL: no summary"; exit 1; }
grep -Eq 'payments: +2 ' "$out" || { echo "FAIL: expected the sugardaddy top-up and the payment"; exit 1; }
grep -q 'balance now: *587.50 EUR' "$out" || { echo "FAIL: balance does not add up (500 + 100 - 12.50)"; exit 1; }
# The saved context is owner-only: it holds the API key and the installation's private key.
[ "$(stat -c %a "$context")" = "600" ] || { echo "FAIL: context file is not 0600"; exit 1; }
echo "PASS: quickstart printed its summary; balances add up; context saved owner-only"
