#!/usr/bin/env bash
# Start-up time of 'kb search' (wall time of the whole process) with hyperfine, and the same under runtime settings
# that change how the jieba dictionary loader is compiled. Target: under 1 s.
# Usage: tools/loadtest/startup.sh DATA_DIR [RUNS]
# Needs hyperfine (apt-get install -y hyperfine).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:?usage: startup.sh DATA_DIR [RUNS]}
RUNS=${2:-10}
dotnet build src/KnowledgeBase.Cli -c Release -v q -nologo >/dev/null
KB="dotnet src/KnowledgeBase.Cli/bin/Release/net10.0/kb.dll"
OUT=${OUT:-/tmp/kb-startup}
mkdir -p "$OUT"
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/default.json" \
  -n 'kb --help' "$KB --help" \
  -n 'kb stats' "$KB stats --data $DATA" \
  -n 'kb search' "$KB search --data $DATA 营商环境"
# Same search under runtime knobs (environment only; nothing in the product changes).
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/knobs.json" \
  -n 'default' "$KB search --data $DATA 营商环境" \
  -n 'TieredPGO=0' "env DOTNET_TieredPGO=0 $KB search --data $DATA 营商环境" \
  -n 'TC_QuickJitForLoops=0' "env DOTNET_TC_QuickJitForLoops=0 $KB search --data $DATA 营商环境" \
  -n 'TieredCompilation=0' "env DOTNET_TieredCompilation=0 $KB search --data $DATA 营商环境" \
  -n 'ReadyToRun=0 (framework JIT)' "env DOTNET_ReadyToRun=0 $KB search --data $DATA 营商环境"
# ReadyToRun publish of kb and its dependencies (jieba.NET included).
if dotnet publish src/KnowledgeBase.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/r2r" -v q -nologo >/dev/null 2>"$OUT/r2r.log"; then
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/r2r.json" \
    -n 'ReadyToRun publish' "$OUT/r2r/kb search --data $DATA 营商环境" \
    -n 'ReadyToRun publish + TC_QuickJitForLoops=0' "env DOTNET_TC_QuickJitForLoops=0 $OUT/r2r/kb search --data $DATA 营商环境"
else
  echo "ReadyToRun publish failed: see $OUT/r2r.log"
fi
