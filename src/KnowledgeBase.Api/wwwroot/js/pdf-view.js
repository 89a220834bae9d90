// Renders one page of a PDF with PDF.js (vendored under /vendor/pdfjs) into a canvas with its text layer on top, and
// marks the cited passage (and the query's words in it) in the text layer.
// Inert by construction: only the core library is used (no viewer, no annotation or form layer, no scripting
// sandbox), annotations are not rendered, and WebAssembly is off (useWasm: false), so nothing from the document is
// executed and the page's CSP (script-src 'self') needs no exception.
import { comparable, findFolded } from './locate.js';

const base = new URL('vendor/pdfjs/', document.baseURI).href;
let library = null;

async function pdfjs() {
  if (!library) {
    library = await import('../vendor/pdfjs/pdf.min.mjs');
    library.GlobalWorkerOptions.workerSrc = base + 'pdf.worker.min.mjs';
  }
  return library;
}

const documents = new Map(); // url → Promise<PDFDocumentProxy>, the last few opened

export async function openPdf(url) {
  if (!documents.has(url)) {
    const lib = await pdfjs();
    const task = lib.getDocument({
      url,
      withCredentials: true,
      cMapUrl: base + 'cmaps/',
      cMapPacked: true,
      standardFontDataUrl: base + 'standard_fonts/',
      wasmUrl: base + 'wasm/',
      useWasm: false,
      enableXfa: false,
      stopAtErrors: false,
    });
    documents.set(url, task.promise);
    if (documents.size > 3) documents.delete(documents.keys().next().value);
    task.promise.catch(() => documents.delete(url));
  }
  return documents.get(url);
}

/**
 * Draws page `number` of the PDF into `container` at the container's width and marks `passageText` (the part of the
 * passage on this page) with class `passage`, and inside it the `terms` (strings) with class `term`.
 * Returns { pageCount, marked } where marked is the number of characters marked as the passage.
 */
export async function renderPdfPage(container, pdf, number, passageText, terms) {
  const lib = await pdfjs();
  const page = await pdf.getPage(number);
  const unscaled = page.getViewport({ scale: 1 });
  const width = Math.max(280, Math.min(container.clientWidth || 800, 1000));
  const scale = width / unscaled.width;
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;

  const frame = document.createElement('div');
  frame.className = 'pdf-page';
  frame.style.width = `${Math.floor(viewport.width)}px`;
  frame.style.height = `${Math.floor(viewport.height)}px`;
  frame.style.setProperty('--total-scale-factor', String(scale));
  const canvas = document.createElement('canvas');
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  canvas.setAttribute('aria-hidden', 'true');
  const layer = document.createElement('div');
  layer.className = 'textLayer';
  frame.append(canvas, layer);
  container.replaceChildren(frame);

  await page.render({
    canvas,
    viewport,
    transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
    annotationMode: lib.AnnotationMode.DISABLE,
  }).promise;
  const textLayer = new lib.TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport });
  await textLayer.render();
  const marked = markPassage(textLayer.textDivs, textLayer.textContentItemsStr, passageText, terms);
  return { pageCount: pdf.numPages, marked };
}

/** Wraps the passage's characters in the text layer's spans; the query's terms inside it get a stronger mark. */
function markPassage(divs, strings, passageText, terms) {
  // The page as one string, with each character's span and offset.
  let pageText = '';
  const starts = [];
  const spanOf = [];
  strings.forEach((s, i) => {
    starts.push(pageText.length);
    pageText += s;
    for (let k = 0; k < s.length; k++) spanOf.push(i);
  });
  const page = comparable(pageText);
  const passage = comparable(passageText);
  const ranges = findFolded(page.folded, passage.folded);
  const inPassage = new Uint8Array(pageText.length);
  let marked = 0;
  for (const [s, e] of ranges) {
    for (let f = s; f < e; f++) { if (!inPassage[page.origin[f]]) marked++; inPassage[page.origin[f]] = 1; }
  }
  // Terms, only inside the passage.
  const isTerm = new Uint8Array(pageText.length);
  for (const term of terms) {
    const folded = comparable(term).folded;
    if (!folded) continue;
    for (let at = page.folded.indexOf(folded); at >= 0; at = page.folded.indexOf(folded, at + folded.length)) {
      if (!inPassage[page.origin[at]]) continue;
      for (let f = at; f < at + folded.length; f++) isTerm[page.origin[f]] = 1;
    }
  }
  // Rewrite each touched span as runs of plain text and marks.
  const touched = new Set();
  for (let c = 0; c < pageText.length; c++) if (inPassage[c]) touched.add(spanOf[c]);
  for (const index of touched) {
    const text = strings[index];
    const offset = starts[index];
    const div = divs[index];
    if (!div) continue;
    const parts = [];
    let k = 0;
    while (k < text.length) {
      const kind = inPassage[offset + k] ? (isTerm[offset + k] ? 'term' : 'passage') : '';
      let j = k + 1;
      while (j < text.length && (inPassage[offset + j] ? (isTerm[offset + j] ? 'term' : 'passage') : '') === kind) j++;
      const run = text.slice(k, j);
      if (kind) {
        const span = document.createElement('span');
        span.className = `highlight ${kind}`;
        span.textContent = run;
        parts.push(span);
      } else {
        parts.push(document.createTextNode(run));
      }
      k = j;
    }
    div.replaceChildren(...parts);
  }
  return marked;
}
