#!/usr/bin/env bash
# samples/WebApp end to end (run by build/test.sh after the solution build):
#   1. --self-test: register the callback, pay, receive the callbacks verified, drop bunq's resends, refuse forgeries;
#      the last line is the JSON summary and the exit code is 0 only if all of it held.
#   2. --urls http://127.0.0.1:PORT: the first line is {"callbackUrl":"…"} and the app answers on that port.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration="${CONFIGURATION:-Release}"
app="$root/artifacts/bin/WebApp/${configuration,,}/WebApp.dll"
[[ -f "$app" ]] || dotnet build "$root/samples/WebApp" -c "$configuration" --nologo -v q >/dev/null

out="$(cd "$root" && dotnet "$app" --self-test)" || { echo "FAIL: WebApp --self-test exited $?"; echo "$out"; exit 1; }
last="$(tail -n 1 <<<"$out")"
python3 - "$last" <<'PY' || { echo "FAIL: WebApp --self-test summary: $last"; exit 1; }
import json, sys
s = json.loads(sys.argv[1])
assert s["ok"] is True and s["dispatched"] == 2 and s["duplicatesDropped"] >= 2 and s["forgedRefused"] == 2, s
assert s["callbacksReceived"] == s["dispatched"] + s["duplicatesDropped"] + s["forgedRefused"], s
PY
echo "PASS: WebApp --self-test: $last"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
fifo="$(mktemp -u)"; mkfifo "$fifo"
(cd "$root" && exec dotnet "$app" --urls "http://127.0.0.1:$port") >"$fifo" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$fifo"' EXIT
exec 3<"$fifo"
read -r -t 60 first <&3 || { echo "FAIL: WebApp --urls printed nothing"; exit 1; }
[[ "$first" == "{\"callbackUrl\":\"http://127.0.0.1:$port/bunq/callbacks\"}" ]] || { echo "FAIL: WebApp --urls first line: $first"; exit 1; }
accounts="$(curl -fsS "http://127.0.0.1:$port/accounts")" || { echo "FAIL: GET /accounts"; exit 1; }
grep -q '"balance":"500.00"' <<<"$accounts" || { echo "FAIL: GET /accounts: $accounts"; exit 1; }
echo "PASS: WebApp --urls: $first, GET /accounts $accounts"
