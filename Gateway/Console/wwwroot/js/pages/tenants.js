// Operator: tenants. Create one (its claim token is shown once, to hand over), disable, enable, new claim token.
// Routes: GET/POST /admin/tenants, POST /admin/tenants/{id}/disable|enable|claim-token. No tenant secret is shown.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { dateTime } from '../format.js';
import { pageHeader, card, field, input, button, table, alertRegion, badge, secretOnce, inlineForm } from '../ui.js';
import { act } from '../pages.js';

export async function render(main) {
  const alerts = alertRegion();
  const tokenSlot = h('div');
  const tableHost = h('div');
  const name = input({ required: true, maxlength: '64', autocomplete: 'off' });

  function showClaim(tenant) {
    replace(tokenSlot, secretOnce('claim-token', `Claim token for "${tenant.name}"`, tenant.claim_token,
      `Hand this token and the tenant id ${tenant.id} to the tenant over a channel you trust. They claim their root key with POST /x/claim once, before ${dateTime(tenant.claim_expires_at)}; you never see that key. You will not see this token again.`));
  }

  const run = (work) => act(main, alerts, work, reload);

  const path = (t, action) => `/admin/tenants/${encodeURIComponent(t.id)}/${action}`;

  async function reload() {
    try {
      const tenants = (await api.get('/admin/tenants')).data;
      replace(tableHost, table({ testid: 'tenants-table', caption: 'Tenants', rows: tenants,
        emptyMessage: 'No tenants yet. Create one above and hand its claim token over.',
        columns: [
          { label: 'Name', cell: (t) => h('strong', { text: t.name }) },
          { label: 'Id', cell: (t) => h('code', { text: t.id }) },
          { label: 'Status', cell: (t) => badge(t.status, t.status === 'active' ? 'good' : 'bad') },
          { label: 'Claimed', cell: (t) => (t.claimed ? 'yes' : 'not yet') },
          { label: 'Created', cell: (t) => dateTime(t.created_at) },
          { label: 'Actions', cell: (t) => h('div', { class: 'row-actions' },
            t.status === 'active'
              ? button('Disable', () => run(() => api.post(path(t, 'disable'))), { 'aria-label': `Disable ${t.name}`, class: 'small danger' })
              : button('Enable', () => run(() => api.post(path(t, 'enable'))), { 'aria-label': `Enable ${t.name}`, class: 'small' }),
            t.claimed ? null : button('New claim token', () => run(async () => showClaim(await api.post(path(t, 'claim-token')))),
              { 'aria-label': `New claim token for ${t.name}`, class: 'small' })) },
        ] }));
    } catch (error) {
      alerts.show(error);
    }
  }

  const form = inlineForm(field('Tenant name', name), 'Create tenant', () => run(async () => {
    showClaim(await api.post('/admin/tenants', { name: name.value.trim() }));
    name.value = '';
  }));
  main.append(pageHeader('Tenants'), alerts.el, card('Create a tenant', form), tokenSlot, card('Tenants', tableHost));
  await reload();
}
