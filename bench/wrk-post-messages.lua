-- wrk script for bench/run.sh: POST a small Anthropic Messages request (BENCH_STREAM=1 asks for SSE) with
-- x-api-key: $BENCH_KEY and anthropic-version, and print one machine-readable summary line (latencies in microseconds).
local key = os.getenv("BENCH_KEY") or "none"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = key
wrk.headers["anthropic-version"] = "2023-06-01"
if os.getenv("BENCH_STREAM") == "1" then
  wrk.body = '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}],"stream":true}'
else
  wrk.body = '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}'
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH rps=%.1f p50_us=%d p90_us=%d p99_us=%d requests=%d non2xx=%d sockerr=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90), latency:percentile(99),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
