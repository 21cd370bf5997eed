#!/usr/bin/env bash
# Measures the Gateway's cold start: process launch until /readyz answers 200 (silo active, storage migrated),
# on a fresh data directory each run (first start: migrations and token generation included).
# Usage: bench/cold-start.sh [runs=5]. Builds Release first. Loopback only; every process it starts is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dotnet build Gateway -c Release --nologo -v quiet >/dev/null
dll=artifacts/bin/XaiRouter.Gateway/release/XaiRouter.Gateway.dll
port=18080
times=()
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  start=$(date +%s%N)
  dotnet "$dll" --Urls "http://127.0.0.1:$port" --DataDirectory "$data" --Cluster:SiloPort 21111 --Cluster:GatewayPort 23000 >/dev/null 2>&1 &
  pid=$!
  ready=""
  for _ in $(seq 1 3000); do   # at most 30 s
    if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=$(date +%s%N); break; fi
    sleep 0.01
  done
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data"
  [ -n "$ready" ] || { echo "run $i: not ready within 30 s" >&2; exit 1; }
  ms=$(( (ready - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "cold start to /readyz: median $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p") ms, min $(echo "$sorted" | head -1) ms, max $(echo "$sorted" | tail -1) ms over $runs runs"
