// The search page: plain JS, no build step. Text from the server is always inserted as text, never as HTML.
(() => {
  'use strict';
  const I18N = {
    zh: {
      title: '政协智库知识库', skip: '跳到主要内容', langHint: '切换界面语言', signin: '登录', apiKey: 'API 密钥（只用于登录，不保存在浏览器）',
      save: '登录', clear: '退出', badKey: '密钥无效或已吊销。', search: '检索', query: '检索词', queryPlaceholder: '例如：沿边产业园区政策', go: '搜索', filters: '筛选',
      yearFrom: '起始年份', yearTo: '截止年份', organisation: '机构', type: '类型', tag: '标签', language: '语言', any: '不限',
      prev: '上一页', next: '下一页', upload: '上传文档', file: '文件（PDF、Word、HTML、文本）', docTitle: '标题', author: '作者机构',
      year: '年份', tags: '标签（逗号分隔）', visibility: '可见范围', public: '公开', internal: '内部（委员和工作人员）', restricted: '限定机构',
      shares: '共享给机构（逗号分隔）', send: '上传', documents: '文档列表', reload: '刷新', state: '状态', actions: '操作', apiDocs: 'API 文档',
      anonymous: '未登录（仅公开文档）', signedInAs: '已登录：', searching: '检索中…', noResults: '没有找到结果。', resultsCount: (n) => `约 ${n} 个段落匹配`,
      page: (p) => `第 ${p} 页`, ocr: (c) => `识别文本（置信度 ${Math.round(c * 100)}%）`, ocrHint: '这段文字由扫描页面经 OCR 识别得到，可能有个别错字', openSource: '打开原文', facetOrgs: '机构', facetTypes: '类型', facetTags: '标签', facetYears: '年份', facetLangs: '语言',
      uploading: (p) => `上传中 ${p}%`, queued: '已排队，等待处理…', running: '处理中…', done: '完成', failed: '失败：', pendingNote: '（待工作人员审核后公开）',
      pending: '待审核', approved: '已发布', approve: '审核通过', delete: '删除', confirmDelete: '确定删除这篇文档？', error: '出错：', loaded: (n) => `共 ${n} 篇文档`,
      roles: { member: '委员', staff: '工作人员', partner: '合作智库', admin: '管理员' },
    },
    en: {
      title: 'CPPCC Think-Tank Knowledge Base', skip: 'Skip to main content', langHint: 'Switch the interface language', signin: 'Sign in', apiKey: 'API key (used to sign in, not kept in the browser)',
      save: 'Sign in', clear: 'Sign out', badKey: 'The key is invalid or revoked.', search: 'Search', query: 'Search terms', queryPlaceholder: 'e.g. border industrial park policy', go: 'Search', filters: 'Filters',
      yearFrom: 'From year', yearTo: 'To year', organisation: 'Organisation', type: 'Type', tag: 'Tag', language: 'Language', any: 'Any',
      prev: 'Previous', next: 'Next', upload: 'Upload a document', file: 'File (PDF, Word, HTML, text)', docTitle: 'Title', author: 'Author organisation',
      year: 'Year', tags: 'Tags (comma-separated)', visibility: 'Visibility', public: 'Public', internal: 'Internal (members and staff)', restricted: 'Restricted to organisations',
      shares: 'Share with organisations (comma-separated)', send: 'Upload', documents: 'Documents', reload: 'Reload', state: 'State', actions: 'Actions', apiDocs: 'API reference',
      anonymous: 'Not signed in (public documents only)', signedInAs: 'Signed in: ', searching: 'Searching…', noResults: 'No results.', resultsCount: (n) => `about ${n} matching passages`,
      page: (p) => `page ${p}`, ocr: (c) => `recognised text (OCR, ${Math.round(c * 100)}% confidence)`, ocrHint: 'This text was read from a scanned page by OCR and may contain errors', openSource: 'Open source', facetOrgs: 'Organisation', facetTypes: 'Type', facetTags: 'Tag', facetYears: 'Year', facetLangs: 'Language',
      uploading: (p) => `Uploading ${p}%`, queued: 'Queued, waiting…', running: 'Processing…', done: 'Done', failed: 'Failed: ', pendingNote: ' (visible to others after staff review)',
      pending: 'pending review', approved: 'published', approve: 'Approve', delete: 'Delete', confirmDelete: 'Delete this document?', error: 'Error: ', loaded: (n) => `${n} documents`,
      roles: { member: 'member', staff: 'staff', partner: 'partner', admin: 'admin' },
    },
  };
  const $ = (id) => document.getElementById(id);
  let lang = localStorage.getItem('kb.lang') || 'zh';
  let me = { role: null };
  let lastSearch = null;
  const t = (key, ...args) => { const v = I18N[lang][key]; return typeof v === 'function' ? v(...args) : v; };
  // Signing in exchanges the key for an HttpOnly session cookie (POST /api/session): no page script can read the
  // session, and the key is never stored. Remove a key that an older version of the page left in storage.
  localStorage.removeItem('kb.apiKey');

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    $('lang').textContent = lang === 'zh' ? 'English' : '中文';
    showWho();
    if (lastSearch) renderResults(lastSearch);
  }

  async function api(path, options = {}) {
    const response = await fetch(path, { credentials: 'same-origin', ...options });
    if (!response.ok) {
      let detail = response.statusText;
      try { const body = await response.json(); detail = body.detail || body.title || detail; } catch { /* not JSON */ }
      const error = new Error(`${response.status} ${detail}`); error.status = response.status; throw error;
    }
    return response.status === 204 ? null : response.json();
  }

  function showWho() {
    $('whoami').textContent = me.role ? t('signedInAs') + t('roles')[me.role] + (me.organisation ? ` · ${me.organisation}` : '') : t('anonymous');
  }

  async function refreshIdentity() {
    try { me = await api('/api/me'); } catch { me = { role: null }; }
    showWho();
    $('upload-section').hidden = !me.canUpload;
    $('docs-section').hidden = !me.role;
    if (me.role) loadDocuments();
  }

  // --- session ---
  async function signIn(event) {
    event.preventDefault();
    const key = $('api-key').value.trim();
    $('api-key').value = '';
    if (!key) return;
    try {
      await api('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key }) });
      $('signin-status').textContent = '';
    } catch (e) {
      $('signin-status').textContent = e.status === 401 ? t('badKey') : t('error') + e.message;
    }
    refreshIdentity();
  }

  async function signOut() {
    $('api-key').value = '';
    try { await api('/api/session', { method: 'DELETE' }); } catch { /* already signed out */ }
    $('signin-status').textContent = '';
    refreshIdentity();
  }

  // --- search ---
  function searchParams(offset) {
    const form = new FormData($('search-form'));
    const params = new URLSearchParams();
    for (const [k, v] of form.entries()) if (String(v).trim() !== '') params.set(k, String(v).trim());
    params.set('top', '10');
    params.set('offset', String(offset || 0));
    return params;
  }

  async function search(offset) {
    const params = searchParams(offset);
    if (!params.get('q')) return;
    $('search-status').textContent = t('searching');
    try {
      lastSearch = await api('/api/search?' + params);
      renderResults(lastSearch);
    } catch (e) {
      $('search-status').textContent = t('error') + e.message;
    }
  }

  function highlighted(text, ranges) {
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
      if (start < at || end > text.length) continue;
      fragment.append(document.createTextNode(text.slice(at, start)));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(start, end);
      fragment.append(mark);
      at = end;
    }
    fragment.append(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function sourceLink(documentId, page) {
    const a = document.createElement('a');
    a.href = `/api/documents/${encodeURIComponent(documentId)}/file#page=${page}`;
    a.target = '_blank';
    a.rel = 'noopener';
    a.className = 'source-link';
    a.textContent = t('openSource') + ` (${t('page', page)})`;
    // A plain link: the session cookie goes with it, and the server serves the file sandboxed (never in this origin).
    return a;
  }

  function renderResults(data) {
    const list = $('results');
    list.replaceChildren();
    list.start = data.offset + 1;
    $('search-status').textContent = data.results.length === 0 ? t('noResults') : (data.total != null ? t('resultsCount', data.total) : '');
    for (const hit of data.results) {
      const li = document.createElement('li');
      const h3 = document.createElement('h3');
      h3.textContent = hit.title;
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = `${t('page', hit.page)}${hit.headingPath ? ' · ' + hit.headingPath : ''}`;
      if (hit.ocr) {
        const ocr = document.createElement('span');
        ocr.className = 'ocr';
        ocr.title = t('ocrHint');
        ocr.textContent = t('ocr', hit.ocrConfidence);
        meta.append(' · ', ocr);
      }
      const passage = document.createElement('p');
      passage.className = 'passage';
      passage.append(highlighted(hit.passage, hit.highlights || []));
      li.append(h3, meta, passage, sourceLink(hit.documentId, hit.page));
      list.append(li);
    }
    renderFacets(data.facets);
    $('pager').hidden = data.results.length === 0 && data.offset === 0;
    $('prev').disabled = data.offset === 0;
    $('next').disabled = data.total != null ? data.offset + data.top >= data.total : data.results.length < data.top;
  }

  function renderFacets(facets) {
    const aside = $('facets');
    aside.replaceChildren();
    if (!facets) return;
    const groups = [['facetOrgs', 'organisation', facets.organisations], ['facetTypes', 'type', facets.types],
      ['facetTags', 'tag', facets.tags], ['facetYears', null, facets.years], ['facetLangs', 'language', facets.languages]];
    for (const [label, field, values] of groups) {
      if (!values || values.length === 0) continue;
      const h = document.createElement('h3'); h.textContent = t(label);
      const ul = document.createElement('ul');
      for (const v of values) {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = `${v.value} (${v.count})`;
        b.addEventListener('click', () => {
          const form = $('search-form');
          if (field) form.elements[field].value = v.value; else { form.elements.yearFrom.value = v.value; form.elements.yearTo.value = v.value; }
          search(0);
        });
        li.append(b); ul.append(li);
      }
      aside.append(h, ul);
    }
  }

  // --- upload ---
  function upload(event) {
    event.preventDefault();
    const form = $('upload-form');
    const progress = $('upload-progress');
    const status = $('upload-status');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    progress.hidden = false; progress.value = 0;
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) { progress.value = Math.round((e.loaded / e.total) * 100); status.textContent = t('uploading', progress.value); }
    });
    xhr.addEventListener('load', () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText || '{}'); } catch { /* not JSON */ }
      if (xhr.status !== 202) { status.textContent = t('failed') + (body.detail || body.title || xhr.status); return; }
      progress.value = 100;
      pollJob(body.jobId);
    });
    xhr.addEventListener('error', () => { status.textContent = t('failed') + 'network'; });
    xhr.send(new FormData(form));
  }

  async function pollJob(jobId) {
    const status = $('upload-status');
    status.dataset.jobId = jobId;
    for (let i = 0; i < 600; i++) {
      try {
        const job = await api(`/api/jobs/${encodeURIComponent(jobId)}`);
        status.dataset.state = job.state;
        if (job.state === 'done') {
          status.textContent = t('done') + (me.role === 'partner' ? t('pendingNote') : '');
          loadDocuments();
          return;
        }
        if (job.state === 'failed') { status.textContent = t('failed') + (job.error || ''); return; }
        status.textContent = t(job.state === 'running' ? 'running' : 'queued');
      } catch (e) {
        status.textContent = t('error') + e.message;
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  // --- documents ---
  async function loadDocuments() {
    const body = $('docs').tBodies[0];
    body.replaceChildren();
    $('docs-status').textContent = '…';
    try {
      const data = await api('/api/documents?limit=100');
      body.replaceChildren();
      $('docs-status').textContent = t('loaded', data.total);
      for (const d of data.documents) {
        const tr = document.createElement('tr');
        tr.dataset.documentId = d.id;
        const cells = [d.title, d.metadata.organisation || '', d.metadata.year || '', t(d.metadata.visibility) || d.metadata.visibility];
        for (const c of cells) { const td = document.createElement('td'); td.textContent = String(c); tr.append(td); }
        const state = document.createElement('td');
        const badge = document.createElement('span');
        badge.className = 'badge' + (d.metadata.pendingReview ? ' pending' : '');
        badge.textContent = d.metadata.pendingReview ? t('pending') : t('approved');
        state.append(badge);
        const actions = document.createElement('td');
        if (me.isStaff) {
          if (d.metadata.pendingReview) actions.append(button(t('approve'), () => act(`/api/documents/${encodeURIComponent(d.id)}/approve`, 'POST')));
          actions.append(button(t('delete'), () => { if (confirm(t('confirmDelete'))) act(`/api/documents/${encodeURIComponent(d.id)}`, 'DELETE'); }, 'secondary'));
        }
        tr.append(state, actions);
        body.append(tr);
      }
    } catch (e) {
      $('docs-status').textContent = t('error') + e.message;
    }
  }

  function button(label, onClick, cls) {
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = label; if (cls) b.className = cls;
    b.addEventListener('click', onClick);
    return b;
  }

  async function act(path, method) {
    try { await api(path, { method }); } catch (e) { $('docs-status').textContent = t('error') + e.message; }
    loadDocuments();
  }

  // --- wiring ---
  $('lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('kb.lang', lang); applyLanguage(); });
  $('key-form').addEventListener('submit', signIn);
  $('key-clear').addEventListener('click', signOut);
  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); search(0); });
  $('prev').addEventListener('click', () => lastSearch && search(Math.max(0, lastSearch.offset - lastSearch.top)));
  $('next').addEventListener('click', () => lastSearch && search(lastSearch.offset + lastSearch.top));
  $('upload-form').addEventListener('submit', upload);
  $('docs-reload').addEventListener('click', loadDocuments);
  applyLanguage();
  refreshIdentity();
})();
