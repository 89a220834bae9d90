// The page's state lives in the URL, so a search, a source view or a library page can be shared and the back button
// works: ?q=…&organisation=…&offset=… (search), ?passage=ID&q=… (source viewer), ?tab=documents&dq=… (library).

export const SEARCH_KEYS = ['q', 'yearFrom', 'yearTo', 'passageYear', 'organisation', 'type', 'tag', 'language', 'document', 'perDocument', 'offset'];
export const FILTER_KEYS = ['yearFrom', 'yearTo', 'passageYear', 'organisation', 'type', 'tag', 'language', 'document'];
export const DOCUMENT_KEYS = ['dq', 'dsort', 'dreview', 'dlang', 'dyear', 'doffset'];

export const current = () => new URLSearchParams(location.search);

/** Which view the URL asks for. */
export function view(params = current()) {
  if (params.get('passage')) return 'viewer';
  if (params.get('tab') === 'documents') return 'documents';
  if (params.get('tab') === 'upload') return 'upload';
  return 'search';
}

/** A page URL from parameters, dropping empty ones. */
export function href(params) {
  const clean = new URLSearchParams();
  for (const [k, v] of Object.entries(params instanceof URLSearchParams ? Object.fromEntries(params) : params)) {
    if (v !== null && v !== undefined && String(v) !== '') clean.set(k, String(v));
  }
  const text = clean.toString();
  return text ? `?${text}` : location.pathname;
}

export const searchHref = (params) => href(pick(params, SEARCH_KEYS));
export const viewerHref = (passageId, q) => href({ passage: passageId, q });

export function pick(params, keys) {
  const source = params instanceof URLSearchParams ? params : new URLSearchParams(params);
  const out = {};
  for (const k of keys) if (source.get(k)) out[k] = source.get(k);
  return out;
}

let onChange = () => {};
export function listen(handler) {
  onChange = handler;
  window.addEventListener('popstate', () => onChange());
}

/**
 * Moves to a URL of this page without reloading; replace keeps the history entry (e.g. for paging inside a view).
 * Each viewer entry records how many viewer entries lead back to the view it was opened from (`viewerDepth`), so
 * "back to results" returns there after the reader paged through passages or opened similar ones; an entry opened
 * without a view of this page behind it (a shared link) records none.
 */
export function navigate(url, { replace = false } = {}) {
  const state = { app: true };
  if (view(new URL(url, location.href).searchParams) === 'viewer') {
    const depth = view() === 'viewer' ? history.state?.viewerDepth : (replace ? undefined : 0);
    if (depth !== undefined) state.viewerDepth = replace ? depth : depth + 1;
  }
  if (replace) history.replaceState(state, '', url); else history.pushState(state, '', url);
  onChange();
}

/** How many history entries back the view lies that the viewer was opened from, or null when none of this page does. */
export const viewerDepth = () => history.state?.viewerDepth || null;

/** Same-page links navigate through the router, so the page does not reload; ctrl/middle click still opens a tab. */
export function interceptLinks(root) {
  root.addEventListener('click', (event) => {
    const a = event.target.closest('a[data-route]');
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(a.getAttribute('href'));
  });
}
