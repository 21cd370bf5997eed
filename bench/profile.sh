#!/usr/bin/env bash
# CPU-only profile of the Gateway against bare YARP under the same wrk load: one command.
#   bash bench/profile.sh [seconds] [connections] [plain|stream]     (defaults: 8, 32, plain)
# For bare YARP and the Gateway, each under `wrk -c<connections>` (same body as bench/run.sh), three runs of
# <seconds> each:
#   1. CPU per request without any tool attached (utime+stime of /proc/<pid>/stat / requests);
#   2. `perf record -F 999 -g` (on-CPU samples only: a waiting thread takes none); summarised by bench/perf-areas.py into areas (inclusive and exclusive), threads,
#      top self symbols and top inclusive managed methods;
#   3. counts per request: every syscall and the common ones by name (`perf stat` on syscall tracepoints), context
#      switches, GC collections by generation and allocated bytes (System.Runtime counters), and for the Gateway
#      the Orleans meter (grain calls, messages), both through dotnet-counters.
# Both .NET targets run with PROFILE_ENV (default below): perf maps on, so JIT-compiled frames have names;
# W^X off, so JIT code is not behind a memfd double mapping perf cannot name; ReadyToRun off, so framework code
# is JIT-compiled too (precompiled R2R code sits in the .dll mappings, which perf cannot name either). Run 1 is
# made under the same settings, so its CPU per request can differ a little from bench/run.sh's. WARMUP (default
# 20 s per target) lets tiered compilation finish first; the JIT counters in part 3 show whether it did.
# Writes bench/results/profile-latest.txt (plain) or profile-stream-latest.txt (summary) and keeps perf.data, perf
# script text, folded stacks and counter CSVs in bench/results/profile-raw/<kind>/ (not committed). Needs root (or perf_event_paranoid <= 1) for perf; installs linux-perf,
# wrk and dotnet-counters when missing. Every process started here is stopped by PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
SECS="${1:-8}"
CONNS="${2:-32}"
KIND="${3:-plain}"
WARMUP="${WARMUP:-20}"
RESULTS="$BENCH/results"
STREAM=0; [ "$KIND" = stream ] && STREAM=1
RAWDIR="$RESULTS/profile-raw/$KIND"
OUTFILE="$RESULTS/profile-latest.txt"; [ "$KIND" = stream ] && OUTFILE="$RESULTS/profile-stream-latest.txt"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
command -v wrk >/dev/null || $SUDO apt-get install -y wrk
command -v perf >/dev/null || $SUDO apt-get install -y linux-perf
COUNTERS="$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")"
[ -x "$COUNTERS" ] || dotnet tool install -g dotnet-counters >/dev/null
CLK_TCK="$(getconf CLK_TCK)"
PROFILE_ENV="${PROFILE_ENV:-DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0}"

echo "== build (Release)"
dotnet build "$BENCH/XaiRouter.Benchmarks" -c Release -v q -nologo 2>&1 | grep -E " error |Error\(s\)" || true
BIN="$ROOT/artifacts/bin/XaiRouter.Benchmarks/release"
[ -f "$BIN/XaiRouter.Gateway.dll" ] || { echo "build output not found in $BIN" >&2; exit 1; }

TMP="$(mktemp -d /tmp/xai-profile.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "/tmp/perf-$pid.map" "/tmp/perfinfo-$pid.map"
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
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }   # utime+stime, all threads
load() { # $1 url, $2 seconds -> wrk's summary line (BENCH ... requests=N ...)
  BENCH_KEY="$SUB_KEY" BENCH_STREAM=$STREAM timeout $(($2 + 30)) wrk -t1 -c"$CONNS" -d"$2s" --latency \
    -s "$BENCH/wrk-post.lua" "$1/v1/chat/completions" 2>&1 | grep '^BENCH ' || echo "BENCH requests=0"
}
requests_of() { sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$1"; }

UP_PORT=$(free_port); YARP_PORT=$(free_port); GW_PORT=$(free_port); SILO_PORT=$(free_port); ORL_PORT=$(free_port)
dotnet "$BIN/XaiRouter.Benchmarks.dll" upstream "$UP_PORT" 10 0 >"$TMP/upstream.log" 2>&1 &
UP_PID=$!; PIDS+=("$UP_PID"); wait_port "$UP_PORT" upstream "$UP_PID"
env $PROFILE_ENV dotnet "$BIN/XaiRouter.Benchmarks.dll" bare-yarp "$YARP_PORT" "http://127.0.0.1:$UP_PORT" >"$TMP/yarp.log" 2>&1 &
YARP_PID=$!; PIDS+=("$YARP_PID"); wait_port "$YARP_PORT" "bare YARP" "$YARP_PID"
OP_TOKEN="bench-operator-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$TMP/gw-data"
env $PROFILE_ENV dotnet "$BIN/XaiRouter.Gateway.dll" --Urls "http://127.0.0.1:$GW_PORT" --DataDirectory "$TMP/gw-data" \
  --Upstream:AllowPrivateNetworks true --Cluster:SiloPort "$SILO_PORT" --Cluster:GatewayPort "$ORL_PORT" \
  --Logging:LogLevel:Default Warning --Operator:Token "$OP_TOKEN" >"$TMP/gateway.log" 2>&1 &
GW_PID=$!; PIDS+=("$GW_PID")
SUB_KEY=$(dotnet "$BIN/XaiRouter.Benchmarks.dll" gateway-setup "http://127.0.0.1:$GW_PORT" "$OP_TOKEN" "http://127.0.0.1:$UP_PORT" | tail -1)
[ -n "$SUB_KEY" ] || { echo "Gateway setup failed" >&2; cat "$TMP/gateway.log" >&2; exit 1; }

declare -A URL=([yarp]="http://127.0.0.1:$YARP_PORT" [gateway]="http://127.0.0.1:$GW_PORT")
declare -A PID_OF=([yarp]="$YARP_PID" [gateway]="$GW_PID")
declare -A NAME=([yarp]="bare YARP" [gateway]="Gateway")
SYSCALLS=(read write readv writev sendto recvfrom sendmsg recvmsg epoll_wait epoll_pwait epoll_ctl futex getpid gettid
  pread64 pwrite64 fsync fdatasync sched_yield madvise mprotect mmap munmap getrandom openat close nanosleep
  clock_nanosleep ioctl fcntl accept4 shutdown)
mkdir -p "$RAWDIR"

echo "== warm-up ${WARMUP} s per target"
for t in yarp gateway; do load "${URL[$t]}" "$WARMUP" >/dev/null; done

SUMMARY="$TMP/summary.txt"
{
  echo "XaiRouter CPU profile, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "load: wrk -t1 -c$CONNS, $KIND chat completion, $SECS s per run after $WARMUP s warm-up; upstream, wrk and both targets share the cores"
  echo "targets run with: $PROFILE_ENV"
  echo "machine load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$SUMMARY"

declare -A US
for t in yarp gateway; do
  pid=${PID_OF[$t]}
  echo "== ${NAME[$t]} (pid $pid): CPU per request, no tool attached"
  c0=$(cpu_ticks "$pid"); line=$(load "${URL[$t]}" "$SECS"); c1=$(cpu_ticks "$pid"); n=$(requests_of "$line")
  US[$t]=$(awk -v t=$((c1 - c0)) -v n="${n:-0}" -v hz="$CLK_TCK" 'BEGIN{ if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print 0 }')
  echo "   $line; CPU ${US[$t]} us/req"

  echo "== ${NAME[$t]}: perf record"
  perf record -F 999 -g -p "$pid" -o "$RAWDIR/perf-$t.data" -- sleep "$SECS" >"$TMP/perf-record-$t.log" 2>&1 &
  perf_pid=$!
  sleep 0.5
  line=$(load "${URL[$t]}" "$((SECS - 1))")
  wait "$perf_pid" || true
  perf script -i "$RAWDIR/perf-$t.data" -F comm,tid,period,ip,sym,dso >"$RAWDIR/perf-$t.txt" 2>/dev/null
  python3 "$BENCH/perf-areas.py" "$RAWDIR/perf-$t.txt" "${US[$t]}" --top 30 --folded "$RAWDIR/folded-$t.txt" >"$TMP/areas-$t.txt"

  echo "== ${NAME[$t]}: syscalls, context switches, GC and Orleans counters per request"
  events=(-e raw_syscalls:sys_enter -e context-switches)
  for s in "${SYSCALLS[@]}"; do
    [ -d "/sys/kernel/tracing/events/syscalls/sys_enter_$s" ] && events+=(-e "syscalls:sys_enter_$s")
  done
  providers="System.Runtime[dotnet.gc.collections,dotnet.gc.heap.total_allocated,dotnet.thread_pool.work_item.count,dotnet.monitor.lock_contentions,dotnet.jit.compiled_methods,dotnet.jit.compilation.time]"
  [ "$t" = gateway ] && providers="$providers,Microsoft.Orleans"
  rm -f "$TMP/counters-$t.csv"
  "$COUNTERS" collect -p "$pid" --counters "$providers" --refresh-interval 1 --format csv -o "$TMP/counters-$t.csv" \
    --duration "00:00:00:$(printf '%02d' $((SECS + 4)))" >"$TMP/counters-$t.log" 2>&1 &
  counters_pid=$!
  sleep 2   # the session starts and takes its first sample
  perf stat -x, "${events[@]}" -p "$pid" -o "$TMP/stat-$t.csv" -- sleep "$SECS" 2>/dev/null &
  stat_pid=$!
  line=$(load "${URL[$t]}" "$SECS")
  n=$(requests_of "$line")
  wait "$stat_pid" || true
  wait "$counters_pid" || true
  cp "$TMP/counters-$t.csv" "$RAWDIR/counters-$t.csv" 2>/dev/null || true
  {
    echo
    echo "################ ${NAME[$t]} ################"
    echo "CPU per request (no tool attached): ${US[$t]} us"
    echo
    echo "Per request during the counting run ($n requests; perf stat covers ${SECS} s of the ${SECS} s load):"
    awk -F, -v n="${n:-0}" '$1 ~ /^[0-9]+$/ && n > 0 && $1 > 0 { sub(/^syscalls:sys_enter_/, "", $3); sub(/^raw_syscalls:sys_enter/, "all syscalls", $3);
        printf "  %-18s %8.2f\n", $3, $1 / n }' "$TMP/stat-$t.csv" | sort -k2 -nr -t$'\t'
    python3 - "$TMP/counters-$t.csv" "${n:-0}" <<'EOF'
import csv, sys
from collections import defaultdict
path, n = sys.argv[1], int(sys.argv[2])
first, last = {}, {}
try:
    rows = list(csv.reader(open(path, encoding="utf-8")))
except OSError:
    print("  (no counters: dotnet-counters did not attach)"); sys.exit(0)
# csv: Timestamp,Provider,Counter Name,Counter Type,Mean/Increment
rates = defaultdict(float)
for row in rows[1:]:
    if len(row) < 5: continue
    try: value = float(row[4])
    except ValueError: continue
    key = (row[1], row[2])
    if "Percentile=" in row[2] or "latency" in row[2] or "memory" in row[2]:
        continue                     # histograms and gauges: not a count per request
    if row[3].lower().startswith("rate"):
        rates[key] += value          # increments per refresh interval: the sum is the total over the run
    else:
        first.setdefault(key, value); last[key] = value
print("  counters (dotnet-counters; totals over its session, which is a few seconds longer than the load):")
for key in sorted(set(rates) | set(last)):
    total = rates[key] if key in rates else last[key] - first[key]
    if n > 0 and total:
        print(f"  {key[1][:80]:<80} {total / n:10.4f} per request  ({key[0]})")
EOF
    echo
    cat "$TMP/areas-$t.txt"
  } >>"$SUMMARY"
done

{
  echo
  echo "################ Gateway minus bare YARP ################"
  echo "CPU per request: Gateway ${US[gateway]} us, bare YARP ${US[yarp]} us, ratio $(awk -v a="${US[gateway]}" -v b="${US[yarp]}" 'BEGIN{ if (b > 0) printf "%.2f", a / b }')"
  python3 - "$TMP/areas-gateway.txt" "$TMP/areas-yarp.txt" <<'EOF'
import re, sys
def table(path, title):
    rows, on = {}, False
    for line in open(path, encoding="utf-8"):
        if line.startswith(title): on = True; continue
        if on and not line.strip(): break
        m = re.match(r"\|\s*(.+?)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|", line)
        if on and m: rows[m.group(1)] = float(m.group(3))
    return rows
for title in ("Exclusive split", "Inclusive by area"):
    gw, yarp = table(sys.argv[1], title), table(sys.argv[2], title)
    print(f"\n{title}: us/req, Gateway - bare YARP, largest first")
    print(f"| {'area':<62} | {'Gateway':>7} | {'YARP':>7} | {'extra':>7} |")
    print(f"|{'-' * 64}|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|")
    for area in sorted(set(gw) | set(yarp), key=lambda a: -(gw.get(a, 0) - yarp.get(a, 0))):
        print(f"| {area:<62} | {gw.get(area, 0):7.1f} | {yarp.get(area, 0):7.1f} | {gw.get(area, 0) - yarp.get(area, 0):+7.1f} |")
EOF
} >>"$SUMMARY"

cp "$SUMMARY" "$OUTFILE"
echo
sed -n '/Gateway minus bare YARP/,$p' "$SUMMARY"
echo
echo "saved: $OUTFILE (raw: $RAWDIR)"
