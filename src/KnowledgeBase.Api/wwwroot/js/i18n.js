// Every string the page shows, in Chinese (the default) and English. Server text that reaches the user is translated
// here too: failure reasons by their stable codes, HTTP errors by status, facet values such as language codes.

const zh = {
  title: '政协智库知识库', skip: '跳到主要内容', langSwitch: 'English', langHint: '切换界面语言（Switch to English）',
  navLabel: '页面', tabSearch: '检索', tabDocuments: '文档库', tabUpload: '上传',
  signin: '登录', signout: '退出登录', apiKey: 'API 密钥', apiKeyHint: '密钥只发送给服务器一次，由服务器以安全 Cookie 保持登录，页面脚本读取不到。',
  signinGo: '登录', signinFailed: '登录失败：密钥无效或已被吊销。',
  anonymous: '未登录：只能看到公开文档', signedInAs: '已登录：',
  roles: { member: '委员', staff: '工作人员', partner: '合作智库', admin: '管理员' },
  search: '检索', query: '检索词或问题', queryPlaceholder: '例如：沿边产业园区政策，或 什么是土地要素保障？', go: '搜索',
  filters: '筛选', filtersCount: (n) => `筛选（已选 ${n} 项）`, closeFilters: '收起筛选',
  yearBasis: '年份依据', documentYear: '文档年份', passageYear: '段落所述年份', passageCount: (n) => `${n} 段`, passageCountLabel: (n) => `${n} 个段落`, noPassageYears: '匹配的段落没有说到具体年份。',
  yearFrom: '起始年份', yearTo: '截止年份', applyYears: '按年份筛选', organisation: '机构', type: '类型', tag: '标签', language: '语言', year: '年份',
  facetsTitle: '按文档筛选', facetCount: (n) => `${n} 篇`, facetCountLabel: (n) => `${n} 篇文档`,
  activeFilters: '已选筛选条件', removeFilter: (label) => `清除筛选：${label}`, clearAll: '全部清除',
  onlyDocument: (title) => `仅看此文档：${title}`,
  languages: { zh: '中文', en: '英文' }, langZh: '中文', langEn: '英文', pagesNav: '分页',
  searching: '检索中…', noResults: '没有找到相关段落。可以换个说法，或减少筛选条件。',
  resultsCount: (docs, passages) => `在 ${docs} 篇文档中找到 ${passages} 个相关段落`,
  resultsShown: (from, to) => `当前显示第 ${from}–${to} 条`,
  took: (ms) => `用时 ${ms} 毫秒`,
  translated: '英文检索词同时按以下中文词检索：', translationOf: (src, targets) => `${src} → ${targets}`,
  page: (p) => `第 ${p} 页`, pages: (a, b) => `第 ${a}–${b} 页`, citedPage: (p, a, b) => `第 ${p} 页（段落跨第 ${a}–${b} 页）`,
  openViewer: (p) => `查看原文（第 ${p} 页）`, openOriginal: '下载原件', showMore: '展开全文', showLess: '收起',
  moreInDocument: (n) => `本文档另有 ${n} 个相关段落`, moreInDocumentAll: '查看本文档全部相关段落',
  prev: '上一页', next: '下一页', pageOf: (p) => `第 ${p} 页`,
  answerTitle: '回答', asking: '正在根据检索到的段落回答…', askButton: '根据检索结果回答这个问题',
  answerExtractive: '未配置大语言模型：下面的句子是从检索到的原文中摘录的，不是生成的回答。点击 [编号] 查看出处。',
  answerChat: '由大语言模型根据检索到的段落写成，每句后的 [编号] 是它依据的段落，请点开核对。',
  answerNone: '检索到的段落不足以回答这个问题。', answerSources: '出处', citation: (n) => `出处 ${n}`,
  viewerBack: '← 返回结果', viewerLoading: '正在打开原文…', prevPassage: '上一段', nextPassage: '下一段',
  viewAsText: '查看提取的文字', viewAsPdf: '查看原版式', prevPage: '上一页', nextPage: '下一页',
  viewerPage: (p, n) => `第 ${p} 页 / 共 ${n} 页`, passageOf: (i, n) => `第 ${i} 段 / 共 ${n} 段`,
  passageHere: '引用的段落', passageTimes: '本段说到的时间：',
  ocr: (c) => `识别文本（置信度 ${Math.round(c * 100)}%）`, ocrHint: '这段文字由扫描页面经 OCR 识别得到，可能有个别错字，请对照原件', similar: '相似段落', noSimilar: '没有找到相似段落。',
  pdfFailed: '无法在页面中显示这份 PDF，下面是提取的文字。', highlightMissing: '未能在版式中定位引用段落，请参看提取的文字。',
  extractedText: '提取的文字', docTextNote: '下面是入库时从文件中提取的文字，引用的段落已标出。',
  upload: '上传文档', file: '文件（PDF、OFD、Word/WPS、Excel、PowerPoint、HTML、文本）', docTitle: '标题', author: '作者机构', tags: '标签（逗号分隔）',
  visibility: '可见范围', public: '公开', internal: '内部（委员和工作人员）', restricted: '限定机构', shares: '共享给机构（逗号分隔）',
  send: '上传', uploading: (p) => `上传中 ${p}%`, uploadProgress: '上传进度', queued: '已排队，等待处理…', running: '处理中…',
  done: '完成：文档已入库。', pendingNote: '（工作人员审核通过后其他人才能看到）', failed: '失败：', transientFailure: '暂时无法处理，已多次重试。',
  documents: '文档库', docSearch: '按标题查找', docSearchPlaceholder: '标题中的字词', sortBy: '排序', sortIngested: '入库时间（新→旧）',
  sortIngestedAsc: '入库时间（旧→新）', sortYear: '文档年份（新→旧）', sortYearAsc: '文档年份（旧→新）', sortTitle: '标题',
  reviewState: '审核状态', any: '不限', pending: '待审核', approved: '已发布', passagesCol: '段落数', ingested: '入库时间',
  state: '状态', actions: '操作', approve: '审核通过', delete: '删除', confirmDelete: '确定删除这篇文档？删除后无法恢复。',
  docsCount: (total, from, to) => total === 0 ? '没有符合条件的文档。' : `共 ${total} 篇文档，当前第 ${from}–${to} 篇`,
  failedFiles: '未能入库的文件', failedCount: (n) => `共 ${n} 个文件未能入库`, failedFile: '文件', failedReason: '原因', failedAt: '时间',
  noFailures: '没有入库失败的文件。', reload: '刷新',
  apiDocs: 'API 文档（管理员）', error: '出错：', loading: '加载中…', failureUnknown: '无法处理这个文件',
  failureCodes: {
    encrypted: '文件已加密（需要密码），无法读取', corrupt: '文件已损坏或格式不完整', empty: '文件是空的，没有文字',
    noText: '没有可提取的文字（可能是扫描件或图片）', unsupported: '不支持这种文件类型', tooLarge: '文件太大，超过了处理上限',
    timeout: '处理超时，文件可能过于复杂', unsafe: '文件结构异常，出于安全考虑拒绝处理', transient: '暂时无法处理（已多次重试）',
  },
  httpErrors: {
    400: '请求有误，请检查输入。', 401: '需要先登录。', 403: '没有权限执行此操作。', 404: '没有找到，或您无权查看。',
    413: '文件超过了允许的大小。', 415: '不支持这种文件类型：只能上传 PDF、OFD、Word/WPS、RTF、ODT、Excel、PowerPoint、HTML 或文本文件。',
    429: '操作太频繁，请稍后再试。', 500: '服务器出错，请稍后再试。', 503: '服务暂时不可用。', network: '无法连接服务器。',
  },
};

const en = {
  title: 'CPPCC Think-Tank Knowledge Base', skip: 'Skip to main content', langSwitch: '中文', langHint: 'Switch the interface language (切换到中文)',
  navLabel: 'Sections', tabSearch: 'Search', tabDocuments: 'Library', tabUpload: 'Upload',
  signin: 'Sign in', signout: 'Sign out', apiKey: 'API key', apiKeyHint: 'The key is sent to the server once; the server keeps you signed in with a secure cookie that page script cannot read.',
  signinGo: 'Sign in', signinFailed: 'Sign-in failed: the key is invalid or revoked.',
  anonymous: 'Not signed in: public documents only', signedInAs: 'Signed in: ',
  roles: { member: 'member', staff: 'staff', partner: 'partner', admin: 'admin' },
  search: 'Search', query: 'Search terms or a question', queryPlaceholder: 'e.g. border industrial park policy, or what is land factor support?', go: 'Search',
  filters: 'Filters', filtersCount: (n) => `Filters (${n} set)`, closeFilters: 'Hide filters',
  yearBasis: 'Which year', documentYear: 'Document year', passageYear: 'Years the passage speaks about', passageCount: (n) => `${n} ¶`, passageCountLabel: (n) => `${n} passages`, noPassageYears: 'The matching passages name no particular year.',
  yearFrom: 'From year', yearTo: 'To year', applyYears: 'Filter by year', organisation: 'Organisation', type: 'Type', tag: 'Tag', language: 'Language', year: 'Year',
  facetsTitle: 'Narrow by document', facetCount: (n) => `${n}`, facetCountLabel: (n) => `${n} documents`,
  activeFilters: 'Active filters', removeFilter: (label) => `Remove filter: ${label}`, clearAll: 'Clear all',
  onlyDocument: (title) => `Only this document: ${title}`,
  languages: { zh: 'Chinese', en: 'English' }, langZh: 'Chinese', langEn: 'English', pagesNav: 'Pages',
  searching: 'Searching…', noResults: 'No matching passages. Try other words or fewer filters.',
  resultsCount: (docs, passages) => `${passages} matching passages in ${docs} documents`,
  resultsShown: (from, to) => `showing ${from}–${to}`,
  took: (ms) => `${ms} ms`,
  translated: 'English words were also searched as these Chinese words:', translationOf: (src, targets) => `${src} → ${targets}`,
  page: (p) => `page ${p}`, pages: (a, b) => `pages ${a}–${b}`, citedPage: (p, a, b) => `page ${p} (passage spans pages ${a}–${b})`,
  openViewer: (p) => `View source (page ${p})`, openOriginal: 'Download original', showMore: 'Show more', showLess: 'Show less',
  moreInDocument: (n) => `${n} more in this document`, moreInDocumentAll: 'All matching passages in this document',
  prev: 'Previous', next: 'Next', pageOf: (p) => `Page ${p}`,
  answerTitle: 'Answer', asking: 'Answering from the passages found…', askButton: 'Answer this from the results',
  answerExtractive: 'No language model is configured: the sentences below are quoted from the passages found, not a written answer. Click a [number] to see its source.',
  answerChat: 'Written by a language model from the passages found; the [number] after each sentence is the passage it relies on — open it to check.',
  answerNone: 'The passages found are not enough to answer this question.', answerSources: 'Sources', citation: (n) => `Source ${n}`,
  viewerBack: '← Back to results', viewerLoading: 'Opening the source…', prevPassage: 'Previous passage', nextPassage: 'Next passage',
  viewAsText: 'Show extracted text', viewAsPdf: 'Show page layout', prevPage: 'Previous page', nextPage: 'Next page',
  viewerPage: (p, n) => `Page ${p} of ${n}`, passageOf: (i, n) => `Passage ${i} of ${n}`,
  passageHere: 'Cited passage', passageTimes: 'Times this passage speaks of: ',
  ocr: (c) => `recognised text (OCR, ${Math.round(c * 100)}% confidence)`, ocrHint: 'This text was read from a scanned page by OCR and may contain errors; check the original', similar: 'Similar passages', noSimilar: 'No similar passages found.',
  pdfFailed: 'This PDF cannot be shown in the page; here is its extracted text.', highlightMissing: 'The cited passage could not be located in the page layout; see the extracted text.',
  extractedText: 'Extracted text', docTextNote: 'The text extracted from the file at ingest, with the cited passage marked.',
  upload: 'Upload a document', file: 'File (PDF, OFD, Word/WPS, Excel, PowerPoint, HTML, text)', docTitle: 'Title', author: 'Author organisation', tags: 'Tags (comma-separated)',
  visibility: 'Visibility', public: 'Public', internal: 'Internal (members and staff)', restricted: 'Restricted to organisations', shares: 'Share with organisations (comma-separated)',
  send: 'Upload', uploading: (p) => `Uploading ${p}%`, uploadProgress: 'Upload progress', queued: 'Queued, waiting…', running: 'Processing…',
  done: 'Done: the document is in the library.', pendingNote: ' (visible to others after staff review)', failed: 'Failed: ', transientFailure: 'Could not be processed for now; retried several times.',
  documents: 'Library', docSearch: 'Find by title', docSearchPlaceholder: 'words in the title', sortBy: 'Order', sortIngested: 'Added (newest first)',
  sortIngestedAsc: 'Added (oldest first)', sortYear: 'Document year (newest first)', sortYearAsc: 'Document year (oldest first)', sortTitle: 'Title',
  reviewState: 'Review', any: 'Any', pending: 'pending review', approved: 'published', passagesCol: 'Passages', ingested: 'Added',
  state: 'State', actions: 'Actions', approve: 'Approve', delete: 'Delete', confirmDelete: 'Delete this document? This cannot be undone.',
  docsCount: (total, from, to) => total === 0 ? 'No documents match.' : `${total} documents, showing ${from}–${to}`,
  failedFiles: 'Files that could not be ingested', failedCount: (n) => `${n} files could not be ingested`, failedFile: 'File', failedReason: 'Reason', failedAt: 'When',
  noFailures: 'No file failed to ingest.', reload: 'Reload',
  apiDocs: 'API reference (admins)', error: 'Error: ', loading: 'Loading…', failureUnknown: 'The file could not be processed',
  failureCodes: {
    encrypted: 'Encrypted file (password required)', corrupt: 'Damaged or incomplete file', empty: 'Empty file, no text',
    noText: 'No extractable text (scanned image?)', unsupported: 'Unsupported file type', tooLarge: 'File too large to process',
    timeout: 'Processing timed out (file too complex?)', unsafe: 'Refused for safety (abnormal file structure)', transient: 'Could not be processed for now (retried)',
  },
  httpErrors: {
    400: 'The request was not valid; check the input.', 401: 'Please sign in first.', 403: 'You may not do this.', 404: 'Not found, or not visible to you.',
    413: 'The file is larger than allowed.', 415: 'Unsupported file type: upload PDF, OFD, Word/WPS, RTF, ODT, Excel, PowerPoint, HTML or text files.',
    429: 'Too many requests; try again shortly.', 500: 'Server error; try again later.', 503: 'The service is unavailable for now.', network: 'Cannot reach the server.',
  },
};

const dictionaries = { zh, en };
let current = localStorage.getItem('kb.lang') === 'en' ? 'en' : 'zh';

export const language = () => current;

export function setLanguage(lang) {
  current = lang === 'en' ? 'en' : 'zh';
  localStorage.setItem('kb.lang', current);
}

/** The string for key in the current language; functions are called with args. */
export function t(key, ...args) {
  const value = dictionaries[current][key];
  return typeof value === 'function' ? value(...args) : value;
}

/** A facet or metadata value as people read it (language codes become names). */
export function facetLabel(field, value) {
  if (field === 'language') return t('languages')[value] || value;
  return value;
}

/** A failure reason code (see GET /api/failures) in the current language; unknown codes fall back to the detail. */
export function failureText(code, detail) {
  return (code && t('failureCodes')[code]) || (current === 'en' && detail) || t('failureUnknown');
}

/** An HTTP error as a sentence; the server's English detail is kept only in the English interface. */
export function httpErrorText(status, detail) {
  const known = t('httpErrors')[status] || t('httpErrors')[status >= 500 ? 500 : 400];
  return current === 'en' && detail ? `${known} (${detail})` : known;
}

/** Applies the language to the static markup: data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label). */
export function applyStatic(root = document) {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nLabel)); });
}
