#!/usr/bin/env bash
# Load test of kb's API on loopback: GET /api/search at 1, 8 and 64 concurrent connections, each bounded in time,
# then a burst (64 connections, no think time) to see what happens past the rate limit.
# Usage: tools/loadtest/run.sh DATA_DIR [PORT] [SECONDS]
#   DATA_DIR  a kb data directory, e.g. a store kb-bench built: /tmp/kb-bench/n100000-seed42-c300-p100-g1/kb
#   QUERIES   file of queries, one per line (default: the one kb-bench wrote for seed 42)
# Needs wrk (apt-get install -y wrk). Sends traffic to 127.0.0.1 only; the API it starts is stopped on exit.
set -uo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:?usage: run.sh DATA_DIR [PORT] [SECONDS]}
PORT=${2:-5099}
SECONDS_PER_RUN=${3:-15}
export QUERIES=${QUERIES:-${KB_BENCH_CACHE:-/tmp/kb-bench}/queries-seed42-q150-d50.txt}
[ -f "$QUERIES" ] || { echo "no query file $QUERIES (run kb-bench once, or set QUERIES)"; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk"; exit 2; }

dotnet build src/KnowledgeBase.Api -c Release -v q -nologo >/tmp/kb-loadtest-build.log 2>&1 || { echo "API build failed: see /tmp/kb-loadtest-build.log"; exit 1; }
URL=http://127.0.0.1:$PORT
API_PID=
stop_api() { [ -n "$API_PID" ] && { kill $API_PID 2>/dev/null; wait $API_PID 2>/dev/null; }; API_PID=; }
trap stop_api EXIT
start_api() { # extra API arguments
  dotnet src/KnowledgeBase.Api/bin/Release/net10.0/KnowledgeBase.Api.dll --data "$DATA" --urls "$URL" --Logging:LogLevel:Default=Warning "$@" >/tmp/kb-loadtest-api.log 2>&1 &
  API_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$URL/health" >/dev/null && break
    kill -0 $API_PID 2>/dev/null || { echo "API exited:"; tail -20 /tmp/kb-loadtest-api.log; exit 1; }
    sleep 1
  done
  echo "API up ($*): $(curl -s "$URL/health")"
  # First query pays for jieba's lazy tables and the SQLite page cache; not part of the figures.
  curl -s "$URL/api/search?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83" >/dev/null
}

run() { # label connections seconds
  local threads=$(( $2 < 2 ? 1 : 2 ))
  local line
  line=$(wrk -t"$threads" -c"$2" -d"${3}s" --timeout 10s -s tools/loadtest/search.lua "$URL" | grep '^SUMMARY ' | sed 's/^SUMMARY //')
  echo "$1 connections=$2 $line"
}
# Throughput and latency: the per-client rate limit (default 300 requests/min) lifted, or every step measures 429s.
start_api --KnowledgeBase:Api:RequestsPerMinute=100000000
run steady 1 "$SECONDS_PER_RUN"
run steady 8 "$SECONDS_PER_RUN"
run steady 64 "$SECONDS_PER_RUN"
echo "API working set after the steady runs: $(grep VmHWM /proc/$API_PID/status)"
stop_api
# Past the rate limit: the default limit, a burst of 64 connections with no think time.
start_api
run burst 64 10
echo "API working set after the burst: $(grep VmHWM /proc/$API_PID/status)"
