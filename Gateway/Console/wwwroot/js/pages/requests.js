// Requests: the request log of the last 7 days (newest first) with filters. Routes: /x/requests (status, model, key,
// provider_key, limit), /x/keys and /x/provider-keys for the filter choices and names.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { usd, count, dateTime, totalTokens } from '../format.js';
import { pageHeader, card, field, input, select, table, alertRegion, badge, inlineForm } from '../ui.js';
import { loading } from '../pages.js';

function statusBadge(r) {
  const kind = r.status >= 500 ? 'bad' : r.status >= 400 ? 'warn' : 'good';
  return badge(String(r.status), kind, { title: r.error || null });
}

function flags(r) {
  return ['estimated', 'usage_invalid', 'unpriced', 'budget_warning'].filter((f) => r[f]).map((f) => f.replace('_', ' ')).join(', ');
}

export async function render(main) {
  const alerts = alertRegion();
  const [keys, providerKeys] = await Promise.all([
    api.get('/x/keys').then((r) => r.data).catch((e) => (alerts.show(e), [])),
    api.get('/x/provider-keys').then((r) => r.data).catch(() => []),
  ]);
  const keyNames = new Map(keys.map((k) => [k.id, k.name]));
  const providerNames = new Map(providerKeys.map((k) => [k.id, k.name]));

  const status = input({ inputmode: 'numeric', placeholder: 'any, e.g. 429', pattern: '[1-5][0-9][0-9]', size: 8 });
  const model = input({ placeholder: 'any model' });
  const key = select([['', 'Any key'], ...keys.map((k) => [k.id, k.name])], '');
  const provider = select([['', 'Any provider key'], ...providerKeys.map((k) => [k.id, k.name])], '');
  const tableHost = h('div');

  async function apply() {
    alerts.clear();
    try {
      const params = { limit: 100, status: status.value.trim(), model: model.value.trim(), key: key.value, provider_key: provider.value };
      const rows = (await api.get('/x/requests', params)).data;
      replace(tableHost, table({ testid: 'requests-table', caption: 'Recent requests', rows,
        emptyMessage: 'No requests match. Clear the filters, or send a request through /v1 with one of your keys.',
        columns: [
          { label: 'Time (UTC)', nowrap: true, cell: (r) => dateTime(r.at).replace(' UTC', '') },
          { label: 'Key', cell: (r) => r.key_name || keyNames.get(r.key_id) || r.key_id },
          { label: 'Model', nowrap: true, cell: (r) => r.model },
          { label: 'Provider key', cell: (r) => r.provider_key_name || providerNames.get(r.provider_key_id) || r.provider_key_id || '' },
          { label: 'Status', cell: (r) => h('span', null, statusBadge(r), r.error ? h('span', { class: 'muted small', text: ` ${r.error}` }) : null) },
          { label: 'TTFB (ms)', num: true, cell: (r) => { const v = r.ttfb_ms ?? r.time_to_first_byte_ms; return v === null || v === undefined ? '' : count(v); } },
          { label: 'Latency (ms)', num: true, cell: (r) => count(r.latency_ms ?? 0) },
          { label: 'Tokens', num: true, cell: (r) => count(totalTokens(r)) },
          { label: 'Cost', num: true, cell: (r) => h('span', { 'data-value': String(r.cost_usd), text: usd(r.cost_usd) }) },
          { label: 'Flags', cell: flags },
        ] }));
    } catch (error) {
      alerts.show(error);
      replace(tableHost);
    }
  }

  const form = inlineForm([field('Status', status), field('Model', model), field('Key', key), field('Provider key', provider)], 'Apply', () => loading(main, apply));
  main.append(pageHeader('Requests'), alerts.el, card('Filters', form), card('Recent requests (last 7 days, newest first)', tableHost));
  await apply();
}
