// Operator: spend by tenant for chargeback (totals only, never keys or models). Route: GET /admin/usage.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { usd, count, today, monthStart } from '../format.js';
import { pageHeader, card, field, input, table, alertRegion, inlineForm } from '../ui.js';
import { loading } from '../pages.js';

export async function render(main) {
  const alerts = alertRegion();
  const from = input({ type: 'date', value: monthStart() });
  const to = input({ type: 'date', value: today() });
  const tableHost = h('div');

  async function apply() {
    alerts.clear();
    try {
      const report = await api.get('/admin/usage', { from: from.value, to: to.value, group_by: 'tenant' });
      const t = report.totals || {};
      const rows = [...report.rows].sort((a, b) => Number(b.cost_usd) - Number(a.cost_usd));
      replace(tableHost, table({ testid: 'spend-table', caption: 'Spend by tenant', rows,
        emptyMessage: 'No tenant used the router in this range.',
        columns: [
          { label: 'Tenant', cell: (r) => r.tenant_name || r.tenant_id },
          { label: 'Requests', num: true, cell: (r) => count(r.requests) },
          { label: 'Errors', num: true, cell: (r) => count(r.errors) },
          { label: 'Input tokens', num: true, cell: (r) => count(r.input_tokens) },
          { label: 'Output tokens', num: true, cell: (r) => count(r.output_tokens) },
          { label: 'Cost (USD)', num: true, cell: (r) => h('span', { 'data-value': String(r.cost_usd), text: usd(r.cost_usd) }) },
        ],
        footer: [h('th', { scope: 'row', text: 'Total' }), h('td', { class: 'num', text: count(t.requests) }), h('td', { class: 'num', text: count(t.errors) }),
          h('td', { class: 'num', text: count(t.input_tokens) }), h('td', { class: 'num', text: count(t.output_tokens) }),
          h('td', { class: 'num', 'data-value': String(t.cost_usd ?? ''), text: usd(t.cost_usd) })] }));
    } catch (error) {
      alerts.show(error, '/admin/usage');
      replace(tableHost);
    }
  }

  const form = inlineForm([field('From', from), field('To', to)], 'Apply', () => loading(main, apply));
  main.append(pageHeader('Spend'), alerts.el, card('Range', form), card('Spend by tenant', tableHost));
  await apply();
}
