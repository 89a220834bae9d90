#!/usr/bin/env bash
# Wall time of whole `kb` processes (start to exit), the figure a person waits for after typing a command, and the CPU
# time (user + system) they used, which a shared machine's load inflates far less. Several builds of kb are timed
# alternately, run by run, so the load falls on all of them alike; prints the median, fastest and slowest wall time and
# the median CPU time of each, and the load average before and after.
# Usage: tools/loadtest/cold-start.sh DATA_DIR RUNS KB [KB...]     (KB: a published kb, e.g. bin/kb)
# Needs bash, coreutils and GNU time (/usr/bin/time, Debian package time); no hyperfine.
set -euo pipefail
DATA=${1:?usage: cold-start.sh DATA_DIR RUNS KB [KB...]}
RUNS=${2:?usage: cold-start.sh DATA_DIR RUNS KB [KB...]}
shift 2
kbs=("$@")
[ ${#kbs[@]} -gt 0 ] || { echo "usage: cold-start.sh DATA_DIR RUNS KB [KB...]" >&2; exit 2; }
queries=("search --data $DATA 沿边产业园区政策" "search --data $DATA border industrial park policy" "stats --data $DATA" "--help")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for kb in "${kbs[@]}"; do "$kb" search --data "$DATA" 预热 >/dev/null 2>&1 || true; done   # one unmeasured run each: file cache
for run in $(seq 1 "$RUNS"); do
  for k in "${!queries[@]}"; do
    for b in "${!kbs[@]}"; do
      # shellcheck disable=SC2086
      start=$(date +%s%N)
      /usr/bin/time -f '%U %S' -o "$out/cpu" "${kbs[$b]}" ${queries[$k]} >/dev/null 2>&1 || true
      end=$(date +%s%N)
      echo "$(((end - start) / 1000000)) $(awk '{ printf "%d", ($1 + $2) * 1000 }' "$out/cpu")" >>"$out/$b.$k"
    done
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %-40s %9s %8s %8s %9s\n' "kb" "command" "median" "min" "max" "CPU"
for b in "${!kbs[@]}"; do
  kb=${kbs[$b]}
  for k in "${!queries[@]}"; do
    cpu=$(cut -d' ' -f2 "$out/$b.$k" | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    cut -d' ' -f1 "$out/$b.$k" | sort -n | awk -v kb="$kb" -v q="${queries[$k]/ --data $DATA/}" -v cpu="$cpu" '{ v[NR] = $1 } END {
      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-28s %-40s %6d ms %5d ms %5d ms %6d ms\n", kb, "kb " q, m, v[1], v[NR], cpu }'
  done
done
