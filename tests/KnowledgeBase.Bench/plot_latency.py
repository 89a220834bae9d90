#!/usr/bin/env python3
"""Draws docs/query-latency.png from the JSON summary line(s) of kb-bench --json runs.

Usage: python3 tests/KnowledgeBase.Bench/plot_latency.py OUTPUT.png BENCH_OUTPUT [BENCH_OUTPUT...]
Each BENCH_OUTPUT is a file holding a kb-bench --json run; its last line starting with '{' is read, and every entry of
its "sizes" list becomes a point (later files win for a size measured twice). Needs matplotlib (apt-get install -y python3-matplotlib).
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(out, inputs):
    sizes = {}
    machine = load = ""
    for path in inputs:
        with open(path, encoding="utf-8") as f:
            lines = [l for l in f if l.startswith("{")]
        summary = json.loads(lines[-1])
        machine = summary.get("machine", machine)
        for s in summary["sizes"]:
            sizes[s["passages"]] = s
            load = s.get("loadAverage") or load
    xs = sorted(sizes)
    fig, ax = plt.subplots(figsize=(11, 5), dpi=110)
    # Thread CPU time per query is what an idle core would take; wall time on a shared machine is mostly waiting.
    series = [
        ("queryCpuP50Ms", "kb p50 (CPU time)", "tab:blue", "--", "o"),
        ("queryCpuP95Ms", "kb p95 (CPU time)", "tab:blue", "-", "o"),
        ("luceneQueryCpuP50Ms", "Lucene.Net SmartCn p50 (CPU time)", "tab:orange", "--", "s"),
        ("luceneQueryCpuP95Ms", "Lucene.Net SmartCn p95 (CPU time)", "tab:orange", "-", "s"),
        ("queryP95Ms", "kb p95 (wall, shared machine)", "tab:blue", ":", "x"),
        ("luceneQueryP95Ms", "Lucene p95 (wall, shared machine)", "tab:orange", ":", "x"),
        # Each engine alone in its own fresh process: also pays for whatever of its index the OS page cache lost.
        ("kbAloneP95Ms", "kb p95 (wall, own process)", "tab:blue", "-.", "^"),
        ("luceneAloneP95Ms", "Lucene p95 (wall, own process)", "tab:orange", "-.", "^"),
    ]
    for key, label, color, style, marker in series:
        points = [(x, sizes[x][key]) for x in xs if sizes[x].get(key) is not None]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], style, color=color, marker=marker, label=label)
            for x, y in points:
                ax.annotate(f"{y:.0f}", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8, color=color)
    ax.axhline(50, color="grey", linewidth=0.8, linestyle=":")
    ax.text(xs[0], 52, "target p95 < 50 ms", fontsize=8, color="grey")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("passages in the store (synthetic, seeded, from real Chinese text)")
    ax.set_ylabel("query latency, ms (top 10)")
    ax.set_title("Query latency against corpus size: kb (own BM25 postings in SQLite) vs Lucene.Net 4.8", fontsize=11)
    ax.set_xticks(xs)
    ax.set_xticklabels([f"{x:,}" for x in xs])
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.text(0.01, 0.01, f"{machine}; load average {load}", fontsize=7, color="grey")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(out)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
