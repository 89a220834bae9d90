// One search result: title linking to the source viewer, where it is cited, a snippet around the matched words that
// expands to the whole passage, and "N more in this document".
import { el, highlighted, snippetRange, timeNotes } from './dom.js';
import { flagsOf } from './flags.js';
import { t } from './i18n.js';
import { searchHref, viewerHref } from './route.js';

export function citedPageText(hit) {
  const start = hit.pageStart ?? hit.page;
  const end = hit.pageEnd ?? hit.page;
  return start === end ? t('page', hit.page) : t('citedPage', hit.page, start, end);
}

/** The passage's flags (how its text was obtained) as small labels; nothing when it has none. */
export function renderFlags(passage) {
  const flags = flagsOf(passage);
  if (flags.length === 0) return '';
  return el('span', { class: 'flags' }, flags.map((f) => el('span', { class: `flag flag-${f.code}`, title: f.title || null }, f.label)));
}

/** Ranges to mark in a hit: the query's matches (and any extra marked expressions the API adds to a hit). */
const marks = (hit) => hit.highlights || [];

export function renderHit(hit, { query, params, showMore = true }) {
  const text = hit.passage;
  const [from, to] = snippetRange(text, marks(hit));
  const cut = from > 0 || to < text.length;
  const snippet = el('p', { class: 'snippet' });
  const times = timeNotes(hit.times);
  const showSnippet = () => snippet.replaceChildren(from > 0 ? '…' : '', highlighted(text, marks(hit), from, to, null, times), to < text.length ? '…' : '');
  showSnippet();

  const viewer = viewerHref(hit.passageId, query);
  const item = el('li', { class: 'hit', dataset: { documentId: hit.documentId, passageId: hit.passageId } },
    el('h3', {}, el('a', { href: viewer, 'data-route': '', class: 'hit-title' }, hit.title)),
    el('div', { class: 'meta' }, citedPageText(hit), hit.headingPath ? ` · ${hit.headingPath}` : '', renderFlags(hit)),
    snippet);

  const actions = el('div', { class: 'hit-actions' });
  if (cut) {
    const toggle = el('button', { type: 'button', class: 'link', 'aria-expanded': 'false' }, t('showMore'));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? t('showLess') : t('showMore');
      if (open) snippet.replaceChildren(highlighted(text, marks(hit), 0, text.length, null, times)); else showSnippet();
    });
    actions.append(toggle);
  }
  actions.append(el('a', { href: viewer, 'data-route': '', class: 'open-viewer' }, t('openViewer', hit.page)));
  // A plain link to the file endpoint, which serves originals under a sandbox CSP: nothing in a document runs here.
  actions.append(el('a', { href: hit.link, class: 'open-original', target: '_blank', rel: 'noopener' }, t('openOriginal')));
  if (showMore && hit.moreInDocument > 0 && params) {
    const more = searchHref({ ...Object.fromEntries(params), document: hit.documentId, perDocument: '0', offset: '' });
    actions.append(el('a', { href: more, 'data-route': '', class: 'more-in-document' }, t('moreInDocument', hit.moreInDocument)));
  }
  item.append(actions);
  return item;
}
