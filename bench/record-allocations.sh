#!/usr/bin/env bash
# Runs the request-path microbenchmarks (BenchmarkDotNet, [MemoryDiagnoser]) and records the bytes each one
# allocates per operation in bench/results/allocations.json, the file the allocation-budget test reads
# (tests/XaiRouter.Gateway.Tests/Benchmarks/AllocationBudgetTests.cs) against bench/allocation-budget.json.
# It then measures the bytes per request of the whole Gateway (alloc-e2e) into the same file.
# Commit the new results file with the change that moved them; raise a budget only on purpose.
set -euo pipefail
cd "$(dirname "$0")/XaiRouter.Benchmarks"
rm -rf BenchmarkDotNet.Artifacts/results
dotnet run -c Release -- --filter '*VaultBenchmarks*' '*RoutingBenchmarks*' '*LimiterBenchmarks*' '*UsageStreamBenchmarks*' '*SettlementBenchmarks*' '*ProviderKeyShapeBenchmarks*' '*StreamTranslationBenchmarks*' '*TranslationBenchmarks*' \
  --job short --exporters json "$@"
python3 - <<'PY'
import glob, json
results = {}
for path in sorted(glob.glob("BenchmarkDotNet.Artifacts/results/*-report-full-compressed.json")):
    for b in json.load(open(path))["Benchmarks"]:
        name = b["FullName"].removeprefix("XaiRouter.Benchmarks.")
        results[name] = b["Memory"]["BytesAllocatedPerOperation"]
json.dump(dict(sorted(results.items())), open("../results/allocations.json", "w"), indent=2)
print(json.dumps(results, indent=2))
PY
# The whole Gateway in-process (EndToEndAllocations.cs): bytes per plain and streamed chat end to end, merged into the same file.
dotnet run -c Release --no-build -- alloc-e2e 5000 --record ../results/allocations.json
