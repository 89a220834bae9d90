// The source viewer: the cited passage in its document, at the cited page, marked and scrolled into view; previous and
// next passage; similar passages. PDFs are drawn by PDF.js (pdf-view.js), other formats shown as extracted text.
import { api, enc } from './api.js';
import { el, clear, highlighted, snippetRange, yearsNote } from './dom.js';
import { renderFlags } from './results.js';
import { t } from './i18n.js';
import { navigate, searchHref, viewerDepth, viewerHref } from './route.js';
import { openPdf, renderPdfPage } from './pdf-view.js';
import { renderText } from './text-view.js';

const $ = (id) => document.getElementById(id);
let state = null; // { passage, query, page, mode, pageCount }
let generation = 0;

export function init() {
  $('viewer-back').addEventListener('click', () => {
    // Back past every passage paged to since the results were left, which keeps their filters, page and scroll.
    const depth = viewerDepth();
    if (depth) history.go(-depth);
    else navigate(searchHref({ q: state?.query || '' }));
  });
  $('viewer-mode').addEventListener('click', () => {
    if (!state) return;
    state.mode = state.mode === 'pdf' ? 'text' : 'pdf';
    state.page = state.passage.page;
    drawPage();
  });
  $('viewer-prev-page').addEventListener('click', () => turn(-1));
  $('viewer-next-page').addEventListener('click', () => turn(1));
}

export async function show(params) {
  const mine = ++generation;
  const id = params.get('passage');
  const query = params.get('q') || '';
  $('viewer-status').textContent = t('viewerLoading');
  clear($('viewer-body'));
  clear($('similar-list'));
  let passage;
  try {
    passage = await api(`/api/passages/${enc(id)}${query ? `?q=${enc(query)}` : ''}`);
  } catch (e) {
    if (mine !== generation) return;
    $('viewer-status').textContent = t('error') + e.message;
    $('viewer-title').textContent = '';
    return;
  }
  if (mine !== generation) return;
  const isPdf = passage.document.mediaType === 'application/pdf';
  state = { passage, query, page: passage.page, mode: isPdf ? 'pdf' : 'text', isPdf, pageCount: passage.document.pageCount };
  $('viewer-title').textContent = passage.document.title;
  $('viewer-file').href = `${passage.document.fileUrl}${isPdf ? `#page=${passage.page}` : ''}`;
  $('viewer-mode').hidden = !isPdf;
  link($('viewer-prev'), passage.previousId, query);
  link($('viewer-next'), passage.nextId, query);
  $('viewer-passage-number').textContent = t('passageOf', passage.ordinal + 1, passage.document.passageCount);
  clear($('viewer-flags')).append(renderFlags(passage));
  showTimes(passage);
  await drawPage();
  if (mine === generation) loadSimilar(passage, query, mine);
}

/** Re-draws after a language switch. */
export function rerender() {
  if (!state) return;
  $('viewer-passage-number').textContent = t('passageOf', state.passage.ordinal + 1, state.passage.document.passageCount);
  showTimes(state.passage);
  updatePageBar();
  loadSimilar(state.passage, state.query, generation);
}

/**
 * The passage's time expressions with the years they were resolved to ("今年 (2025)"), above the page: a PDF page
 * cannot carry the notes inline, and in the extracted text they are also marked where they stand.
 */
function showTimes(passage) {
  const box = $('viewer-times');
  const seen = new Set();
  const labels = [];
  for (const x of passage.times || []) {
    const note = yearsNote(x);
    const label = note ? `${x.text} (${note})` : x.text;
    if (!seen.has(label)) { seen.add(label); labels.push(el('span', { class: x.inQuery ? 'time in-query' : 'time' }, label)); }
  }
  box.hidden = labels.length === 0;
  clear(box);
  if (labels.length) box.append(t('passageTimes'), ...labels.flatMap((l, i) => (i ? ['、', l] : [l])));
}

function link(a, passageId, query) {
  if (passageId) {
    a.href = viewerHref(passageId, query);
    a.removeAttribute('aria-disabled');
    a.classList.remove('disabled');
  } else {
    a.removeAttribute('href');
    a.setAttribute('aria-disabled', 'true');
    a.classList.add('disabled');
  }
}

function turn(delta) {
  if (!state) return;
  const page = state.page + delta;
  if (page < 1 || page > state.pageCount) return;
  state.page = page;
  drawPage();
}

function updatePageBar() {
  $('viewer-page').textContent = t('viewerPage', state.page, state.pageCount);
  $('viewer-prev-page').disabled = state.page <= 1;
  $('viewer-next-page').disabled = state.page >= state.pageCount;
  $('viewer-mode').textContent = state.mode === 'pdf' ? t('viewAsText') : t('viewAsPdf');
  $('viewer-page-bar').hidden = state.pageCount <= 1;
}

/** The passage's text and matched words on the page being shown ('' when the passage is not on it). */
function onPage(passage, page) {
  const segment = passage.segments.find((s) => s.page === page);
  if (!segment) return { text: '', terms: [] };
  const terms = passage.highlights
    .filter(([s, e]) => e > segment.start && s < segment.end)
    .map(([s, e]) => passage.text.slice(Math.max(s, segment.start), Math.min(e, segment.end)));
  return { text: passage.text.slice(segment.start, segment.end), terms: [...new Set(terms)] };
}

async function drawPage() {
  const mine = generation;
  const { passage } = state;
  const body = $('viewer-body');
  updatePageBar();
  body.dataset.mode = state.mode;
  body.dataset.page = String(state.page);
  delete body.dataset.scrolled;
  delete body.dataset.marked;
  $('viewer-status').textContent = t('viewerLoading');
  if (state.mode === 'pdf') {
    try {
      const pdf = await openPdf(passage.document.fileUrl);
      const { text, terms } = onPage(passage, state.page);
      const { marked } = await renderPdfPage(body, pdf, state.page, text, terms);
      if (mine !== generation) return;
      body.dataset.marked = String(marked);
      $('viewer-status').textContent = text && marked === 0 ? t('highlightMissing') : '';
      scrollToMark(body.querySelector('.textLayer .highlight.term') || body.querySelector('.textLayer .highlight'));
      return;
    } catch (e) {
      if (mine !== generation) return;
      console.warn('PDF view failed; showing the extracted text', e);
      state.mode = 'text';
      updatePageBar();
      $('viewer-status').textContent = t('pdfFailed');
    }
  }
  try {
    const data = await api(`/api/documents/${enc(passage.document.id)}/text?page=${state.page}`);
    if (mine !== generation) return;
    body.dataset.mode = 'text';
    const mark = renderText(body, passage, state.page, data.pages[0]?.text || '');
    if (state.mode === 'text' && $('viewer-status').textContent === t('viewerLoading')) $('viewer-status').textContent = '';
    scrollToMark(mark);
  } catch (e) {
    if (mine !== generation) return;
    $('viewer-status').textContent = t('error') + e.message;
  }
}

/** Brings the marked passage to the middle of the screen, again once layout has settled (long texts reflow). */
function scrollToMark(node) {
  if (!node) return;
  node.scrollIntoView({ block: 'center' });
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (node.isConnected) node.scrollIntoView({ block: 'center' });
    document.getElementById('viewer-body').dataset.scrolled = 'true';
  }));
}

async function loadSimilar(passage, query, mine) {
  const list = clear($('similar-list'));
  try {
    const data = await api(`/api/passages/${enc(passage.id)}/similar?top=5`);
    if (mine !== generation) return;
    if (data.results.length === 0) { list.append(el('li', { class: 'empty' }, t('noSimilar'))); return; }
    for (const hit of data.results) {
      const [from, to] = snippetRange(hit.passage, hit.highlights || [], 120);
      list.append(el('li', {},
        el('a', { href: viewerHref(hit.passageId, query), 'data-route': '' }, hit.title),
        el('span', { class: 'meta' }, ` · ${t('page', hit.page)}`),
        el('p', { class: 'snippet' }, from > 0 ? '…' : '', highlighted(hit.passage, [], from, to), to < hit.passage.length ? '…' : '')));
    }
  } catch {
    // Similar passages are a help, not the point of the view: leave the list empty.
  }
}
