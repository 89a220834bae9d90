// The library: every document the caller may see, paged, searchable by title, sortable, filterable; for staff the
// review actions and the files that could not be ingested, with their reasons.
import { api, enc } from './api.js';
import { el, clear } from './dom.js';
import { t, facetLabel, failureText, language } from './i18n.js';
import { DOCUMENT_KEYS, href, navigate, pick, viewerHref } from './route.js';
import { identity } from './session.js';

const PAGE_SIZE = 50;
const $ = (id) => document.getElementById(id);
const SORTS = { ingested: ['ingested', 'desc'], ingestedAsc: ['ingested', 'asc'], year: ['year', 'desc'], yearAsc: ['year', 'asc'], title: ['title', 'asc'] };
let generation = 0;
let failuresShown = 0;

export function init() {
  $('docs-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = $('docs-form').elements;
    navigate(href({ tab: 'documents', dq: form.dq.value.trim(), dsort: form.dsort.value === 'ingested' ? '' : form.dsort.value,
      dreview: form.dreview.value, dlang: form.dlang.value, dyear: form.dyear.value.trim() }));
  });
  for (const name of ['dsort', 'dreview', 'dlang']) $('docs-form').elements[name].addEventListener('change', () => $('docs-form').requestSubmit());
  $('docs-prev').addEventListener('click', () => page(-1));
  $('docs-next').addEventListener('click', () => page(1));
  $('failures-more').addEventListener('click', () => loadFailures(failuresShown));
}

function page(direction) {
  const params = new URLSearchParams(location.search);
  const offset = Math.max(0, Number(params.get('doffset') || 0) + direction * PAGE_SIZE);
  navigate(href({ tab: 'documents', ...pick(params, DOCUMENT_KEYS), doffset: offset || '' }));
  $('documents-view').scrollIntoView();
}

export async function show(params) {
  const mine = ++generation;
  const form = $('docs-form').elements;
  form.dq.value = params.get('dq') || '';
  form.dsort.value = params.get('dsort') || 'ingested';
  form.dreview.value = params.get('dreview') || '';
  form.dlang.value = params.get('dlang') || '';
  form.dyear.value = params.get('dyear') || '';
  $('docs-review-field').hidden = !identity().isStaff;

  const [sort, order] = SORTS[params.get('dsort')] || SORTS.ingested;
  // The offset comes from the address bar, where anyone may type anything; the API refuses a negative or non-numeric one.
  const offset = Math.max(0, Math.trunc(Number(params.get('doffset'))) || 0);
  const request = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset), sort, order });
  if (params.get('dq')) request.set('q', params.get('dq'));
  if (params.get('dreview')) request.set('review', params.get('dreview'));
  if (params.get('dlang')) request.set('language', params.get('dlang'));
  if (params.get('dyear')) { request.set('yearFrom', params.get('dyear')); request.set('yearTo', params.get('dyear')); }

  $('docs-status').textContent = t('loading');
  try {
    const data = await api('/api/documents?' + request);
    if (mine !== generation) return;
    renderTable(data);
  } catch (e) {
    if (mine !== generation) return;
    $('docs-status').textContent = t('error') + e.message;
  }
  if (identity().isStaff) { $('failures').hidden = false; loadFailures(0); } else $('failures').hidden = true;
}

/** Names shown in the visibility cell before the rest is counted; the cell's title lists them all. */
const SHOWN_ORGANISATIONS = 3;

/**
 * The visibility, and for a restricted document the organisations it is shared with, so that staff approving an upload
 * see who would receive it. Names are text nodes (a partner typed them); a long list is cut, in full on hover.
 */
function visibilityCell(m) {
  const cell = el('td', { 'data-label': t('visibility') }, t(m.visibility) || m.visibility);
  const shared = m.visibility === 'restricted' ? (m.sharedWith || []) : [];
  if (shared.length === 0) return cell;
  const separator = language() === 'zh' ? '、' : ', ';
  const shown = shared.slice(0, SHOWN_ORGANISATIONS).join(separator) + (shared.length > SHOWN_ORGANISATIONS ? `${separator}… (${shared.length})` : '');
  cell.append(el('span', { class: 'organisations', title: shared.join(separator) }, shown));
  return cell;
}

function renderTable(data) {
  const body = clear($('docs').tBodies[0]);
  const from = data.total === 0 ? 0 : data.offset + 1;
  const to = data.offset + data.documents.length;
  $('docs-status').textContent = t('docsCount', data.total, from, to);
  const fullDates = new Intl.DateTimeFormat(language() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' });
  for (const d of data.documents) {
    const m = d.metadata;
    const title = d.passageCount > 0 ? el('a', { href: viewerHref(`${d.id}:0`, ''), 'data-route': '' }, d.title) : d.title;
    const state = el('span', { class: 'badge' + (m.pendingReview ? ' pending' : '') }, m.pendingReview ? t('pending') : t('approved'));
    const actions = el('td', { 'data-label': t('actions'), class: 'short actions' });
    if (identity().isStaff) {
      if (m.pendingReview) actions.append(button(t('approve'), () => act(`/api/documents/${enc(d.id)}/approve`, 'POST')));
      actions.append(button(t('delete'), () => { if (confirm(t('confirmDelete'))) act(`/api/documents/${enc(d.id)}`, 'DELETE'); }, 'secondary'));
    }
    body.append(el('tr', { dataset: { documentId: d.id } },
      el('td', { 'data-label': t('docTitle') }, title),
      el('td', { 'data-label': t('author') }, m.organisation || ''),
      el('td', { 'data-label': t('year'), class: 'short' }, m.year ? String(m.year) : ''),
      el('td', { 'data-label': t('language'), class: 'short' }, m.language ? facetLabel('language', m.language) : ''),
      el('td', { 'data-label': t('passagesCol'), class: 'short number' }, String(d.passageCount)),
      el('td', { 'data-label': t('ingested'), class: 'short' }, dateCell(new Date(d.ingestedAt), fullDates)),
      visibilityCell(m),
      el('td', { 'data-label': t('state'), class: 'short' }, state),
      actions));
  }
  const pager = $('docs-pager');
  pager.hidden = data.offset === 0 && to >= data.total;
  $('docs-prev').disabled = data.offset === 0;
  $('docs-next').disabled = to >= data.total;
}

/**
 * A date as 2026-12-02 (the day where the reader is), short enough to stay on one line in a narrow column in either
 * language; the full date and time show on hover and are in the datetime attribute for assistive tools.
 */
function dateCell(date, fullDates) {
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return el('time', { datetime: date.toISOString(), title: fullDates.format(date) }, day);
}

function button(label, onClick, cls) {
  return el('button', { type: 'button', class: cls || null, onclick: onClick }, label);
}

async function act(path, method) {
  try { await api(path, { method }); } catch (e) { $('docs-status').textContent = t('error') + e.message; return; }
  show(new URLSearchParams(location.search));
}

async function loadFailures(offset) {
  const body = $('failures-table').tBodies[0];
  if (offset === 0) { clear(body); failuresShown = 0; }
  try {
    const data = await api(`/api/failures?limit=50&offset=${offset}`);
    const dates = new Intl.DateTimeFormat(language() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    for (const f of data.failures) {
      body.append(el('tr', {},
        el('td', { 'data-label': t('failedFile') }, f.file),
        el('td', { 'data-label': t('failedReason'), title: language() === 'en' ? f.reason : null }, failureText(f.code, f.reason)),
        el('td', { 'data-label': t('failedAt') }, dates.format(new Date(f.at)))));
    }
    failuresShown = offset + data.failures.length;
    $('failures-status').textContent = data.total === 0 ? t('noFailures') : t('failedCount', data.total);
    $('failures-table').hidden = data.total === 0;
    $('failures-more').hidden = failuresShown >= data.total;
  } catch (e) {
    $('failures-status').textContent = t('error') + e.message;
  }
}
