#!/usr/bin/env bash
# A real redis-server (Debian's package) for the tests that share bunq's limits, sessions and contexts through Redis.
#   build/redis.sh install      installs redis-server with apt-get when it is missing (CI: .ci/run)
#   build/redis.sh start DIR    starts one on a free 127.0.0.1 port, data and pid in DIR; prints HOST:PORT
#   build/redis.sh stop DIR     stops the one started in DIR
set -euo pipefail

case "${1:-}" in
  install)
    if command -v redis-server >/dev/null 2>&1; then exit 0; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq redis-server >/dev/null
    command -v redis-server >/dev/null
    ;;
  start)
    dir="${2:?usage: build/redis.sh start DIR}"
    mkdir -p "$dir"
    command -v redis-server >/dev/null 2>&1 || { echo "redis-server is not installed (build/redis.sh install)" >&2; exit 1; }
    for _ in $(seq 1 20); do
      port=$((20000 + RANDOM % 40000))
      # Taken already: try another.
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
      # No persistence: every run starts empty and leaves nothing behind.
      if redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --daemonize yes \
          --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null 2>&1; then
        for _ in $(seq 1 50); do
          if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then echo "127.0.0.1:$port"; exit 0; fi
          sleep 0.1
        done
        [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
      fi
    done
    echo "could not start redis-server (see $dir/redis.log)" >&2
    exit 1
    ;;
  stop)
    dir="${2:?usage: build/redis.sh stop DIR}"
    if [ -f "$dir/redis.pid" ]; then
      pid="$(cat "$dir/redis.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$dir/redis.pid"
    fi
    ;;
  *)
    echo "usage: build/redis.sh install | start DIR | stop DIR" >&2
    exit 2
    ;;
esac
