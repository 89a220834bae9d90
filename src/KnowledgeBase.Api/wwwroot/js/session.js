// Who is signed in. Signing in sends the key once to POST /api/session, which answers with an HttpOnly,
// SameSite=Strict cookie: the key never stays where page script (or a document's script) could read it.
import { api, postJson } from './api.js';

// Signing in exchanges the key for the session cookie; a key an older version of the page left in storage is removed.
localStorage.removeItem('kb.apiKey');

let me = { role: null };
const listeners = [];

export const identity = () => me;
export const onIdentity = (listener) => listeners.push(listener);

export async function refresh() {
  try { me = await api('/api/me'); } catch { me = { role: null }; }
  listeners.forEach((l) => l(me));
  return me;
}

export async function signIn(key) {
  await postJson('/api/session', { key });
  return refresh();
}

export async function signOut() {
  try { await api('/api/session', { method: 'DELETE' }); } finally { await refresh(); }
}
