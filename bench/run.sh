#!/usr/bin/env bash
# Load-test harness: one command.
#   bash bench/run.sh                  wrk against direct upstream, nginx, bare YARP and the Gateway (DURATION=10 s per case):
#                                      req/s, p50/p99 and CPU us/req of each target (see bench/README.md)
#   bash bench/run.sh streams [n]      n (default 1000) concurrent slow SSE streams through the Gateway, peak RSS
#   bash bench/run.sh soak [min] [rps] fixed rate (default 100 req/s) through the Gateway for min (default 10) minutes, RSS growth
#   bash bench/run.sh volume [n] [c]   n (default 300000) requests through one Gateway in tenths, c (default 16) connections:
#                                      CPU and bytes written per request, first tenth against last (the usage ledger's cost)
#   bash bench/run.sh telemetry [n] [c] [r]  CPU per request of a Gateway with telemetry off and one exporting traces,
#                                      metrics and logs over OTLP/HTTP: r (default 5) interleaved rounds of n (default 20000)
# Env: DURATION (s per wrk case, default 10), WARMUP (s per target and case, default 2), CHUNKS (SSE chunks, default 10),
#      CHUNK_DELAY_MS (default 0), THREADS (wrk threads, default 1), GLOBAL_WARMUP (s per target and body kind before
#      measuring, default 5), CASES (space-separated subset of: plain-c1 plain-c32 stream-c1 stream-c32 messages-c1
#      messages-c32; default all; the messages cases POST /v1/messages through a native anthropic key).
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

# CPU accounting (shared by the modes): utime+stime of /proc/<pid>/stat (fields 14 and 15). For a process (not a
# /proc/<pid>/task/<tid> entry) the kernel sums them over all its threads, including threads that already exited;
# /proc/<pid>/schedstat and summing /proc/<pid>/task/*/schedstat do neither (main thread only / live threads only),
# so ticks are used: at CLK_TCK 100 that is 10 ms granularity, under 0.5 % of a target's seconds of CPU per case.
CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { # $@ pids -> summed utime+stime ticks (a gone pid counts 0)
  local pid total=0 t
  for pid in "$@"; do
    t=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}') || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
machine_busy_ticks() { # all cores, everything but idle and iowait (guest time is already in user)
  awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat
}
per_req_us() { # $1 ticks, $2 requests -> CPU microseconds per request
  awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN{ if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "n/a" }'
}

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
  telemetry)
    mkdir -p "$RESULTS"
    set -- telemetry "${2:-20000}" "${3:-16}" "${4:-5}"
    { echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores: bench $*"; dotnet "$BIN/XaiRouter.Benchmarks.dll" "$@" 2>&1 | grep --line-buffered -v -E '^(info|warn): Microsoft.Hosting.Lifetime|^      (Application|Hosting|Content root|Now listening)'; } \
      | tee "$RESULTS/telemetry-latest.txt"
    exit "${PIPESTATUS[0]}" ;;
  wrk) ;;
  *) echo "usage: bash bench/run.sh [wrk|streams [n]|soak [minutes] [rps]|volume [n] [connections]|telemetry [n] [connections] [rounds]]" >&2; exit 2 ;;
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
UP_PID=$!; PIDS+=("$UP_PID"); wait_port "$UP_PORT" upstream "$UP_PID"

echo "== nginx :$NG_PORT"
mkdir -p "$TMP/nginx"
sed -e "s|__DIR__|$TMP/nginx|g" -e "s|__PORT__|$NG_PORT|g" -e "s|__UPSTREAM_PORT__|$UP_PORT|g" \
  "$BENCH/nginx.conf.template" >"$TMP/nginx/nginx.conf"
"$NGINX" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" >"$TMP/nginx.log" 2>&1 &
NG_PID=$!; PIDS+=("$NG_PID"); wait_port "$NG_PORT" nginx "$NG_PID"

echo "== bare YARP :$YARP_PORT"
dotnet "$BIN/XaiRouter.Benchmarks.dll" bare-yarp "$YARP_PORT" "http://127.0.0.1:$UP_PORT" >"$TMP/yarp.log" 2>&1 &
YARP_PID=$!; PIDS+=("$YARP_PID"); wait_port "$YARP_PORT" "bare YARP" "$YARP_PID"

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
target_pids() { # the processes whose CPU is the target's: nginx is its master plus workers (looked up each time)
  case "$1" in
    direct) echo "$UP_PID" ;;
    nginx) echo "$NG_PID" $(pgrep -P "$NG_PID" || true) ;;
    yarp) echo "$YARP_PID" ;;
    gateway) echo "$GW_PID" ;;
  esac
}

echo "== sanity: one plain and one streaming request per target"
for t in "${TARGETS[@]}"; do
  for body in '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}' '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}'; do
    out=$(curl -s -m 10 -w '\n%{http_code}' "${URL[$t]}/v1/chat/completions" -H "Authorization: Bearer $SUB_KEY" -H 'Content-Type: application/json' -d "$body")
    code=$(tail -1 <<<"$out")
    if [ "$code" != 200 ]; then echo "$t answered $code: $out" >&2; exit 1; fi
    case "$body" in *stream*) grep -q 'data: \[DONE\]' <<<"$out" || { echo "$t stream without [DONE]" >&2; exit 1; } ;; esac
  done
  out=$(curl -s -m 10 -w '\n%{http_code}' "${URL[$t]}/v1/messages" -H "x-api-key: $SUB_KEY" -H 'anthropic-version: 2023-06-01' \
    -H 'Content-Type: application/json' -d '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}')
  code=$(tail -1 <<<"$out")
  if [ "$code" != 200 ]; then echo "$t answered $code on /v1/messages: $out" >&2; exit 1; fi
  echo "  ${NAME[$t]}: ok"
done

GLOBAL_WARMUP="${GLOBAL_WARMUP:-5}"
echo "== warm-up: ${GLOBAL_WARMUP} s plain + ${GLOBAL_WARMUP} s streaming per target at 32 connections (JIT, pools)"
for t in "${TARGETS[@]}"; do
  for stream in 0 1; do
    BENCH_KEY="$SUB_KEY" BENCH_STREAM=$stream timeout $((GLOBAL_WARMUP + 30)) wrk -t"$THREADS" -c32 -d"${GLOBAL_WARMUP}s" \
      -s "$BENCH/wrk-post.lua" "${URL[$t]}/v1/chat/completions" >/dev/null 2>&1 || true
  done
  BENCH_KEY="$SUB_KEY" BENCH_STREAM=0 timeout $((GLOBAL_WARMUP + 30)) wrk -t"$THREADS" -c32 -d"${GLOBAL_WARMUP}s" \
    -s "$BENCH/wrk-post-messages.lua" "${URL[$t]}/v1/messages" >/dev/null 2>&1 || true
done

mkdir -p "$RESULTS"
RAW="$TMP/raw.txt"; : >"$RAW"
declare -A RPS P50 P99 BAD CPU UPCPU WRKCPU OTHER
read -r -a CASES <<<"${CASES:-plain-c1 plain-c32 stream-c1 stream-c32 messages-c1 messages-c32}"
for c in "${CASES[@]}"; do
  kind=${c%-*}; conns=${c#*-c}
  stream=0; [ "$kind" = stream ] && stream=1
  script="$BENCH/wrk-post.lua"; path=/v1/chat/completions
  if [ "$kind" = messages ]; then script="$BENCH/wrk-post-messages.lua"; path=/v1/messages; fi
  for t in "${TARGETS[@]}"; do   # targets interleaved per case, so drift hits all alike
    BENCH_KEY="$SUB_KEY" BENCH_STREAM=$stream timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$conns" -d"${WARMUP}s" -s "$script" \
      "${URL[$t]}$path" >/dev/null 2>&1 || true
    # CPU of the target, the shared upstream and the whole machine around the measured run; wrk's own CPU is the
    # subshell's reaped-children time (fields 16+17: timeout, which waits for wrk), read before the subshell ends.
    read -r -a tpids <<<"$(target_pids "$t")"
    t_cpu0=$(cpu_ticks "${tpids[@]}"); up_cpu0=$(cpu_ticks "$UP_PID"); m0=$(machine_busy_ticks); w0=$(date +%s%N)
    out=$(BENCH_KEY="$SUB_KEY" BENCH_STREAM=$stream timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" \
      --latency -s "$script" "${URL[$t]}$path" 2>&1 || true
      me=$BASHPID; echo "WRKCPU ticks=$(sed 's/^.*) //' "/proc/$me/stat" | awk '{print $14 + $15}')")
    t_cpu1=$(cpu_ticks "${tpids[@]}"); up_cpu1=$(cpu_ticks "$UP_PID"); m1=$(machine_busy_ticks); w1=$(date +%s%N)
    { echo "### ${NAME[$t]} / $c"; echo "$out"; echo; } >>"$RAW"
    if ! kill -0 "$GW_PID" 2>/dev/null; then
      echo "the Gateway (pid $GW_PID) is gone during ${NAME[$t]} / $c; its log:" >&2; tail -20 "$TMP/gateway.log" >&2; exit 1
    fi
    line=$(grep '^BENCH ' <<<"$out" || echo "BENCH rps=0 p50_us=0 p99_us=0 non2xx=0 sockerr=0")
    get() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
    RPS[$t,$c]=$(get rps); P50[$t,$c]=$(get p50_us); P99[$t,$c]=$(get p99_us)
    BAD[$t,$c]=$(( $(get non2xx) + $(get sockerr) ))
    reqs=$(get requests); reqs=${reqs:-0}
    wrk_ticks=$(sed -n 's/^WRKCPU ticks=\([0-9]*\).*/\1/p' <<<"$out"); wrk_ticks=${wrk_ticks:-0}
    t_ticks=$((t_cpu1 - t_cpu0)); up_ticks=$((up_cpu1 - up_cpu0))
    CPU[$t,$c]=$(per_req_us "$t_ticks" "$reqs"); UPCPU[$t,$c]=$(per_req_us "$up_ticks" "$reqs")
    WRKCPU[$t,$c]=$(per_req_us "$wrk_ticks" "$reqs")
    # the rest of the machine (other helpers' builds and tests, idle targets), in cores busy during the run
    counted=$((t_ticks + wrk_ticks)); [ "$t" = direct ] || counted=$((counted + up_ticks))
    OTHER[$t,$c]=$(awk -v b="$((m1 - m0 - counted))" -v ns="$((w1 - w0))" -v hz="$CLK_TCK" 'BEGIN{ v = b / hz / (ns / 1e9); printf "%.2f", v < 0 ? 0 : v }')
    printf '  %-16s %-11s %10s req/s  p50 %6.3f ms  p99 %6.3f ms  CPU %7s us/req (upstream %s, wrk %s; other load %s cores)  non-2xx/errors %s\n' \
      "${NAME[$t]}" "$c" "${RPS[$t,$c]}" "$(awk "BEGIN{print ${P50[$t,$c]}/1000}")" "$(awk "BEGIN{print ${P99[$t,$c]}/1000}")" \
      "${CPU[$t,$c]}" "${UPCPU[$t,$c]}" "${WRKCPU[$t,$c]}" "${OTHER[$t,$c]}" "${BAD[$t,$c]}"
  done
done

# Cases left out (CASES) read as zero in the summaries below.
for c in plain-c1 plain-c32 stream-c1 stream-c32 messages-c1 messages-c32; do
  for t in "${TARGETS[@]}"; do
    : "${RPS[$t,$c]:=0}" "${P50[$t,$c]:=0}" "${P99[$t,$c]:=0}" "${CPU[$t,$c]:=n/a}" "${BAD[$t,$c]:=0}" "${UPCPU[$t,$c]:=n/a}" "${WRKCPU[$t,$c]:=n/a}" "${OTHER[$t,$c]:=n/a}"
  done
done

read -r GW_RSS GW_HWM < <(awk '/^VmRSS:/{r=$2} /^VmHWM:/{h=$2} END{printf "%.0f %.0f\n", r/1024, h/1024}' "/proc/$GW_PID/status")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
ms() { awk "BEGIN{printf \"%.3f\", $1/1000}"; }
verdict() { awk -v v="$1" -v lim="$2" -v dir="$3" 'BEGIN{ if (v == "n/a") print "n/a"; else if ((dir == "max" && v + 0 <= lim + 0) || (dir == "min" && v + 0 >= lim + 0)) print "met"; else print "missed" }'; }
{
  echo "XaiRouter load test, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "wrk -t$THREADS, ${DURATION} s per case after ${WARMUP} s warm-up, upstream SSE $CHUNKS chunks ${CHUNK_DELAY_MS} ms apart; all on 127.0.0.1"
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
  echo
  echo "CPU us/req: user+system CPU of the target's processes during the measured run / requests completed"
  echo "(nginx: master + workers; direct upstream: the upstream itself; CLK_TCK $CLK_TCK)."
  echo
  printf '| %-15s | %-10s | %10s | %9s | %9s | %10s | %8s |\n' target case "req/s" "p50 ms" "p99 ms" "CPU us/req" "errors"
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' "-----------------" "------------" "-----------:" "----------:" "----------:" "-----------:" "---------:"
  for c in "${CASES[@]}"; do
    for t in "${TARGETS[@]}"; do
      printf '| %-15s | %-10s | %10s | %9s | %9s | %10s | %8s |\n' "${NAME[$t]}" "$c" "${RPS[$t,$c]}" "$(ms "${P50[$t,$c]}")" \
        "$(ms "${P99[$t,$c]}")" "${CPU[$t,$c]}" "${BAD[$t,$c]}"
    done
  done
  echo
  echo "The machine's split during each measured run: CPU us/req of the target, of the shared upstream (the same"
  echo "process as the target for direct) and of wrk; 'other' is the rest of the machine (other processes, the idle"
  echo "targets) in cores busy on average (of $(nproc))."
  printf '| %-15s | %-10s | %10s | %12s | %10s | %11s |\n' target case "target us" "upstream us" "wrk us" "other cores"
  printf '|%s|%s|%s|%s|%s|%s|\n' "-----------------" "------------" "-----------:" "-------------:" "-----------:" "------------:"
  for c in "${CASES[@]}"; do
    for t in "${TARGETS[@]}"; do
      printf '| %-15s | %-10s | %10s | %12s | %10s | %11s |\n' "${NAME[$t]}" "$c" "${CPU[$t,$c]}" "${UPCPU[$t,$c]}" "${WRKCPU[$t,$c]}" "${OTHER[$t,$c]}"
    done
  done
  echo
  echo "Gateway ratios:"
  printf '| %-10s | %14s | %13s | %17s | %21s |\n' case "Gateway/direct" "Gateway/nginx" "Gateway/bare YARP" "Gateway/bare YARP CPU"
  printf '|%s|%s|%s|%s|%s|\n' "------------" "---------------:" "--------------:" "------------------:" "----------------------:"
  for c in "${CASES[@]}"; do
    printf '| %-10s | %14s | %13s | %17s | %21s |\n' "$c" "$(ratio "${RPS[gateway,$c]}" "${RPS[direct,$c]}")" \
      "$(ratio "${RPS[gateway,$c]}" "${RPS[nginx,$c]}")" "$(ratio "${RPS[gateway,$c]}" "${RPS[yarp,$c]}")" \
      "$(ratio "${CPU[gateway,$c]}" "${CPU[yarp,$c]}")"
  done
  echo "(req/s ratios are Gateway/other; the CPU ratio is the Gateway's CPU per request over bare YARP's)"
  echo
  echo "Added p50 latency over direct at 1 connection (ms):"
  for c in plain-c1 stream-c1; do
    printf '  %-10s nginx %s   bare YARP %s   Gateway %s\n' "$c" "$(ms $(( ${P50[nginx,$c]} - ${P50[direct,$c]} )))" \
      "$(ms $(( ${P50[yarp,$c]} - ${P50[direct,$c]} )))" "$(ms $(( ${P50[gateway,$c]} - ${P50[direct,$c]} )))"
  done
  echo "p99 at 32 connections, Gateway minus bare YARP (ms): plain $(ms $(( ${P99[gateway,plain-c32]} - ${P99[yarp,plain-c32]} ))), stream $(ms $(( ${P99[gateway,stream-c32]} - ${P99[yarp,stream-c32]} )))"
  echo "Gateway RSS after the run: VmRSS ${GW_RSS} MB, peak VmHWM ${GW_HWM} MB"
  echo
  echo "Issue 16 targets (Gateway against bare YARP, same run):"
  for k in plain stream; do
    cr=$(ratio "${CPU[gateway,$k-c32]}" "${CPU[yarp,$k-c32]}"); rr=$(ratio "${RPS[gateway,$k-c32]}" "${RPS[yarp,$k-c32]}")
    dp=$(( ${P50[gateway,$k-c1]} - ${P50[yarp,$k-c1]} ))
    printf '  %-6s c32 CPU/req %5s x (<= 1.3: %s, <= 1.1: %s)   c32 req/s %5s x (>= 0.8: %s, >= 0.9: %s)   c1 p50 +%d us (<= 50: %s)\n' \
      "$k" "$cr" "$(verdict "$cr" 1.3 max)" "$(verdict "$cr" 1.1 max)" "$rr" "$(verdict "$rr" 0.8 min)" "$(verdict "$rr" 0.9 min)" \
      "$dp" "$(verdict "$dp" 50 max)"
  done
} >"$TMP/table.txt"

echo
cat "$TMP/table.txt"
{ cat "$TMP/table.txt"; echo; echo "---- raw wrk output ----"; echo; cat "$RAW"; } >"$RESULTS/wrk-latest.txt"
echo
echo "saved: $RESULTS/wrk-latest.txt"
