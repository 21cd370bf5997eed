// Settings: model aliases, routing strategy (default and per model), fallbacks, unpriced models.
// Routes: GET/PUT /x/settings.
import { h } from '../dom.js';
import { api } from '../api.js';
import { list } from '../format.js';
import { pageHeader, card, field, select, alertRegion } from '../ui.js';
import { act } from '../pages.js';

const STRATEGIES = ['priority-weighted', 'least-latency', 'least-busy', 'lowest-cost'];

function lines(map, show = (v) => v) {
  return Object.entries(map || {}).map(([k, v]) => `${k} = ${show(v)}`).join('\n');
}

function parse(text, read = (v) => v) {
  const out = {};
  for (const line of String(text).split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = read(line.slice(at + 1).trim());
  }
  return out;
}

/** updated, with null for each name of original it lost (the API merges: null removes a name). */
function withRemovals(original, updated) {
  for (const name of Object.keys(original || {})) if (!(name in updated)) updated[name] = null;
  return updated;
}

function area(value, rows) {
  return h('textarea', { rows: String(rows), spellcheck: 'false', value, class: 'mono' });
}

export async function render(main) {
  const alerts = alertRegion();
  let settings;
  try {
    settings = await api.get('/x/settings');
  } catch (error) {
    alerts.show(error);
    main.append(pageHeader('Settings'), alerts.el);
    return;
  }
  const aliases = area(lines(settings.model_aliases), 4);
  const strategy = select(STRATEGIES, settings.routing?.strategy || 'priority-weighted');
  const perModel = area(lines(settings.routing?.per_model), 3);
  const fallbacks = area(lines(settings.fallbacks, (v) => v.join(', ')), 3);
  const unpriced = h('input', { type: 'checkbox', checked: Boolean(settings.allow_unpriced_models) });
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Save' });

  const form = h('form', { class: 'stack' },
    field('Model aliases', aliases, 'One per line: alias = model (an alias ending in * is a prefix), e.g. fast = gpt-4o-mini.'),
    field('Routing strategy', strategy, 'How a provider key is chosen among those serving a model.'),
    field('Per-model strategies', perModel, `One per line: model = strategy (${STRATEGIES.join(', ')}).`),
    field('Fallbacks', fallbacks, 'One per line: model = next model, another model.'),
    field('Allow unpriced models', unpriced, 'Whether keys with a budget may use models without a price.'),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(main, alerts, async () => {
      await api.put('/x/settings', {
        model_aliases: withRemovals(settings.model_aliases, parse(aliases.value)),
        routing: { strategy: strategy.value, per_model: withRemovals(settings.routing?.per_model, parse(perModel.value)) },
        fallbacks: withRemovals(settings.fallbacks, parse(fallbacks.value, list)),
        allow_unpriced_models: unpriced.checked,
      });
      settings = await api.get('/x/settings');
      alerts.note('Settings saved.');
    });
  });
  main.append(pageHeader('Settings'), alerts.el, card('Routing and models', form));
}
