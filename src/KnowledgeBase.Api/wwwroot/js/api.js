// Requests to the API. The page authenticates by the HttpOnly session cookie (POST /api/session); it never holds a key.
import { httpErrorText } from './i18n.js';

export class ApiError extends Error {
  constructor(status, detail) {
    super(httpErrorText(status, detail));
    this.status = status;
    this.detail = detail;
  }
}

export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...options });
  } catch {
    throw new ApiError('network', null);
  }
  if (!response.ok) {
    let detail = null;
    try { const body = await response.json(); detail = body.detail || body.title || null; } catch { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  return response.status === 204 ? null : response.json();
}

export const postJson = (path, body) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export const enc = encodeURIComponent;
