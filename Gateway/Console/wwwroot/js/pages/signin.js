// Sign-in: a tenant passphrase (POST /x/session gives a one-hour console key), an access key, or the operator
// token. The credential is checked with one API call before it is kept, and kept only in this tab.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { remember } from '../session.js';
import { field, input, alertRegion } from '../ui.js';

const tabs = [
  { id: 'passphrase', label: 'Passphrase', hint: 'Your tenant name (or id) and passphrase give a console key for one hour.' },
  { id: 'key', label: 'Access key', hint: 'A key with manage permission. It stays in this tab only and is forgotten at sign-out.' },
  { id: 'operator', label: 'Operator', hint: 'The operator token (DataDirectory/operator-token). Operator pages show no tenant secrets.' },
];

const fields = {
  passphrase: () => [field('Tenant', input({ name: 'tenant', autocomplete: 'username', spellcheck: 'false', required: true }), 'The tenant name, or its id (e.g. 6xZAi2RlNM03r6xVOUyLAP) when two tenants share a name.'),
    field('Passphrase', input({ name: 'passphrase', type: 'password', autocomplete: 'current-password', required: true }))],
  key: () => [field('Access key', input({ name: 'key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true }))],
  operator: () => [field('Operator token', input({ name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true }))],
};

async function signIn(kind, form) {
  const value = (name) => form.elements[name].value.trim();
  if (kind === 'passphrase') {
    const tenant = value('tenant');
    const answer = await api.post('/x/session', { tenant, passphrase: form.elements.passphrase.value }, { secret: '' });
    remember('passphrase', answer.key, answer.expires_at, tenant);
  } else if (kind === 'key') {
    const key = value('key');
    await api.get('/x/keys', null, { secret: key });
    remember('key', key, null, null);
  } else {
    const token = value('token');
    await api.get('/admin/tenants', null, { secret: token });
    remember('operator', token, null, null);
  }
}

export async function render(main, { go }) {
  const alerts = alertRegion();
  const panel = h('div', { role: 'tabpanel', id: 'signin-panel', class: 'tabpanel' });
  const buttons = tabs.map((tab) => h('button', { type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': 'signin-panel', text: tab.label }));
  const list = h('div', { role: 'tablist', 'aria-label': 'Sign in with', class: 'tabs' }, buttons);

  function select(index, focus) {
    const tab = tabs[index];
    buttons.forEach((b, i) => {
      b.setAttribute('aria-selected', String(i === index));
      b.tabIndex = i === index ? 0 : -1;
    });
    if (focus) buttons[index].focus();
    alerts.clear();
    const submit = h('button', { type: 'submit', class: 'primary wide', text: 'Sign in' });
    const form = h('form', { class: 'stack', novalidate: true }, h('p', { class: 'muted', text: tab.hint }), fields[tab.id](), submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      alerts.clear();
      // Not ready while signing in, so a test (or a screen reader) waiting for the next page never sees this one's mark.
      main.removeAttribute('data-ready');
      try {
        await signIn(tab.id, form);
        go(tab.id === 'operator' ? 'tenants' : 'overview');
      } catch (error) {
        alerts.show(error);
        main.setAttribute('data-ready', 'true');
      } finally {
        submit.disabled = false;
      }
    });
    replace(panel, form);
  }

  buttons.forEach((b, i) => b.addEventListener('click', () => select(i, false)));
  list.addEventListener('keydown', (event) => {
    const at = buttons.indexOf(document.activeElement);
    const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -at, End: buttons.length - 1 - at };
    if (at < 0 || !(event.key in moves)) return;
    event.preventDefault();
    select((at + moves[event.key] + buttons.length) % buttons.length, true);
  });
  select(0, false);

  main.append(h('div', { class: 'signin-card card' },
    h('div', { class: 'brand big' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'XaiRouter'),
    h('h1', { text: 'Sign in to XaiRouter' }), list, alerts.el, panel,
    h('p', { class: 'muted small', text: 'Your key is kept only in this browser tab (session storage), sent as a bearer header, and forgotten at sign-out.' })));
}
