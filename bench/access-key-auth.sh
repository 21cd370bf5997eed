#!/usr/bin/env bash
# Compares the Gateway's 401 time for an unknown access-key id and a known id with a wrong secret (no timing oracle
# for which key ids exist); see access-key-auth.py.
# Usage: bench/access-key-auth.sh [requests per variant=500]. GATEWAY_DLL picks a built Gateway (default: a Release
# build of this checkout). Loopback only; the Gateway it starts is stopped.
set -euo pipefail
[ -n "${DEBUG:-}" ] && set -x
cd "$(dirname "$0")/.."
n=${1:-500}
dll=${GATEWAY_DLL:-}
if [ -z "$dll" ]; then
  dotnet build Gateway -c Release --nologo -v quiet >/dev/null
  dll=artifacts/bin/XaiRouter.Gateway/release/XaiRouter.Gateway.dll
fi
data=$(mktemp -d)
port=18082
token="bench-operator-token-0123456789abcdefghij"
dotnet "$dll" --Urls "http://127.0.0.1:$port" --DataDirectory "$data" --Operator:Token "$token" \
  --Auth:FailureBurst 100000000 --Cluster:SiloPort 21113 --Cluster:GatewayPort 23002 >/dev/null 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 3000); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.01; done
python3 bench/access-key-auth.py "http://127.0.0.1:$port" "$token" "$n"
