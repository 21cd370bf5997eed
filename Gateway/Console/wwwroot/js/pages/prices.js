// Prices: the effective price table (built-in prices under the tenant's own), and setting a model's price.
// Routes: GET/PUT /x/prices. USD per 1M tokens.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { pageHeader, card, field, input, button, table, alertRegion, inlineForm } from '../ui.js';
import { act } from '../pages.js';

const FIELDS = [['input', 'Input'], ['cached_input', 'Cached input'], ['output', 'Output'], ['cache_write', 'Cache write']];

function price(value) {
  return value === null || value === undefined ? '' : `$${Number(value)}`;
}

export async function render(main) {
  const alerts = alertRegion();
  const tableHost = h('div');
  const search = input({ type: 'search', placeholder: 'filter models', autocomplete: 'off' });
  const model = input({ required: true, autocomplete: 'off', placeholder: 'e.g. gpt-4o-mini' });
  const inputs = Object.fromEntries(FIELDS.map(([name]) => [name, input({ type: 'number', min: '0', step: 'any', inputmode: 'decimal' })]));
  let prices = {};

  function edit(name) {
    model.value = name;
    FIELDS.forEach(([f]) => { inputs[f].value = prices[name]?.[f] ?? ''; });
    model.focus();
  }

  function draw() {
    const filter = search.value.trim().toLowerCase();
    const rows = Object.keys(prices).filter((m) => m.toLowerCase().includes(filter)).sort();
    replace(tableHost, table({ testid: 'prices-table', caption: 'Prices in USD per 1M tokens', rows,
      emptyMessage: filter ? 'No model matches the filter.' : 'No prices. Set one above.',
      columns: [{ label: 'Model', cell: (m) => m }, ...FIELDS.map(([f, label]) => ({ label: `${label} (USD/1M)`, num: true, cell: (m) => price(prices[m][f]) })),
        { label: 'Actions', cell: (m) => button('Edit', () => edit(m), { 'aria-label': `Edit ${m}`, class: 'small' }) }] }));
  }

  async function reload() {
    try {
      prices = (await api.get('/x/prices')).models || {};
      draw();
    } catch (error) {
      alerts.show(error);
    }
  }

  const form = inlineForm([field('Model', model), FIELDS.map(([f, label]) => field(`${label} (USD per 1M tokens)`, inputs[f]))], 'Save', () => {
    const entry = {};
    FIELDS.forEach(([f]) => { if (inputs[f].value !== '') entry[f] = Number(inputs[f].value); });
    return act(main, alerts, async () => {
      await api.put('/x/prices', { models: { [model.value.trim()]: entry } });
      alerts.note(`Price of "${model.value.trim()}" saved.`);
    }, reload);
  });
  search.addEventListener('input', draw);
  main.append(pageHeader('Prices'), alerts.el,
    card('Set a price', h('p', { class: 'muted', text: 'Your prices override the built-in table; a name also prices its dated and alias forms.' }), form),
    card('Price table', field('Filter models', search), tableHost));
  await reload();
}
