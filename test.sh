#!/usr/bin/env bash
# Runs every XaiRouter test and ends with the line "N passed, N failed[, N skipped]".
# It starts what the tests need (a throwaway Redis and PostgreSQL on loopback, tests/servers.sh) and stops it
# afterwards, even when tests fail. Exits non-zero on any failure or when no test ran.
set -uo pipefail
cd "$(dirname "$0")"

results=$(mktemp -d -t xai-test-results-XXXXXX)
source tests/servers.sh
trap 'stop_test_servers; rm -rf "$results"' EXIT
start_test_servers || { echo "Could not start the test servers (Redis, PostgreSQL) or install chromium" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

status=0
# One test module at a time: the real-process cluster tests measure recovery times (a restarted node ready within
# 15 s) that the in-process suite, run alongside on 2 cores, stretched past their bound.
dotnet test --solution XaiRouter.sln --max-parallel-test-modules 1 --results-directory "$results" --report-xunit-xml --no-progress "$@" 2>&1 | tee "$results/console.txt"
status=${PIPESTATUS[0]}

# The run's own summary block ("  succeeded: N", "  failed: N", "  skipped: N") has the totals. The per-module
# XML reports are the fallback; they are named by the second they were written, so two modules finishing in the
# same second can share one file.
summary() { grep -aE "^  $1: [0-9]+$" "$results/console.txt" | tail -n 1 | grep -oE '[0-9]+'; }
passed=$(summary succeeded); failed=$(summary failed); skipped=$(summary skipped)
if [ -z "$passed" ] || [ -z "$failed" ]; then
  read -r passed failed skipped < <(
    cat "$results"/*.xml 2>/dev/null | grep -o '<assembly [^>]*>' | awk '
      function count(name,   m) { return match($0, name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0 : 0 }
      { p += count("passed"); f += count("failed"); s += count("skipped") }
      END { print p + 0, f + 0, s + 0 }')
fi
skipped=${skipped:-0}

# The runner's failure details scroll far above the end; repeat each failed test's name and first message lines here.
if [ "${failed:-0}" -gt 0 ] && command -v python3 >/dev/null; then
  python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
for path in glob.glob(sys.argv[1] + "/*.xml"):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        continue
    for test in root.iter("test"):
        if test.get("result") == "Fail":
            message = (test.findtext("failure/message") or "").strip().splitlines()[:6]
            print("FAILED " + (test.get("name") or "?"))
            for text in message:
                print("    " + text[:300])
            # The innermost frames say where it was thrown (a flaky failure may not come back to be looked at).
            for text in (test.findtext("failure/stack-trace") or "").strip().splitlines()[:12]:
                print("      " + text.strip()[:300])
PY
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"

if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ] || [ $((passed + failed)) -eq 0 ]; then
  exit 1
fi
