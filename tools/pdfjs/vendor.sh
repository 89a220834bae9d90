#!/usr/bin/env bash
# Copies the pinned PDF.js build (package-lock.json: pdfjs-dist with its integrity hash) into the API's wwwroot, where
# the search page's source viewer loads it from the server itself, so the viewer works with no network.
# The copied files are committed: a fresh clone needs neither node nor the npm registry. Run this only to change the
# PDF.js version (edit package.json, `npm install --package-lock-only`, then this script) and commit the result.
#
# Only what the viewer uses is copied: the library and its worker, the CMaps (Chinese, Japanese and Korean PDFs whose
# fonts are not embedded need them), the standard fonts, and the JavaScript decoders for JPEG 2000 and JBIG2 images
# (the viewer runs PDF.js with useWasm: false, so no WebAssembly is compiled and the page's CSP needs no
# 'wasm-unsafe-eval'). The scripting sandbox (quickjs) is left out: the viewer never runs a document's scripts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/../../src/KnowledgeBase.Api/wwwroot/vendor/pdfjs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --omit=optional --no-audit --no-fund --loglevel=error)
dist="$work/node_modules/pdfjs-dist"

rm -rf "$target"
mkdir -p "$target/wasm"
cp "$dist/LICENSE" "$target/LICENSE"
cp "$dist/build/pdf.min.mjs" "$dist/build/pdf.worker.min.mjs" "$target/"
cp -r "$dist/cmaps" "$dist/standard_fonts" "$target/"
cp "$dist/wasm/openjpeg_nowasm_fallback.js" "$dist/wasm/jbig2_nowasm_fallback.js" \
   "$dist/wasm/LICENSE_OPENJPEG" "$dist/wasm/LICENSE_PDFJS_OPENJPEG" "$dist/wasm/LICENSE_JBIG2" "$dist/wasm/LICENSE_PDFJS_JBIG2" "$target/wasm/"
version="$(node -p "require('$dist/package.json').version")"
# The manifest names the version and every file's SHA-256; a test checks the committed files against it.
(cd "$target" && { echo "# pdfjs-dist $version (tools/pdfjs/vendor.sh)"; find . -type f ! -name MANIFEST.sha256 | LC_ALL=C sort | xargs sha256sum; } > MANIFEST.sha256)
echo "vendored pdfjs-dist $version into $target ($(du -sh "$target" | cut -f1))"
