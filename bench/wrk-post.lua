-- wrk script for bench/run.sh: POST a small chat completion (BENCH_STREAM=1 asks for SSE) with
-- Authorization: Bearer $BENCH_KEY, and print one machine-readable summary line (latencies in microseconds).
local key = os.getenv("BENCH_KEY") or "none"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key
if os.getenv("BENCH_STREAM") == "1" then
  wrk.body = '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}'
else
  wrk.body = '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}'
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH rps=%.1f p50_us=%d p90_us=%d p99_us=%d requests=%d non2xx=%d sockerr=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90), latency:percentile(99),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
