// The key form of the Keys page: every policy field POST /x/keys and PATCH /x/keys/{id} take.
import { h } from '../dom.js';
import { list } from '../format.js';
import { field, input, select } from '../ui.js';

const LIMITS = [['rpm', 'Requests per minute'], ['rph', 'Requests per hour'], ['rpd', 'Requests per day'],
  ['tpm', 'Tokens per minute'], ['tph', 'Tokens per hour'], ['tpd', 'Tokens per day'], ['concurrency', 'Concurrent requests']];

function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function number(attrs) {
  return input({ type: 'number', min: '0', inputmode: 'decimal', ...attrs });
}

/** Builds the form's controls for key (null: a new key); body(): the JSON body for POST (or PATCH when editing). */
export function keyForm(key) {
  const budget = key?.budget || {};
  const monthly = budget.monthly_usd !== undefined && budget.monthly_usd !== null;
  const c = {
    name: input({ value: key?.name || '', required: true, maxlength: '64', autocomplete: 'off' }),
    pools: input({ value: (key?.pools || []).join(', '), placeholder: 'same as yours' }),
    models: input({ value: (key?.models || []).join(', '), placeholder: 'same as yours, e.g. gpt-4o, claude-*' }),
    endpoints: input({ value: (key?.endpoints || []).join(', '), placeholder: 'same as yours' }),
    ips: input({ value: (key?.ips || []).join(', '), placeholder: 'any, e.g. 10.0.0.0/8' }),
    expires: input({ type: 'datetime-local', value: localInput(key?.expires_at) }),
    manage: input({ type: 'checkbox', checked: Boolean(key?.manage) }),
    tenantAdmin: input({ type: 'checkbox', checked: Boolean(key?.tenant_admin) }),
    limits: LIMITS.map(([name, label]) => [name, label, number({ step: '1', value: key?.limits?.[name] ?? '' })]),
    budget: number({ step: '0.01', value: (monthly ? budget.monthly_usd : budget.credit_usd) ?? '' }),
    period: select([['monthly', 'Monthly'], ['credit', 'Credit (until spent)']], monthly || !budget.credit_usd ? 'monthly' : 'credit'),
    mode: select([['hard', 'Refuse requests (hard)'], ['soft', 'Serve with a warning (soft)']], budget.monthly_mode || 'hard'),
    creditExpires: input({ type: 'datetime-local', value: localInput(budget.credit_expires_at) }),
    multiplier: number({ step: '0.01', value: key ? key.price_multiplier ?? '' : '' }),
  };

  const controls = [
    h('div', { class: 'form-grid' },
      field('Name', c.name),
      field('Pools', c.pools, 'Comma-separated pool names; empty: the same as yours.'),
      field('Models', c.models, 'Exact names or prefixes ending in *.'),
      field('Endpoints', c.endpoints, 'chat, completions, embeddings, responses, messages, models.'),
      field('IP ranges', c.ips, 'IPv4/IPv6 CIDR ranges the key may call from.'),
      field('Expires at', c.expires, 'Your local time; empty: never.'),
      field('Price multiplier', c.multiplier, 'Multiplies the price list for this key (1 = list price).')),
    h('div', { class: 'checks' }, field('Can manage', c.manage, 'May use /x routes for its own subtree.'),
      field('Tenant admin', c.tenantAdmin, 'May change prices, settings and pools (only the root grants it).')),
    h('fieldset', null, h('legend', { text: 'Limits (empty: none)' }), h('div', { class: 'form-grid' }, c.limits.map(([, label, el]) => field(label, el)))),
    h('fieldset', null, h('legend', { text: 'Budget' }), h('div', { class: 'form-grid' },
      field('Budget (USD)', c.budget), field('Budget period', c.period), field('Budget mode', c.mode, 'What happens over a monthly budget.'),
      field('Credit valid until', c.creditExpires, 'Credit only; your local time.'))),
  ];

  function body() {
    const out = { name: c.name.value.trim(), manage: c.manage.checked };
    for (const [name, el] of [['pools', c.pools], ['models', c.models], ['endpoints', c.endpoints], ['ips', c.ips]]) {
      if (list(el.value).length) out[name] = list(el.value);
    }
    if (c.expires.value) out.expires_at = new Date(c.expires.value).toISOString();
    const limits = {};
    c.limits.forEach(([name, , el]) => { if (el.value !== '') limits[name] = Number(el.value); });
    if (Object.keys(limits).length) out.limits = limits;
    else if (key?.limits && Object.keys(key.limits).length) out.limits = {};
    if (c.budget.value !== '') {
      out.budget = c.period.value === 'monthly'
        ? { monthly_usd: Number(c.budget.value), monthly_mode: c.mode.value }
        : { credit_usd: Number(c.budget.value), ...(c.creditExpires.value ? { credit_expires_at: new Date(c.creditExpires.value).toISOString() } : {}) };
    } else if (key?.budget && Object.keys(key.budget).length) out.budget = {};
    if (c.multiplier.value !== '') out.price_multiplier = Number(c.multiplier.value);
    if (c.tenantAdmin.checked !== Boolean(key?.tenant_admin)) out.tenant_admin = c.tenantAdmin.checked;
    return out;
  }

  return { controls, body, focus: () => c.name.focus() };
}
