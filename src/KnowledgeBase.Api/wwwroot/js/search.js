// The search view: the form, the answer box, results grouped by document, facet filters with one-click chips, paging.
import { api } from './api.js';
import { el, clear } from './dom.js';
import { t, facetLabel } from './i18n.js';
import { FILTER_KEYS, navigate, searchHref } from './route.js';
import { renderHit } from './results.js';
import { isQuestion, showAnswer, hideAnswer, offerAnswer } from './answer.js';

const PAGE_SIZE = 10;
const $ = (id) => document.getElementById(id);
let last = null; // { key, data } of the search on screen: going back to it shows it without asking again
let generation = 0;
let fresh = false; // the next show() runs the search even when it is on screen (the user submitted it again)
let yearBasis = 'document'; // which years the year facet lists: the documents' own, or those the passages speak about

const FACETS = [
  ['organisations', 'organisation', 'organisation'],
  ['types', 'type', 'type'],
  ['tags', 'tag', 'tag'],
  ['years', 'year', 'year'],
  ['languages', 'language', 'language'],
];

export function init() {
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = $('q').value.trim();
    if (!q) return;
    // A new query keeps the filters but starts at the first page.
    const params = new URLSearchParams(location.search);
    const next = {};
    for (const key of FILTER_KEYS) if (params.get(key) && key !== 'document') next[key] = params.get(key);
    fresh = true;
    navigate(searchHref({ ...next, q }));
  });
  $('filters-toggle').addEventListener('click', () => setFiltersOpen($('filters-toggle').getAttribute('aria-expanded') !== 'true'));
  $('years-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams(location.search);
    params.set('yearFrom', $('year-from').value.trim());
    params.set('yearTo', $('year-to').value.trim());
    params.delete('offset');
    navigate(searchHref(params));
  });
}

function setFiltersOpen(open) {
  $('filters-toggle').setAttribute('aria-expanded', String(open));
  $('filters-panel').classList.toggle('open', open);
  if (open) $('filters-toggle').textContent = t('closeFilters'); else updateFilterCount(new URLSearchParams(location.search));
}

/** Shows the search the URL describes (runs it unless it is already on screen). */
export async function show(params) {
  $('q').value = params.get('q') || '';
  $('year-from').value = params.get('yearFrom') || '';
  $('year-to').value = params.get('yearTo') || '';
  updateFilterCount(params);
  if (!params.get('q')) {
    last = null;
    clear($('results'));
    clear($('facets'));
    clear($('active-filters'));
    $('search-status').textContent = '';
    $('translations').hidden = true;
    $('pager').hidden = true;
    hideAnswer($('answer'));
    return;
  }
  if (last && last.key === params.toString() && !fresh) { render(last.data, params); return; }
  fresh = false;
  await run(params);
}

/** Re-renders what is on screen (after a language switch). */
export function rerender() {
  if (last) render(last.data, new URLSearchParams(last.key));
  updateFilterCount(new URLSearchParams(location.search));
}

async function run(params) {
  const mine = ++generation;
  const request = new URLSearchParams();
  for (const [k, v] of params) if (k !== 'passage' && k !== 'tab') request.set(k, v);
  request.set('top', String(PAGE_SIZE));
  $('search-status').textContent = t('searching');
  $('results').setAttribute('aria-busy', 'true');
  const answerBox = $('answer');
  const offset = Number(params.get('offset') || 0);
  // Questions get an answer above the results; keyword searches an offer to answer. Not on later pages.
  // /api/ask takes the search filters except one document ("more in this document" lists, it does not ask).
  if (offset === 0 && !params.get('document')) {
    if (isQuestion(params.get('q'))) showAnswer(answerBox, params); else offerAnswer(answerBox, params);
  } else {
    hideAnswer(answerBox);
  }
  try {
    const data = await api('/api/search?' + request);
    if (mine !== generation) return;
    last = { key: params.toString(), data };
    render(data, params);
  } catch (e) {
    if (mine !== generation) return;
    $('search-status').textContent = t('error') + e.message;
    clear($('results'));
    $('pager').hidden = true;
  } finally {
    $('results').removeAttribute('aria-busy');
  }
}

function render(data, params) {
  const query = params.get('q');
  const list = clear($('results'));
  list.start = data.offset + 1;
  // "N more in this document" goes under the last of a document's passages on the page.
  const lastOfDocument = new Map(data.results.map((hit, i) => [hit.documentId, i]));
  data.results.forEach((hit, i) => list.append(renderHit(hit, { query, params, showMore: lastOfDocument.get(hit.documentId) === i })));

  const status = $('search-status');
  if (data.results.length === 0) {
    status.textContent = t('noResults');
  } else {
    const parts = [];
    if (data.total != null) parts.push(t('resultsCount', data.documents, data.total));
    parts.push(t('resultsShown', data.offset + 1, data.offset + data.results.length));
    parts.push(t('took', Math.round(data.tookMs)));
    status.textContent = parts.join(' · ');
  }
  renderTranslations(data.translations || []);
  renderActiveFilters(params, data);
  renderFacets(data.facets, params);
  renderPager(data, params);
}

function renderTranslations(translations) {
  const box = $('translations');
  const chinese = translations.filter((x) => x.targets.some((w) => /[\u4e00-\u9fff]/.test(w)));
  box.hidden = chinese.length === 0;
  if (box.hidden) return;
  clear(box).append(t('translated'), ' ',
    ...chinese.flatMap((x, i) => [i ? '；' : '', el('span', { class: 'translation', lang: 'zh-CN' }, t('translationOf', x.source, x.targets.join('、')))]));
}

/** The filters in force as chips; each clears with one click, and one button clears them all. */
function renderActiveFilters(params, data) {
  const box = clear($('active-filters'));
  const chips = [];
  const chip = (label, remove) => {
    const b = el('button', { type: 'button', class: 'chip', 'aria-label': t('removeFilter', label) }, label, el('span', { 'aria-hidden': 'true', class: 'chip-x' }, ' ×'));
    b.addEventListener('click', () => {
      const next = new URLSearchParams(params);
      remove.forEach((k) => next.delete(k));
      next.delete('offset');
      navigate(searchHref(next));
    });
    chips.push(b);
  };
  for (const key of ['organisation', 'type', 'tag', 'language']) {
    if (params.get(key)) chip(`${t(key)}：${facetLabel(key, params.get(key))}`, [key]);
  }
  const from = params.get('yearFrom');
  const to = params.get('yearTo');
  if (from || to) chip(`${t('year')}：${from === to ? from : `${from || '…'}–${to || '…'}`}`, ['yearFrom', 'yearTo']);
  if (params.get('passageYear')) chip(`${t('passageYear')}：${params.get('passageYear').split(',').join('、')}`, ['passageYear']);
  if (params.get('document')) {
    const title = data?.results?.[0]?.title || params.get('document');
    chip(t('onlyDocument', title), ['document', 'perDocument']);
  }
  if (chips.length === 0) return;
  const all = el('button', { type: 'button', class: 'link clear-all' }, t('clearAll'));
  all.addEventListener('click', () => navigate(searchHref({ q: params.get('q') })));
  box.append(el('span', { class: 'sr-only' }, t('activeFilters')), ...chips, chips.length > 1 ? all : '');
}

function renderFacets(facets, params) {
  const aside = clear($('facets'));
  if (!facets) return;
  aside.append(el('h2', { class: 'facets-title' }, t('facetsTitle')));
  if (params.get('passageYear')) yearBasis = 'passage';
  for (const [group, field, label] of FACETS) {
    if (field === 'year') { renderYearFacet(aside, facets, params); continue; }
    const values = facets[group];
    if (!values || values.length === 0) continue;
    const items = values.map((v) => {
      const active = field === 'year' ? params.get('yearFrom') === v.value && params.get('yearTo') === v.value : params.get(field) === v.value;
      const b = el('button', { type: 'button', class: 'facet' + (active ? ' active' : ''), 'aria-pressed': String(active),
        'aria-label': `${t(label)} ${facetLabel(field, v.value)}，${t('facetCountLabel', v.count)}` },
        el('span', { class: 'facet-value' }, facetLabel(field, v.value)), el('span', { class: 'facet-count', 'aria-hidden': 'true' }, t('facetCount', v.count)));
      b.addEventListener('click', () => {
        const next = new URLSearchParams(params);
        if (field === 'year') {
          if (active) { next.delete('yearFrom'); next.delete('yearTo'); } else { next.set('yearFrom', v.value); next.set('yearTo', v.value); }
        } else if (active) next.delete(field); else next.set(field, v.value);
        next.delete('offset');
        setFiltersOpen(false);
        navigate(searchHref(next));
      });
      return el('li', {}, b);
    });
    aside.append(el('h3', {}, t(label)), el('ul', { class: 'facet-list' }, items));
  }
}

/**
 * The year facet, by the documents' own year (counting documents) or by the years the matching passages speak about
 * (今年 in a 2016 report counts for 2016; counting passages). A switch above the values chooses.
 */
function renderYearFacet(aside, facets, params) {
  const byPassage = yearBasis === 'passage';
  const values = (byPassage ? facets.passageYears : facets.years) || [];
  if ((facets.years || []).length === 0 && (facets.passageYears || []).length === 0) return;
  const basis = (value, text) => {
    const b = el('button', { type: 'button', class: 'basis' + (yearBasis === value ? ' active' : ''), 'aria-pressed': String(yearBasis === value) }, text);
    b.addEventListener('click', () => { yearBasis = value; renderFacets(facets, params); });
    return b;
  };
  aside.append(el('h3', {}, t('year')),
    el('div', { class: 'year-basis', role: 'group', 'aria-label': t('yearBasis') }, basis('document', t('documentYear')), basis('passage', t('passageYear'))));
  const items = [...values].sort((a, b) => Number(b.value) - Number(a.value)).map((v) => {
    const active = byPassage ? (params.get('passageYear') || '').split(',').includes(v.value)
      : params.get('yearFrom') === v.value && params.get('yearTo') === v.value;
    const count = byPassage ? t('passageCount', v.count) : t('facetCount', v.count);
    const b = el('button', { type: 'button', class: 'facet' + (active ? ' active' : ''), 'aria-pressed': String(active),
      'aria-label': `${byPassage ? t('passageYear') : t('documentYear')} ${v.value}，${byPassage ? t('passageCountLabel', v.count) : t('facetCountLabel', v.count)}` },
      el('span', { class: 'facet-value' }, v.value), el('span', { class: 'facet-count', 'aria-hidden': 'true' }, count));
    b.addEventListener('click', () => {
      const next = new URLSearchParams(params);
      if (byPassage) { if (active) next.delete('passageYear'); else next.set('passageYear', v.value); }
      else if (active) { next.delete('yearFrom'); next.delete('yearTo'); } else { next.set('yearFrom', v.value); next.set('yearTo', v.value); }
      next.delete('offset');
      setFiltersOpen(false);
      navigate(searchHref(next));
    });
    return el('li', {}, b);
  });
  aside.append(items.length ? el('ul', { class: 'facet-list' }, items) : el('p', { class: 'meta' }, t('noPassageYears')));
}

function renderPager(data, params) {
  const pager = $('pager');
  const hasPrevious = data.offset > 0;
  pager.hidden = !hasPrevious && !data.hasMore;
  if (pager.hidden) return;
  $('prev').disabled = !hasPrevious;
  $('next').disabled = !data.hasMore;
  $('page-number').textContent = t('pageOf', Math.floor(data.offset / PAGE_SIZE) + 1);
  $('prev').onclick = () => go(params, Math.max(0, data.offset - PAGE_SIZE));
  $('next').onclick = () => go(params, data.offset + PAGE_SIZE);
}

function go(params, offset) {
  const next = new URLSearchParams(params);
  if (offset > 0) next.set('offset', String(offset)); else next.delete('offset');
  navigate(searchHref(next));
  window.scrollTo(0, 0);
}

function updateFilterCount(params) {
  const years = params.get('yearFrom') || params.get('yearTo') ? 1 : 0;
  const count = FILTER_KEYS.filter((k) => params.get(k) && !k.startsWith('year')).length + years;
  $('filters-toggle').textContent = count ? t('filtersCount', count) : t('filters');
}

