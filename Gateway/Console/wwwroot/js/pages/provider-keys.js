// Provider keys: add, edit, delete, with each key's health. Routes: GET/POST /x/provider-keys,
// PATCH/DELETE /x/provider-keys/{id}, GET /x/pools (pool choices).
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { count, percent } from '../format.js';
import { pageHeader, card, button, table, alertRegion, badge, confirmDialog, editForm } from '../ui.js';
import { providerForm } from './provider-form.js';
import { act } from '../pages.js';

const HEALTH_KIND = { healthy: 'good', half_open: 'warn', cooldown: 'warn', open: 'bad', misconfigured: 'bad' };

export async function render(main) {
  const alerts = alertRegion();
  const formSlot = h('div');
  const tableHost = h('div');
  const pools = await api.get('/x/pools').then((r) => r.data).catch(() => []);
  const addButton = button('Add provider key', () => openForm(null), { class: 'primary', 'aria-expanded': 'false' });

  function closeForm() {
    replace(formSlot);
    addButton.setAttribute('aria-expanded', 'false');
  }

  function openForm(key) {
    const form = providerForm(key, pools);
    const el = editForm(form.controls, key ? 'Save' : 'Add', closeForm, () => {
      const body = form.body();
      return act(main, alerts, async () => {
        if (key) await api.patch(`/x/provider-keys/${encodeURIComponent(key.id)}`, body);
        else await api.post('/x/provider-keys', body);
        closeForm();
        alerts.note(key ? `Provider key "${body.name || key.name}" saved.` : `Provider key "${body.name}" added.`);
      }, reload);
    });
    addButton.setAttribute('aria-expanded', String(!key));
    replace(formSlot, card(key ? `Edit ${key.name}` : 'Add provider key', el));
    form.focus();
  }

  async function remove(key) {
    if (!await confirmDialog(`Delete ${key.name}?`, 'Requests stop using this provider key at once; its ciphertext is deleted.', 'Delete')) return;
    await act(main, alerts, () => api.del(`/x/provider-keys/${encodeURIComponent(key.id)}`), reload);
  }

  async function reload() {
    try {
      const keys = (await api.get('/x/provider-keys')).data;
      replace(tableHost, table({ testid: 'provider-keys-table', caption: 'Provider keys', rows: keys,
        emptyMessage: 'No provider keys yet. Add one with "Add provider key": its API key is sealed for your pool and never shown again.',
        columns: [
          { label: 'Name', cell: (k) => h('strong', { text: k.name }) },
          { label: 'Provider', cell: (k) => k.provider },
          { label: 'Pool', cell: (k) => k.pool },
          { label: 'Models', cell: (k) => (k.models || []).join(', ') },
          { label: 'Fingerprint', cell: (k) => h('code', { text: k.fingerprint }) },
          { label: 'Health', cell: (k) => badge(k.health?.state || 'unknown', HEALTH_KIND[k.health?.state] || null, { 'data-testid': 'health-badge' }) },
          { label: 'Latency (ms)', num: true, cell: (k) => (k.health?.latency_ms ? count(Math.round(k.health.latency_ms)) : '') },
          { label: 'Error rate', num: true, cell: (k) => percent(k.health?.error_rate || 0) },
          { label: 'Actions', cell: (k) => h('div', { class: 'row-actions' },
            button('Edit', () => openForm(k), { 'aria-label': `Edit ${k.name}`, class: 'small' }),
            button('Delete', () => remove(k), { 'aria-label': `Delete ${k.name}`, class: 'small danger' })) },
        ] }));
    } catch (error) {
      alerts.show(error);
    }
  }

  main.append(pageHeader('Provider keys', addButton), alerts.el, formSlot, card('Provider keys', tableHost));
  await reload();
}
