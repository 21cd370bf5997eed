// The console's shell: sign-in or the signed-in layout (top bar, sidebar nav, main), and hash routing
// (/console#/usage). Each page is its own module under pages/, loaded when first shown.
import { h, replace } from './dom.js';
import { session, forget, onForget, isOperator } from './session.js';
import { themeToggle } from './theme.js';
import { request } from './api.js';
import { tenantPages, operatorPages, loading } from './pages.js';

const root = document.getElementById('app');
let main = document.getElementById('main');
let navigation = 0;

function routeName() {
  return (location.hash.replace(/^#\/?/, '').split('?')[0] || '').toLowerCase();
}

function go(name) {
  if (routeName() === name) render();
  else location.hash = `#/${name}`;
}

function layout(pages, active) {
  const who = session();
  const nav = h('nav', { 'aria-label': 'Main', class: 'sidebar', id: 'main-nav' },
    h('ul', null, pages.map(([name, label]) => h('li', null,
      h('a', { href: `#/${name}`, 'aria-current': name === active ? 'page' : null, text: label })))));
  const menu = h('button', { type: 'button', class: 'ghost menu-toggle', 'aria-expanded': 'false', 'aria-controls': 'main-nav', text: 'Menu' });
  menu.addEventListener('click', () => {
    const open = menu.getAttribute('aria-expanded') !== 'true';
    menu.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  });
  const signOut = h('button', { type: 'button', class: 'ghost', text: 'Sign out', onclick: () => signOutNow() });
  const until = who.expires_at ? ` · until ${new Date(who.expires_at).toISOString().slice(11, 16)} UTC` : '';
  const identity = (who.kind === 'operator' ? 'Operator' : who.tenant ? `Tenant ${who.tenant}` : 'Access key') + until;
  main = h('main', { id: 'main', class: 'content', tabindex: '-1' });
  const top = h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: `#/${pages[0][0]}` }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'XaiRouter'),
    h('span', { class: 'identity muted', text: identity }),
    h('div', { class: 'topbar-actions' }, themeToggle(), signOut, menu));
  replace(root, h('div', { class: 'shell' }, top, nav, main));
}

// A passphrase sign-in made a one-hour key on the server: revoke it (a key may revoke itself) so that a copy of it
// stops working now, not at its expiry. The key id is the 17 characters after "sk-Xvs" (Gateway/Vault/FORMAT.md).
// The page forgets the key whatever the answer.
async function signOutNow() {
  const who = session();
  if (who?.kind === 'passphrase') {
    try { await request('DELETE', `/x/keys/${encodeURIComponent(who.secret.slice(6, 23))}`, { secret: who.secret }); } catch { /* forgotten anyway */ }
  }
  forget();
}

function signInLayout() {
  main = h('main', { id: 'main', class: 'signin-main' });
  replace(root, h('div', { class: 'signin-shell' }, h('div', { class: 'signin-top' }, themeToggle()), main));
}

async function render() {
  const token = ++navigation;
  const who = session();
  let name = routeName();
  if (!who) {
    if (name !== 'signin') return go('signin');
    signInLayout();
  } else {
    const pages = isOperator() ? operatorPages : tenantPages;
    if (!pages.some(([page]) => page === name)) return go(pages[0][0]);
    layout(pages, name);
    document.title = `${pages.find(([page]) => page === name)[1]} - XaiRouter console`;
  }
  if (name === 'signin') document.title = 'Sign in - XaiRouter console';
  const view = main;
  await loading(view, async () => {
    try {
      const page = await import(`./pages/${name}.js`);
      if (token === navigation) await page.render(view, { go });
    } catch (error) {
      if (token === navigation) view.append(h('div', { role: 'alert', class: 'alert', text: error.message }));
    }
  });
}

onForget(() => go('signin'));
window.addEventListener('hashchange', () => {
  render().then(() => main.querySelector('h1')?.focus({ preventScroll: true }));
});
render();
