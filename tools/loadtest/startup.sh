#!/usr/bin/env bash
# Start-up time of 'kb search' (wall time of the whole process; hyperfine also reports user and system CPU, which is
# what to compare on a shared machine) for a Chinese and an English query, the same under runtime settings, a
# ReadyToRun publish, and the API's time to its first /health and first search. Target: kb search under 1 s.
# Usage: tools/loadtest/startup.sh DATA_DIR [RUNS]    (SKIP_KNOBS=1 / SKIP_R2R=1 / SKIP_API=1 leave parts out)
# Needs hyperfine (apt-get install -y hyperfine) and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:?usage: startup.sh DATA_DIR [RUNS]}
RUNS=${2:-10}
dotnet build src/KnowledgeBase.Cli -c Release -v q -nologo >/dev/null
KB="dotnet src/KnowledgeBase.Cli/bin/Release/net10.0/kb.dll"
OUT=${OUT:-/tmp/kb-startup}
mkdir -p "$OUT"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/default.json" \
  -n 'kb --help' "$KB --help" \
  -n 'kb stats' "$KB stats --data $DATA" \
  -n 'kb search (Chinese)' "$KB search --data $DATA 乡村振兴 促进" \
  -n 'kb search (English)' "$KB search --data $DATA rural revitalization"
# Same search under runtime knobs (environment only; nothing in the product changes).
[ -n "${SKIP_KNOBS:-}" ] || hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/knobs.json" \
  -n 'default' "$KB search --data $DATA 营商环境" \
  -n 'TieredPGO=0' "env DOTNET_TieredPGO=0 $KB search --data $DATA 营商环境" \
  -n 'TC_QuickJitForLoops=0' "env DOTNET_TC_QuickJitForLoops=0 $KB search --data $DATA 营商环境" \
  -n 'TieredCompilation=0' "env DOTNET_TieredCompilation=0 $KB search --data $DATA 营商环境" \
  -n 'ReadyToRun=0 (framework JIT)' "env DOTNET_ReadyToRun=0 $KB search --data $DATA 营商环境"
# ReadyToRun publish of kb and its dependencies (jieba.NET included).
if [ -n "${SKIP_R2R:-}" ]; then :
elif dotnet publish src/KnowledgeBase.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/r2r" -v q -nologo >/dev/null 2>"$OUT/r2r.log"; then
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/r2r.json" \
    -n 'ReadyToRun publish' "$OUT/r2r/kb search --data $DATA 营商环境" \
    -n 'ReadyToRun publish + TC_QuickJitForLoops=0' "env DOTNET_TC_QuickJitForLoops=0 $OUT/r2r/kb search --data $DATA 营商环境"
else
  echo "ReadyToRun publish failed: see $OUT/r2r.log"
fi

# The API: seconds from process start to the first 200 from /health, then to the first search answer, and the CPU
# the process had used by then (the search warm-up starts once the server listens).
if [ -z "${SKIP_API:-}" ]; then
  dotnet build src/KnowledgeBase.Api -c Release -v q -nologo >/dev/null
  PORT=${PORT:-5398}
  URL=http://127.0.0.1:$PORT
  for run in $(seq 1 "$RUNS"); do
    start=$(date +%s.%N)
    dotnet src/KnowledgeBase.Api/bin/Release/net10.0/KnowledgeBase.Api.dll --data "$DATA" --urls "$URL" --Logging:LogLevel:Default=Warning >"$OUT/api.log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "$URL/health"; do
      kill -0 $pid 2>/dev/null || { echo "API exited:"; tail -20 "$OUT/api.log"; exit 1; }
      sleep 0.02
    done
    health=$(date +%s.%N)
    curl -sf -o /dev/null "$URL/api/search?q=%E4%B9%A1%E6%9D%91%E6%8C%AF%E5%85%B4%20%E4%BF%83%E8%BF%9B" || echo "search failed"
    search=$(date +%s.%N)
    cpu=$(awk '{printf "%.2f", ($14+$15)/100}' /proc/$pid/stat)
    kill $pid; wait $pid 2>/dev/null || true
    awk -v r="$run" -v s="$start" -v h="$health" -v q="$search" -v c="$cpu" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { printf "api run %d: first /health %.2f s, first search %.2f s after start, CPU %s s, load %s\n", r, h - s, q - s, c, l }'
  done
fi
