// Shows a page's extracted text (DOCX, HTML, TXT and Markdown, and PDFs as text) with the cited passage marked and the
// query's words marked inside it. The text is inserted as text nodes: a document's markup is never interpreted.
import { el, highlighted, timeNotes } from './dom.js';
import { t } from './i18n.js';

/**
 * The passage's characters on page `page` as offsets into that page's text: from the passage's start offset on its
 * first page, from 0 on later pages (see the API's `segments`). Falls back to searching the text when the offsets do not
 * match what is stored (e.g. a document re-ingested since).
 */
export function passageOnPage(passage, page, pageText) {
  const segment = passage.segments.find((s) => s.page === page);
  if (!segment) return null;
  const part = passage.text.slice(segment.start, segment.end);
  let start = page === passage.pageStart ? passage.startOffset : 0;
  if (pageText.slice(start, start + part.length) !== part) {
    start = pageText.indexOf(part);
    if (start < 0) return null;
  }
  // Highlights of the passage that fall on this page, moved into page coordinates.
  const shift = start - segment.start;
  const terms = passage.highlights
    .map(([s, e]) => [Math.max(s, segment.start), Math.min(e, segment.end)])
    .filter(([s, e]) => e > s)
    .map(([s, e]) => [s + shift, e + shift]);
  const times = timeNotes((passage.times || []).filter((x) => x.start >= segment.start && x.end <= segment.end), shift);
  return { start, end: start + part.length, terms, times, text: part };
}

/** Renders the page text into container; returns the <mark> of the passage (to scroll to), or null. */
export function renderText(container, passage, page, pageText) {
  const place = passageOnPage(passage, page, pageText);
  const body = el('div', { class: 'doc-text', lang: '' });
  if (!place) {
    body.append(pageText);
    container.replaceChildren(el('p', { class: 'viewer-note' }, t('docTextNote')), body);
    return null;
  }
  const mark = el('mark', { class: 'passage', id: 'cited-passage', tabindex: '-1', 'aria-label': t('passageHere') },
    highlighted(pageText, place.terms, place.start, place.end, 'term', place.times));
  body.append(pageText.slice(0, place.start), mark, pageText.slice(place.end));
  container.replaceChildren(el('p', { class: 'viewer-note' }, t('docTextNote')), body);
  return mark;
}
