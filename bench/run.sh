#!/usr/bin/env bash
# Load-test harness: one command.
#   bash bench/run.sh                  wrk against direct upstream, nginx, bare YARP and the Gateway (DURATION=10 s per case)
#   bash bench/run.sh streams [n]      n (default 1000) concurrent slow SSE streams through the Gateway, peak RSS
#   bash bench/run.sh soak [min] [rps] fixed rate (default 100 req/s) through the Gateway for min (default 10) minutes, RSS growth
#   bash bench/run.sh volume [n] [c]   n (default 300000) requests through one Gateway in tenths, c (default 16) connections:
#                                      CPU and bytes written per request, first tenth against last (the usage ledger's cost)
# Env: DURATION (s per wrk case, default 10), WARMUP (s per target and case, default 2), CHUNKS (SSE chunks, default 10),
#      CHUNK_DELAY_MS (default 0), THREADS (wrk threads, default 1), GLOBAL_WARMUP (s per target and body kind before
#      measuring, default 5).
# Everything listens on 127.0.0.1 free ports; every process started here is stopped by PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
MODE="${1:-wrk}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
CHUNKS="${CHUNKS:-10}"
CHUNK_DELAY_MS="${CHUNK_DELAY_MS:-0}"
THREADS="${THREADS:-1}"
RESULTS="$BENCH/results"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
if [ "$MODE" = wrk ] && ! { command -v wrk && { command -v nginx || [ -x /usr/sbin/nginx ]; }; } >/dev/null 2>&1; then
  $SUDO apt-get install -y wrk nginx-light
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "== build (Release)"
dotnet build "$BENCH/XaiRouter.Benchmarks" -c Release -v q -nologo 2>&1 | grep -E " error |Error\(s\)" || true
BIN="$ROOT/artifacts/bin/XaiRouter.Benchmarks/release"
[ -f "$BIN/XaiRouter.Benchmarks.dll" ] && [ -f "$BIN/XaiRouter.Gateway.dll" ] || { echo "build output not found in $BIN" >&2; exit 1; }

case "$MODE" in
  streams|soak)
    mkdir -p "$RESULTS"
    if [ "$MODE" = streams ]; then set -- streams "${2:-1000}" "${3:-20}" "${4:-250}"; else set -- soak "${2:-10}" "${3:-100}"; fi
    { echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores: bench $*"; dotnet "$BIN/XaiRouter.Benchmarks.dll" "$@" 2>&1 | grep --line-buffered -v -E '^(info|warn): Microsoft.Hosting.Lifetime|^      (Application|Hosting|Content root|Now listening)'; } \
      | tee "$RESULTS/$MODE-latest.txt"
    exit "${PIPESTATUS[0]}" ;;
  volume)
    mkdir -p "$RESULTS"
    set -- volume "${2:-300000}" "${3:-16}"
    { echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores: bench $*"; dotnet "$BIN/XaiRouter.Benchmarks.dll" "$@" 2>&1 | grep --line-buffered -v -E '^(info|warn): Microsoft.Hosting.Lifetime|^      (Application|Hosting|Content root|Now listening)'; } \
      | tee "$RESULTS/volume-latest.txt"
    exit "${PIPESTATUS[0]}" ;;
  wrk) ;;
  *) echo "usage: bash bench/run.sh [wrk|streams [n]|soak [minutes] [rps]|volume [n] [connections]]" >&2; exit 2 ;;
esac

TMP="$(mktemp -d /tmp/xai-bench.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # $1 port, $2 name, $3 pid: at most 30 s
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || { echo "$2 exited" >&2; return 1; }
    sleep 0.1
  done
  echo "$2 did not listen on $1 within 30 s" >&2; return 1
}

UP_PORT=$(free_port); NG_PORT=$(free_port); YARP_PORT=$(free_port); GW_PORT=$(free_port)
SILO_PORT=$(free_port); ORL_PORT=$(free_port)

echo "== upstream :$UP_PORT ($CHUNKS chunks, $CHUNK_DELAY_MS ms apart)"
dotnet "$BIN/XaiRouter.Benchmarks.dll" upstream "$UP_PORT" "$CHUNKS" "$CHUNK_DELAY_MS" >"$TMP/upstream.log" 2>&1 &
PIDS+=($!); wait_port "$UP_PORT" upstream "$!"

echo "== nginx :$NG_PORT"
mkdir -p "$TMP/nginx"
sed -e "s|__DIR__|$TMP/nginx|g" -e "s|__PORT__|$NG_PORT|g" -e "s|__UPSTREAM_PORT__|$UP_PORT|g" \
  "$BENCH/nginx.conf.template" >"$TMP/nginx/nginx.conf"
"$NGINX" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" >"$TMP/nginx.log" 2>&1 &
PIDS+=($!); wait_port "$NG_PORT" nginx "$!"

echo "== bare YARP :$YARP_PORT"
dotnet "$BIN/XaiRouter.Benchmarks.dll" bare-yarp "$YARP_PORT" "http://127.0.0.1:$UP_PORT" >"$TMP/yarp.log" 2>&1 &
PIDS+=($!); wait_port "$YARP_PORT" "bare YARP" "$!"

echo "== Gateway :$GW_PORT"
OP_TOKEN="bench-operator-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$TMP/gw-data"
dotnet "$BIN/XaiRouter.Gateway.dll" --Urls "http://127.0.0.1:$GW_PORT" --DataDirectory "$TMP/gw-data" \
  --Upstream:AllowPrivateNetworks true --Cluster:SiloPort "$SILO_PORT" --Cluster:GatewayPort "$ORL_PORT" \
  --Logging:LogLevel:Default Warning --Operator:Token "$OP_TOKEN" >"$TMP/gateway.log" 2>&1 &
GW_PID=$!; PIDS+=("$GW_PID")
# gateway-setup waits for /readyz (30 s at most), then tenant, provider key, sub-key; prints the sub-key.
SUB_KEY=$(dotnet "$BIN/XaiRouter.Benchmarks.dll" gateway-setup "http://127.0.0.1:$GW_PORT" "$OP_TOKEN" "http://127.0.0.1:$UP_PORT" | tail -1)
[ -n "$SUB_KEY" ] || { echo "Gateway setup failed" >&2; cat "$TMP/gateway.log" >&2; exit 1; }

TARGETS=(direct nginx yarp gateway)
declare -A URL=([direct]="http://127.0.0.1:$UP_PORT" [nginx]="http://127.0.0.1:$NG_PORT" [yarp]="http://127.0.0.1:$YARP_PORT" [gateway]="http://127.0.0.1:$GW_PORT")
declare -A NAME=([direct]="direct upstream" [nginx]="nginx" [yarp]="bare YARP" [gateway]="Gateway")

echo "== sanity: one plain and one streaming request per target"
for t in "${TARGETS[@]}"; do
  for body in '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}' '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}'; do
    out=$(curl -s -m 10 -w '\n%{http_code}' "${URL[$t]}/v1/chat/completions" -H "Authorization: Bearer $SUB_KEY" -H 'Content-Type: application/json' -d "$body")
    code=$(tail -1 <<<"$out")
    if [ "$code" != 200 ]; then echo "$t answered $code: $out" >&2; exit 1; fi
    case "$body" in *stream*) grep -q 'data: \[DONE\]' <<<"$out" || { echo "$t stream without [DONE]" >&2; exit 1; } ;; esac
  done
  echo "  ${NAME[$t]}: ok"
done

GLOBAL_WARMUP="${GLOBAL_WARMUP:-5}"
echo "== warm-up: ${GLOBAL_WARMUP} s plain + ${GLOBAL_WARMUP} s streaming per target at 32 connections (JIT, pools)"
for t in "${TARGETS[@]}"; do
  for stream in 0 1; do
    BENCH_KEY="$SUB_KEY" BENCH_STREAM=$stream timeout $((GLOBAL_WARMUP + 30)) wrk -t"$THREADS" -c32 -d"${GLOBAL_WARMUP}s" \
      -s "$BENCH/wrk-post.lua" "${URL[$t]}/v1/chat/completions" >/dev/null 2>&1 || true
  done
done

mkdir -p "$RESULTS"
RAW="$TMP/raw.txt"; : >"$RAW"
declare -A RPS P50 P99 BAD
CASES=(plain-c1 plain-c32 stream-c1 stream-c32)
for c in "${CASES[@]}"; do
  kind=${c%-*}; conns=${c#*-c}
  stream=0; [ "$kind" = stream ] && stream=1
  for t in "${TARGETS[@]}"; do   # targets interleaved per case, so drift hits all alike
    BENCH_KEY="$SUB_KEY" BENCH_STREAM=$stream timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$conns" -d"${WARMUP}s" -s "$BENCH/wrk-post.lua" \
      "${URL[$t]}/v1/chat/completions" >/dev/null 2>&1 || true
    out=$(BENCH_KEY="$SUB_KEY" BENCH_STREAM=$stream timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" \
      --latency -s "$BENCH/wrk-post.lua" "${URL[$t]}/v1/chat/completions" 2>&1) || true
    { echo "### ${NAME[$t]} / $c"; echo "$out"; echo; } >>"$RAW"
    if ! kill -0 "$GW_PID" 2>/dev/null; then
      echo "the Gateway (pid $GW_PID) is gone during ${NAME[$t]} / $c; its log:" >&2; tail -20 "$TMP/gateway.log" >&2; exit 1
    fi
    line=$(grep '^BENCH ' <<<"$out" || echo "BENCH rps=0 p50_us=0 p99_us=0 non2xx=0 sockerr=0")
    get() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
    RPS[$t,$c]=$(get rps); P50[$t,$c]=$(get p50_us); P99[$t,$c]=$(get p99_us)
    BAD[$t,$c]=$(( $(get non2xx) + $(get sockerr) ))
    printf '  %-16s %-11s %10s req/s  p50 %6.3f ms  p99 %6.3f ms  non-2xx/errors %s\n' "${NAME[$t]}" "$c" "${RPS[$t,$c]}" \
      "$(awk "BEGIN{print ${P50[$t,$c]}/1000}")" "$(awk "BEGIN{print ${P99[$t,$c]}/1000}")" "${BAD[$t,$c]}"
  done
done

read -r GW_RSS GW_HWM < <(awk '/^VmRSS:/{r=$2} /^VmHWM:/{h=$2} END{printf "%.0f %.0f\n", r/1024, h/1024}' "/proc/$GW_PID/status")

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1/$2; else print \"n/a\" }"; }
ms() { awk "BEGIN{printf \"%.3f\", $1/1000}"; }
{
  echo "XaiRouter load test, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "wrk -t$THREADS, ${DURATION} s per case after ${WARMUP} s warm-up, upstream SSE $CHUNKS chunks ${CHUNK_DELAY_MS} ms apart; all on 127.0.0.1"
  echo
  printf '| %-15s | %-10s | %10s | %9s | %9s | %8s |\n' target case "req/s" "p50 ms" "p99 ms" "errors"
  printf '|%s|%s|%s|%s|%s|%s|\n' "-----------------" "------------" "------------" "-----------" "-----------" "----------"
  for c in "${CASES[@]}"; do
    for t in "${TARGETS[@]}"; do
      printf '| %-15s | %-10s | %10s | %9s | %9s | %8s |\n' "${NAME[$t]}" "$c" "${RPS[$t,$c]}" "$(ms "${P50[$t,$c]}")" "$(ms "${P99[$t,$c]}")" "${BAD[$t,$c]}"
    done
  done
  echo
  echo "Gateway req/s ratios:"
  printf '| %-10s | %14s | %13s | %17s |\n' case "Gateway/direct" "Gateway/nginx" "Gateway/bare YARP"
  printf '|%s|%s|%s|%s|\n' "------------" "----------------" "---------------" "-------------------"
  for c in "${CASES[@]}"; do
    printf '| %-10s | %14s | %13s | %17s |\n' "$c" "$(ratio "${RPS[gateway,$c]}" "${RPS[direct,$c]}")" \
      "$(ratio "${RPS[gateway,$c]}" "${RPS[nginx,$c]}")" "$(ratio "${RPS[gateway,$c]}" "${RPS[yarp,$c]}")"
  done
  echo
  echo "Added p50 latency over direct at 1 connection (ms):"
  for c in plain-c1 stream-c1; do
    printf '  %-10s nginx %s   bare YARP %s   Gateway %s\n' "$c" "$(ms $(( ${P50[nginx,$c]} - ${P50[direct,$c]} )))" \
      "$(ms $(( ${P50[yarp,$c]} - ${P50[direct,$c]} )))" "$(ms $(( ${P50[gateway,$c]} - ${P50[direct,$c]} )))"
  done
  echo "p99 at 32 connections, Gateway minus bare YARP (ms): plain $(ms $(( ${P99[gateway,plain-c32]} - ${P99[yarp,plain-c32]} ))), stream $(ms $(( ${P99[gateway,stream-c32]} - ${P99[yarp,stream-c32]} )))"
  echo "Gateway RSS after the run: VmRSS ${GW_RSS} MB, peak VmHWM ${GW_HWM} MB"
} >"$TMP/table.txt"

echo
cat "$TMP/table.txt"
{ cat "$TMP/table.txt"; echo; echo "---- raw wrk output ----"; echo; cat "$RAW"; } >"$RESULTS/wrk-latest.txt"
echo
echo "saved: $RESULTS/wrk-latest.txt"
