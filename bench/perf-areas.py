#!/usr/bin/env python3
"""Summarise `perf script` output of a .NET process (perf maps on) by area, for bench/profile.sh.

usage: perf-areas.py SCRIPT_TXT US_PER_REQ [--top N] [--folded OUT]

Reads the text of `perf script -F comm,tid,period,ip,sym,dso` over a `perf record -g` of one process, and prints:
- inclusive share of CPU samples per area (a sample counts for an area when any frame of its stack matches; areas
  overlap), with CPU microseconds per request (share x US_PER_REQ, the process's measured CPU per request);
- an exclusive split: every sample charged to one area (the innermost matching frame wins, except that GC, JIT and
  thread-pool spinning win wherever they are), so the split adds up to 100 %;
- samples per thread name, self time per module, the top self symbols and the top inclusive managed methods.
--folded writes the stacks folded (root;...;leaf count) for flame graphs.
"""
import re
import sys
from collections import Counter, defaultdict

# Ordered: the first pattern matching a frame names its area. Patterns are tried against "symbol (module)".
AREAS = [
    ("GC", r"(WKS|SVR)::gc_heap|GCHeap::|gc_heap::|\bGCToEEInterface|GarbageCollect|\(.*libclrgc"),
    ("JIT / tiering", r"libclrjit\.so|TieredCompilation|CallCountingManager"),
    ("thread-pool spin/wait", r"LowLevelLifoSemaphore|LowLevelSpinWaiter|PortableThreadPool\.WorkerThread|Thread\.SpinWait|SpinWait\.Spin"),
    ("auth: access key (parse, verify, HKDF, AES)", r"XaiRouter\.Gateway\.Security\.(AccessKeyAuthenticator|RecordCache|CallerKey|FailureThrottle|TenantAuthority)|XaiRouter\.Gateway\.Vault\."),
    ("crypto primitives (System.Security.Cryptography, OpenSSL)", r"System\.Security\.Cryptography|libcrypto|libssl|libSystem\.Security\.Cryptography"),
    ("admission (limits, leases)", r"XaiRouter\.Gateway\.Limits\."),
    ("routing (attempts, health, provider key cache)", r"XaiRouter\.Gateway\.Routing\."),
    ("usage (scan, tap, reporter, refusals)", r"XaiRouter\.Gateway\.Usage\.|XaiRouter\.Gateway\.Forwarding\.(UsageTap|UsageScanner|TokenUsage)"),
    ("request body scan/buffer", r"XaiRouter\.Gateway\.Forwarding\.(JsonBodyScanner|ScannedRequestBody|ForwardOnlyReadStream|JsonChunks)"),
    ("request ids", r"XaiRouter\.Gateway\.Forwarding\.RequestIds"),
    ("Gateway forwarding pipeline (rest)", r"XaiRouter\.Gateway\.Forwarding\."),
    ("Gateway APIs / other Gateway code", r"XaiRouter\.Gateway\.|XaiRouter\.Grains"),
    ("Orleans (grain calls, timers, messaging)", r"\bOrleans\."),
    ("storage (SQLite, ADO.NET)", r"Microsoft\.Data\.Sqlite|SQLitePCL|libe_sqlite3|Npgsql"),
    ("logging", r"Microsoft\.Extensions\.Logging"),
    ("telemetry (Activity, DiagnosticSource, metrics, OpenTelemetry)", r"System\.Diagnostics\.(Activity|DiagnosticListener|DiagnosticSource|Metrics)|OpenTelemetry|HostingApplicationDiagnostics"),
    ("System.Text.Json", r"System\.Text\.Json"),
    ("YARP forwarder", r"Yarp\.ReverseProxy"),
    ("HttpClient to upstream (System.Net.Http)", r"System\.Net\.Http\."),
    ("ASP.NET Core hosting, middleware, routing", r"Microsoft\.AspNetCore\.(Hosting|Http|Routing|Builder|Diagnostics|Mvc)|Microsoft\.AspNetCore\.Server\.Kestrel\.Core\.Internal\.Http\.HttpProtocol\.ProcessRequests"),
    ("Kestrel (connections, HTTP/1.1 parsing, output)", r"Microsoft\.AspNetCore\.Server\.Kestrel|Microsoft\.AspNetCore\.Connections"),
    ("sockets, pipes (System.Net.Sockets, System.IO.Pipelines)", r"System\.Net\.Sockets|System\.IO\.Pipelines|SocketAsyncEngine"),
]
AREA_RES = [(name, re.compile(pattern)) for name, pattern in AREAS]
WINS_ANYWHERE = {"GC", "JIT / tiering", "thread-pool spin/wait"}
# Whole threads whose work is one area, whatever their (often unnamed native) frames are.
THREAD_AREAS = [(re.compile(r"GC|BGC"), "GC"), (re.compile(r"Tiered Com"), "JIT / tiering")]
OWN_CODE = re.compile(r"XaiRouter\.|\bOrleans\.|OpenTelemetry")
MANAGED_NAME = re.compile(r"(?:\[[^\]]*\]\s*)?([A-Za-z_][\w.`<>+|]*(?:::|\.)[\w.`<>|]+)\(")


def frame_area(frame):
    for name, rx in AREA_RES:
        if rx.search(frame):
            return name
    return None


def parse(path):
    """Yields (thread name, period, frames leaf first) per sample."""
    header = re.compile(r"^(?P<comm>.*?)\s+(?P<tid>\d+)\s+(?P<period>\d+)\s*:?\s*$")
    comm, period, frames = None, 1, []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                if comm is not None:
                    yield comm, period, frames
                comm, frames = None, []
                continue
            if not line[0].isspace():
                if comm is not None:
                    yield comm, period, frames
                match = header.match(line)
                comm = match.group("comm") if match else line.split()[0]
                period = int(match.group("period")) if match else 1
                frames = []
                continue
            text = line.strip()
            parts = text.split(None, 1)  # address, "symbol (module)"
            frames.append(parts[1] if len(parts) > 1 else parts[0])
    if comm is not None:
        yield comm, period, frames


def short(frame):
    """A frame without its address offset and long signatures, for tables."""
    frame = re.sub(r"\+0x[0-9a-f]+", "", frame)
    module = ""
    match = re.search(r"\s\(([^()]*)\)$", frame)
    if match:
        module = match.group(1).rsplit("/", 1)[-1]
        frame = frame[: match.start()]
    frame = re.sub(r"^(instance |static )?\S+ \[[^\]]*\] ", "", frame)  # return type and assembly of perf-map names
    frame = re.sub(r"\[(Optimized|OptimizedTier1|Tier0|Tier1|QuickJitted|PreJIT|OptimizedTier1OSR|Instrumented[^\]]*)\]", "", frame)
    if len(frame) > 150:
        frame = frame[:147] + "..."
    return frame.strip(), module


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    path, us_per_req = args[0], float(args[1])
    top = int(args[args.index("--top") + 1]) if "--top" in args else 30
    folded_out = args[args.index("--folded") + 1] if "--folded" in args else None

    total = 0
    inclusive = Counter()
    exclusive = Counter()
    threads = Counter()
    modules = Counter()
    self_symbols = Counter()
    inclusive_methods = Counter()
    folded = Counter()
    unresolved = 0
    own_innermost = Counter()
    own_inclusive = Counter()
    for comm, period, frames in parse(path):
        weight = 1
        total += weight
        threads[re.sub(r"\s*\d+$", "", comm)] += weight
        names = [frame_area(f) for f in frames]
        names = [next((area for rx, area in THREAD_AREAS if rx.search(comm)), None)] + names
        seen = set(n for n in names if n)
        for name in seen:
            inclusive[name] += weight
        charged = next((n for n in names if n in WINS_ANYWHERE), None) or next((n for n in names if n), None)
        if charged is None:
            leaf = frames[0] if frames else ""
            charged = "kernel, no managed caller resolved" if "kernel" in leaf else "native/unresolved (runtime, libc, R2R code without a map)"
        exclusive[charged] += weight
        if frames:
            sym, module = short(frames[0])
            modules[module or "?"] += weight
            self_symbols[f"{sym} ({module})"] += weight
            if "[unknown]" in frames[0]:
                unresolved += weight
        distinct = set()
        for f in frames:
            sym, module = short(f)
            if "kernel" in module or sym.startswith("[unknown]"):
                continue
            if MANAGED_NAME.search(f) or "perf-" in module or module.endswith(".dll"):
                distinct.add(sym)
        for sym in distinct:
            inclusive_methods[sym] += weight
        # Our own code and the libraries beside it (Orleans, OpenTelemetry): which of their methods is nearest the
        # leaf (it pays for what it calls in the framework), and on how many stacks each is at all.
        own = [short(f)[0] for f in frames if OWN_CODE.search(f) and "AsyncStateMachineBox" not in f]
        if own:
            own_innermost[own[0]] += weight
            for sym in set(own):
                own_inclusive[sym] += weight
        if folded_out:
            folded[";".join(short(f)[0] for f in reversed(frames))] += weight

    if total == 0:
        print("no samples")
        return
    pct = lambda n: 100.0 * n / total
    print(f"samples: {total}; CPU per request measured without the profiler: {us_per_req:.1f} us")
    print(f"leaf frames without a symbol: {pct(unresolved):.1f} %")
    print()
    print("Inclusive by area (overlapping: a sample counts for every area on its stack)")
    print(f"| {'area':<62} | {'% CPU':>6} | {'us/req':>7} |")
    print(f"|{'-' * 64}|{'-' * 7}:|{'-' * 8}:|")
    for name, _ in AREAS:
        if inclusive[name]:
            print(f"| {name:<62} | {pct(inclusive[name]):6.1f} | {pct(inclusive[name]) * us_per_req / 100:7.1f} |")
    print()
    print("Exclusive split (innermost area on the stack; GC, JIT and thread-pool spinning win anywhere; adds up to 100 %)")
    print(f"| {'area':<62} | {'% CPU':>6} | {'us/req':>7} |")
    print(f"|{'-' * 64}|{'-' * 7}:|{'-' * 8}:|")
    for name, n in exclusive.most_common():
        print(f"| {name:<62} | {pct(n):6.1f} | {pct(n) * us_per_req / 100:7.1f} |")
    print()
    print("By thread name")
    for name, n in threads.most_common(12):
        print(f"  {pct(n):5.1f} %  {name}")
    print()
    print("Self time by module")
    for name, n in modules.most_common(12):
        print(f"  {pct(n):5.1f} %  {name}")
    print()
    print(f"Top {top} self symbols")
    for name, n in self_symbols.most_common(top):
        print(f"  {pct(n):5.1f} %  {name}")
    print()
    print(f"Top {top * 2} inclusive managed methods")
    for name, n in inclusive_methods.most_common(top * 2):
        print(f"  {pct(n):5.1f} %  {name}")
    print()
    print(f"Top {top} innermost frames of own code (XaiRouter, Orleans, OpenTelemetry): each sample charged to the")
    print("nearest such frame to the leaf, so it includes the framework and kernel work that method called")
    for name, n in own_innermost.most_common(top):
        print(f"  {pct(n):5.1f} %  {pct(n) * us_per_req / 100:6.1f} us/req  {name}")
    print()
    print(f"Top {top} own-code methods by inclusive share")
    for name, n in own_inclusive.most_common(top):
        print(f"  {pct(n):5.1f} %  {pct(n) * us_per_req / 100:6.1f} us/req  {name}")
    if folded_out:
        with open(folded_out, "w", encoding="utf-8") as out:
            for stack, n in folded.most_common():
                out.write(f"{stack} {n}\n")


if __name__ == "__main__":
    main()
