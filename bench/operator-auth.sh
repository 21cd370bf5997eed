#!/usr/bin/env bash
# Compares the Gateway's answer time for a missing, a wrong and a right operator token (GET /admin/tenants on an
# empty tenant list), to show that a failed check costs the same whatever was presented.
# Usage: bench/operator-auth.sh [requests per variant=2000]. Loopback only; the Gateway it starts is stopped.
set -euo pipefail
[ -n "${DEBUG:-}" ] && set -x
cd "$(dirname "$0")/.."
n=${1:-2000}
dotnet build Gateway -c Release --nologo -v quiet >/dev/null
data=$(mktemp -d)
port=18081
token="bench-operator-token-0123456789abcdefghij"
dotnet artifacts/bin/XaiRouter.Gateway/release/XaiRouter.Gateway.dll --Urls "http://127.0.0.1:$port" --DataDirectory "$data" \
  --Operator:Token "$token" --Cluster:SiloPort 21112 --Cluster:GatewayPort 23001 >/dev/null 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 3000); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.01; done

url="http://127.0.0.1:$port/admin/tenants"
urls=$(for _ in $(seq 1 "$n"); do printf -- '-o /dev/null %s ' "$url"; done)
measure() { # one curl process, one kept-alive connection, n requests; prints the median time in microseconds
  # shellcheck disable=SC2086
  curl -s -w '%{time_total}\n' "$@" $urls | awk '{ print int($1 * 1000000) }' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
# Three interleaved rounds after a warm-up of every variant, so JIT and cache warm-up favour none of them.
for round in warm-up 1 2 3; do
  missing=$(measure)
  wrong_short=$(measure -H "Authorization: Bearer x")
  wrong_same_length=$(measure -H "Authorization: Bearer ${token%?}y")
  right=$(measure -H "Authorization: Bearer $token")
  [ "$round" = warm-up ] && continue
  echo "round $round, median of $n requests: missing token ${missing} us, wrong short ${wrong_short} us, wrong same-length ${wrong_same_length} us (all 401); right token ${right} us (200)"
done
