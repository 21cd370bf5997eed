// Overview: spend today / this month / credit left, requests and error rate, budget bars, top models and keys,
// provider keys in trouble. Routes: /x/usage (totals, group_by=model, group_by=key), /x/keys, /x/keys/{id},
// /x/provider-keys.
import { h } from '../dom.js';
import { api } from '../api.js';
import { usd, count, percent, today, monthStart } from '../format.js';
import { pageHeader, card, stat, table, empty, alertRegion, badge } from '../ui.js';

const TOP = 5;

function byCost(rows) {
  return [...rows].sort((a, b) => Number(b.cost_usd) - Number(a.cost_usd)).slice(0, TOP);
}

async function withBudgetStatus(keys) {
  const budgeted = keys.filter((k) => k.budget && (k.budget.monthly_usd || k.budget.credit_usd) && k.status !== 'revoked').slice(0, 12);
  return Promise.all(budgeted.map((k) => (k.budget_status ? k : api.get(`/x/keys/${encodeURIComponent(k.id)}`).catch(() => k))));
}

function creditLeft(budgeted) {
  const ids = new Set(budgeted.map((k) => k.id));
  const top = budgeted.filter((k) => k.budget.credit_usd && k.budget_status && !ids.has(k.parent_id));
  if (!top.length) return null;
  return top.reduce((sum, k) => sum + Number(k.budget_status.credit_left_usd || 0), 0);
}

function budgetBar(label, spent, limit) {
  const ratio = limit > 0 ? Math.min(1, spent / limit) : 0;
  const fill = h('span', { class: ['bar-fill', ratio >= 0.9 ? 'bar-hot' : ratio >= 0.7 ? 'bar-warm' : null] });
  fill.style.width = `${(ratio * 100).toFixed(1)}%`;
  return h('div', { class: 'budget' }, h('div', { class: 'budget-label' }, h('span', { text: label }),
    h('span', { class: 'muted', text: `${usd(spent)} of ${usd(limit)} (${percent(ratio)})` })),
  h('div', { class: 'bar', 'aria-hidden': 'true' }, fill));
}

function budgets(keys) {
  const bars = keys.flatMap((k) => {
    const st = k.budget_status || {};
    const out = [];
    if (k.budget.monthly_usd) out.push(budgetBar(`${k.name}: this month`, Number(st.month_spent_usd || 0), Number(k.budget.monthly_usd)));
    if (k.budget.credit_usd) out.push(budgetBar(`${k.name}: credit`, Number(st.credit_spent_usd || 0), Number(k.budget.credit_usd)));
    return out;
  });
  return bars.length ? h('div', { class: 'stack' }, bars) : empty('No key has a budget. Set one when you create or edit a key on the Keys page.');
}

function trouble(providerKeys) {
  const bad = providerKeys.filter((k) => k.health && k.health.state && k.health.state !== 'healthy');
  const body = !providerKeys.length
    ? empty('No provider keys yet. Add one on the Provider keys page so requests can be routed.', h('a', { href: '#/provider-keys', text: 'Add a provider key' }))
    : !bad.length ? empty('Every provider key is healthy.')
      : h('ul', { class: 'plain' }, bad.map((k) => h('li', null, badge(k.health.state, 'bad', { 'data-testid': 'health-badge' }), ' ',
        h('strong', { text: k.name }), h('span', { class: 'muted', text: ` (${k.provider}, error rate ${percent(k.health.error_rate || 0)})` }))));
  return h('div', { 'data-testid': 'trouble-keys' }, body);
}

function errorRate(totals) {
  if (totals.errors === undefined) return [null, 'n/a'];
  const requests = Number(totals.requests || 0);
  const rate = requests ? Number(totals.errors) / requests : 0;
  return [String(rate), percent(rate)];
}

export async function render(main) {
  const alerts = alertRegion();
  const day = today();
  const month = monthStart();
  const calls = await Promise.allSettled([
    api.get('/x/usage', { from: day, to: day }),
    api.get('/x/usage', { from: month, to: day }),
    api.get('/x/usage', { from: month, to: day, group_by: 'model' }),
    api.get('/x/usage', { from: month, to: day, group_by: 'key' }),
    api.get('/x/keys').then((r) => r.data),
    api.get('/x/provider-keys'),
  ]);
  const failed = calls.find((c) => c.status === 'rejected');
  if (failed) alerts.show(failed.reason);
  const [todayUsage, monthUsage, models, keys, keyList, providers] = calls.map((c) => (c.status === 'fulfilled' ? c.value : null));
  const keyNames = new Map((keyList || []).map((k) => [k.id, k.name]));
  const budgeted = keyList ? await withBudgetStatus(keyList) : null;

  const t = todayUsage?.totals || {};
  const [rateRaw, rateText] = errorRate(t);
  const credit = budgeted ? creditLeft(budgeted) : null;
  const stats = h('div', { class: 'stats' },
    stat('spend-today', 'Spend today', t.cost_usd, usd(t.cost_usd), 'UTC day'),
    stat('spend-month', 'Spend this month', monthUsage?.totals?.cost_usd, usd(monthUsage?.totals?.cost_usd), 'since the 1st, UTC'),
    stat('credit-left', 'Credit left', credit, credit === null ? 'No credit set' : usd(credit), credit === null ? 'no key has a credit' : 'on your top keys'),
    stat('requests-today', 'Requests today', t.requests, count(t.requests)),
    stat('error-rate', 'Error rate today', rateRaw, rateText, t.errors === undefined ? null : `${count(t.errors)} errors`));

  const modelTable = table({ testid: 'top-models', caption: 'Top models this month', rows: byCost(models?.rows || []),
    emptyMessage: 'No usage this month yet. Send a request through /v1 with one of your keys.',
    columns: [{ label: 'Model', cell: (r) => r.model ?? r.group }, { label: 'Requests', num: true, cell: (r) => count(r.requests) },
      { label: 'Cost', num: true, cell: (r) => h('span', { 'data-value': String(r.cost_usd), text: usd(r.cost_usd) }) }] });
  const keyTable = table({ testid: 'top-keys', caption: 'Top keys this month', rows: byCost(keys?.rows || []),
    emptyMessage: 'No key has spent anything this month.',
    columns: [{ label: 'Key', cell: (r) => r.key_name || keyNames.get(r.key || r.group) || r.key || r.group }, { label: 'Requests', num: true, cell: (r) => count(r.requests) },
      { label: 'Cost', num: true, cell: (r) => h('span', { 'data-value': String(r.cost_usd), text: usd(r.cost_usd) }) }] });

  main.append(pageHeader('Overview'), alerts.el, stats,
    h('div', { class: 'grid-2' }, card('Top models this month', modelTable), card('Top keys this month', keyTable)),
    h('div', { class: 'grid-2' }, card('Budgets', budgeted ? budgets(budgeted) : empty('Budgets could not be read.')),
      card('Provider keys in trouble', providers ? trouble(providers.data) : empty('Provider keys could not be read.'))));
}
