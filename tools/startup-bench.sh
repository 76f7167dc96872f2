#!/usr/bin/env bash
# Startup benchmark of the standalone gateway: time from `java -jar` to the first HTTP answer of the web console,
# cold (a fresh data directory: bundles installed into a new cache) and warm (the same data directory again).
# Usage: tools/startup-bench.sh [runs]   (build first: mvn -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
jar=kura-deploy/target/holdfast-gateway.jar
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/holdfast-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
# a password of our own, so that a cold start does not print a generated one on every run
printf 'startup-bench-%s\n' "$RANDOM$RANDOM" >"$work/console-password"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

one_run() { # data-dir -> prints milliseconds to first HTTP answer
  local data=$1 port pid t0 t1
  port=$(free_port)
  t0=$(date +%s%N)
  java -jar "$jar" --data "$data" --port "$port" --no-shell --console-password-file "$work/console-password" >"$work/out.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/system/console"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

stats() { sort -n | awk '{a[NR]=$1} END {printf "min %d ms, median %d ms, max %d ms (n=%d)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
cold=(); warm=()
for i in $(seq "$runs"); do cold+=("$(one_run "$work/cold-$i")"); done
one_run "$work/warm" >/dev/null
for i in $(seq "$runs"); do warm+=("$(one_run "$work/warm")"); done
echo "cold start (fresh data directory): $(printf '%s\n' "${cold[@]}" | stats)"
echo "warm start (existing data directory): $(printf '%s\n' "${warm[@]}" | stats)"
