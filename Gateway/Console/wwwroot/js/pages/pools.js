// Pools: the tenant's pools, creating one, re-keying one. Routes: GET/POST /x/pools, POST /x/pools/{name}/rekey.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { pageHeader, card, field, input, button, table, alertRegion, badge, confirmDialog, inlineForm } from '../ui.js';
import { act } from '../pages.js';

export async function render(main) {
  const alerts = alertRegion();
  const tableHost = h('div');
  const name = input({ required: true, autocomplete: 'off', placeholder: 'e.g. production' });

  const run = (work) => act(main, alerts, work, reload);

  async function rekey(pool) {
    if (!await confirmDialog(`Re-key ${pool.name}?`, 'A new pool key is made and every provider key of the pool is re-encrypted; every key holding the pool keeps it.', 'Re-key')) return;
    await run(async () => {
      const answer = await api.post(`/x/pools/${encodeURIComponent(pool.name)}/rekey`, {});
      alerts.note(`Pool "${answer.name}" is at version ${answer.version}: ${answer.reencrypted_provider_keys} provider keys re-encrypted.`);
    });
  }

  async function reload() {
    try {
      const pools = (await api.get('/x/pools')).data;
      replace(tableHost, table({ testid: 'pools-table', caption: 'Pools', rows: pools,
        emptyMessage: 'No pools you hold. Create one to group provider keys that a set of keys may use.',
        columns: [
          { label: 'Name', cell: (p) => h('strong', { text: p.name }) },
          { label: 'Version', num: true, cell: (p) => String(p.version) },
          { label: 'Your key holds it', cell: (p) => badge(p.has_slot ? 'yes' : 'no', p.has_slot ? 'good' : null) },
          { label: 'Actions', cell: (p) => (p.has_slot ? button('Re-key', () => rekey(p), { 'aria-label': `Re-key ${p.name}`, class: 'small' }) : '') },
        ] }));
    } catch (error) {
      alerts.show(error);
    }
  }

  const form = inlineForm(field('Pool name', name), 'Create pool', () => run(async () => {
    const created = await api.post('/x/pools', { name: name.value.trim() });
    alerts.note(`Pool "${created.name}" created.`);
    name.value = '';
  }));
  main.append(pageHeader('Pools'), alerts.el, card('Create a pool', form), card('Pools', tableHost));
  await reload();
}
