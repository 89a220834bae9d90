// The search page: plain ES modules, no build step. Boots the views and routes between them by the URL.
import { applyStatic, language, setLanguage, t } from './i18n.js';
import { current, interceptLinks, listen, view, href } from './route.js';
import { identity, onIdentity, refresh, signIn, signOut } from './session.js';
import * as search from './search.js';
import * as viewer from './viewer.js';
import * as documents from './documents.js';
import * as upload from './upload.js';

const $ = (id) => document.getElementById(id);
const VIEWS = { search: 'search-view', viewer: 'viewer-view', documents: 'documents-view', upload: 'upload-view' };

function route() {
  const params = current();
  let name = view(params);
  if (name === 'upload' && !identity().canUpload) name = 'search';
  for (const [key, id] of Object.entries(VIEWS)) $(id).hidden = key !== name;
  for (const tab of document.querySelectorAll('.tabs a')) {
    const selected = tab.dataset.view === name || (name === 'viewer' && tab.dataset.view === 'search');
    if (selected) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
  if (name === 'search') search.show(params);
  else if (name === 'viewer') viewer.show(params);
  else if (name === 'documents') documents.show(params);
}

function showWho(me) {
  $('whoami').textContent = me.role ? t('signedInAs') + t('roles')[me.role] + (me.organisation ? ` · ${me.organisation}` : '') : t('anonymous');
  $('signin-form').hidden = Boolean(me.role);
  $('signout').hidden = !me.role;
  $('tab-upload').hidden = !me.canUpload;
  // The API reference is a developer tool: linked for admins only.
  $('api-docs').hidden = me.role !== 'admin';
}

function applyLanguage() {
  applyStatic();
  $('lang').textContent = t('langSwitch');
  showWho(identity());
  search.rerender();
  viewer.rerender();
  if (view() === 'documents') documents.show(current());
}

$('lang').addEventListener('click', () => { setLanguage(language() === 'zh' ? 'en' : 'zh'); applyLanguage(); });
$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const field = $('api-key');
  const key = field.value.trim();
  // The key leaves the page's memory as soon as it is sent: the field is cleared whatever the answer.
  field.value = '';
  if (!key) return;
  try {
    await signIn(key);
    $('signin-status').textContent = '';
    $('account').open = false;
  } catch {
    $('signin-status').textContent = t('signinFailed');
  }
});
$('signout').addEventListener('click', () => signOut());
onIdentity((me) => { showWho(me); route(); });

search.init();
viewer.init();
documents.init();
upload.init();
interceptLinks(document.body);
listen(route);
applyStatic();
$('lang').textContent = t('langSwitch');
for (const tab of document.querySelectorAll('.tabs a')) tab.setAttribute('href', href(tab.dataset.view === 'search' ? {} : { tab: tab.dataset.view }));
refresh();
