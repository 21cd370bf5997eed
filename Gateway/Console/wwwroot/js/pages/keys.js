// Keys: the sub-account tree, create / edit (every policy field), rotate, revoke (the whole subtree, after a
// confirmation naming how many keys). Routes: GET/POST /x/keys, PATCH/DELETE /x/keys/{id}, POST /x/keys/{id}/rotate.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { usd, dateTime } from '../format.js';
import { pageHeader, card, button, empty, alertRegion, badge, secretOnce, confirmDialog, editForm } from '../ui.js';
import { keyForm } from './key-form.js';
import { act } from '../pages.js';

function childrenOf(keys) {
  const ids = new Set(keys.map((k) => k.id));
  const children = new Map();
  for (const k of keys) {
    const parent = k.parent_id && ids.has(k.parent_id) ? k.parent_id : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(k);
  }
  return children;
}

function subtreeSize(key, children) {
  return (children.get(key.id) || []).reduce((n, child) => n + (child.status === 'revoked' ? 0 : subtreeSize(child, children)), 1);
}

function summary(k) {
  const parts = [];
  if (k.pools?.length) parts.push(`pools ${k.pools.join(', ')}`);
  if (k.models?.length) parts.push(`models ${k.models.join(', ')}`);
  if (k.limits?.rpm) parts.push(`${k.limits.rpm} rpm`);
  if (k.limits?.tpm) parts.push(`${k.limits.tpm} tpm`);
  if (k.budget?.monthly_usd) parts.push(`${usd(k.budget.monthly_usd)} a month`);
  if (k.budget?.credit_usd) parts.push(`${usd(k.budget.credit_usd)} credit`);
  if (k.price_multiplier !== undefined && Number(k.price_multiplier) !== 1) parts.push(`price x${k.price_multiplier}`);
  if (k.expires_at) parts.push(`expires ${dateTime(k.expires_at)}`);
  return parts.join(' · ');
}

export async function render(main) {
  const alerts = alertRegion();
  const secretSlot = h('div');
  const formSlot = h('div');
  const treeHost = h('div');
  let keys = [];

  const createButton = button('Create key', () => openForm(null), { class: 'primary', 'aria-expanded': 'false' });

  function closeForm() {
    replace(formSlot);
    createButton.setAttribute('aria-expanded', 'false');
  }

  function openForm(key) {
    const form = keyForm(key);
    const el = editForm(form.controls, key ? 'Save' : 'Create', closeForm, () => act(main, alerts, async () => {
      const answer = key ? await api.patch(`/x/keys/${encodeURIComponent(key.id)}`, form.body()) : await api.post('/x/keys', form.body());
      closeForm();
      showSecret(answer);
    }, reload));
    createButton.setAttribute('aria-expanded', String(!key));
    replace(formSlot, card(key ? `Edit ${key.name}` : 'Create key', el));
    form.focus();
  }

  function showSecret(answer) {
    replace(secretSlot, answer?.key ? secretOnce('new-key', `Key "${answer.name || answer.id}"`, answer.key,
      'You will not see it again: copy it now. The router keeps only a verifier, never the key.') : null);
  }

  async function revoke(key, children) {
    const n = subtreeSize(key, children);
    const ok = await confirmDialog(`Revoke ${n} key${n === 1 ? '' : 's'}?`,
      n === 1 ? `"${key.name}" stops working at once. This cannot be undone.` : `"${key.name}" and the ${n - 1} key${n === 2 ? '' : 's'} under it stop working at once. This cannot be undone.`,
      'Revoke');
    if (!ok) return;
    await act(main, alerts, () => api.del(`/x/keys/${encodeURIComponent(key.id)}`), reload);
  }

  async function rotate(key) {
    await act(main, alerts, async () => showSecret({ ...(await api.post(`/x/keys/${encodeURIComponent(key.id)}/rotate`)), name: key.name }), reload);
  }

  function node(key, children) {
    const active = key.status !== 'revoked';
    const actions = active ? [
      button('Edit', () => openForm(key), { 'aria-label': `Edit ${key.name}`, class: 'small' }),
      key.kind === 'session' ? null : button('Rotate', () => rotate(key), { 'aria-label': `Rotate ${key.name}`, class: 'small' }),
      key.kind === 'root' ? null : button('Revoke', () => revoke(key, children), { 'aria-label': `Revoke ${key.name}`, class: 'small danger' }),
    ] : [];
    const kids = children.get(key.id) || [];
    return h('li', { 'data-key-id': key.id, class: active ? null : 'revoked' },
      h('div', { class: 'key-row' },
        h('div', { class: 'key-main' }, h('strong', { text: key.name }), ' ', badge(key.kind || 'sub', key.kind === 'root' ? 'info' : null),
          key.manage ? badge('manage', 'info') : null, key.tenant_admin ? badge('tenant admin', 'info') : null,
          active ? null : badge('revoked', 'bad'),
          h('div', { class: 'muted small', text: summary(key) || 'inherits its parent\'s policy' })),
        h('div', { class: 'key-actions' }, actions)),
      kids.length ? h('ul', null, kids.map((child) => node(child, children))) : null);
  }

  async function reload() {
    try {
      keys = (await api.get('/x/keys')).data;
      const children = childrenOf(keys);
      const roots = children.get(null) || [];
      replace(treeHost, roots.length
        ? h('ul', { class: 'tree', 'data-testid': 'key-tree' }, roots.map((k) => node(k, children)))
        : h('div', { 'data-testid': 'key-tree' }, empty('No keys yet. Create a key for each application or team, with its own limits and budget.')));
    } catch (error) {
      alerts.show(error);
    }
  }

  main.append(pageHeader('Keys', createButton), alerts.el, secretSlot, formSlot, card('Key tree', treeHost));
  await reload();
}
