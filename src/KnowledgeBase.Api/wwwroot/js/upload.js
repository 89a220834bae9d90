// Uploading a document: progress while the bytes go up, then the ingest job's state until it is done or failed, with
// the failure reason in the interface's language (the job's errorCode).
import { api, enc, ApiError } from './api.js';
import { t, failureText, language } from './i18n.js';
import { identity } from './session.js';

const $ = (id) => document.getElementById(id);

export function init() {
  $('upload-form').addEventListener('submit', upload);
}

function upload(event) {
  event.preventDefault();
  const progress = $('upload-progress');
  const status = $('upload-status');
  delete status.dataset.state;
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/documents');
  xhr.withCredentials = true;
  progress.hidden = false;
  progress.value = 0;
  xhr.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) { progress.value = Math.round((e.loaded / e.total) * 100); status.textContent = t('uploading', progress.value); }
  });
  xhr.addEventListener('load', () => {
    let body = {};
    try { body = JSON.parse(xhr.responseText || '{}'); } catch { /* not JSON */ }
    if (xhr.status !== 202) {
      status.dataset.state = 'failed';
      status.textContent = t('failed') + new ApiError(xhr.status, body.detail || body.title).message;
      return;
    }
    progress.value = 100;
    poll(body.jobId);
  });
  xhr.addEventListener('error', () => { status.dataset.state = 'failed'; status.textContent = t('failed') + new ApiError('network').message; });
  xhr.send(new FormData($('upload-form')));
}

async function poll(jobId) {
  const status = $('upload-status');
  status.dataset.jobId = jobId;
  for (let i = 0; i < 900; i++) {
    let job;
    try {
      job = await api(`/api/jobs/${enc(jobId)}`);
    } catch (e) {
      status.textContent = t('error') + e.message;
      return;
    }
    status.dataset.state = job.state;
    if (job.state === 'done') {
      status.textContent = t('done') + (identity().role === 'partner' ? t('pendingNote') : '');
      if (job.documentId) status.dataset.documentId = job.documentId;
      $('upload-form').reset();
      return;
    }
    if (job.state === 'failed') {
      status.textContent = t('failed') + (job.errorCode ? failureText(job.errorCode, job.error) : t('transientFailure'));
      // The server's detail is English: shown as a tooltip in the English interface only.
      status.title = language() === 'en' ? job.error || '' : '';
      return;
    }
    status.textContent = t(job.state === 'running' ? 'running' : 'queued');
    await new Promise((r) => setTimeout(r, 1000));
  }
}
