// Usage: cost or tokens per day stacked by model or key, requests and errors per hour over the last 48 hours, the
// table of what the chart shows and its CSV. Routes: /x/usage?group_by=day,model|day,key (falls back to day on a
// router without two-dimension grouping), /x/usage?group_by=hour, /x/usage.csv with the same parameters.
import { h, replace } from '../dom.js';
import { api, download, ApiError } from '../api.js';
import { usd, usdShort, count, countShort, daysAgo, today, totalTokens, isoDay } from '../format.js';
import { pageHeader, card, field, input, select, button, table, empty, alertRegion, inlineForm } from '../ui.js';
import { stackedBars } from '../charts.js';
import { loading } from '../pages.js';

const units = {
  cost: { axis: 'USD', format: usd, short: usdShort },
  tokens: { axis: 'Tokens', format: (v) => `${count(v)} tokens`, short: countShort },
  requests: { axis: 'Requests', format: (v) => `${count(v)} requests`, short: countShort },
};

const MAX_SERIES = 8;

function days(from, to) {
  const out = [];
  for (let d = new Date(`${from}T00:00:00Z`); isoDay(d) <= to && out.length < 400; d = new Date(d.getTime() + 86400000)) {
    const key = isoDay(d);
    out.push({ key, label: key, short: key.slice(5) });
  }
  return out;
}

function seriesName(row, stack) {
  if (stack === 'key') return row.key_name || row.key || '(unknown key)';
  return row.model ?? '(all)';
}

function dayOf(row) {
  return row.day || String(row.group || '').split('|')[0];
}

/** Series of the chart: the biggest MAX_SERIES - 1 names, the rest summed as "Other". */
function buildSeries(rows, stack, metric) {
  const valueOf = (r) => (metric === 'cost' ? Number(r.cost_usd) : totalTokens(r));
  const rawOf = (r) => (metric === 'cost' ? String(r.cost_usd) : String(totalTokens(r)));
  const sums = new Map();
  rows.forEach((r) => sums.set(seriesName(r, stack), (sums.get(seriesName(r, stack)) || 0) + valueOf(r)));
  const names = [...sums.keys()].sort((a, b) => sums.get(b) - sums.get(a));
  const kept = names.length > MAX_SERIES ? names.slice(0, MAX_SERIES - 1) : names;
  const series = kept.map((name) => ({ name, cells: new Map() }));
  const other = { name: 'Other', cells: new Map() };
  for (const r of rows) {
    const serie = series.find((x) => x.name === seriesName(r, stack)) || other;
    const cell = serie.cells.get(dayOf(r));
    serie.cells.set(dayOf(r), cell ? { value: cell.value + valueOf(r), raw: String(cell.value + valueOf(r)) } : { value: valueOf(r), raw: rawOf(r) });
  }
  return other.cells.size ? [...series, other] : series;
}

async function fetchDaily(from, to, stack) {
  const params = { from, to, group_by: `day,${stack}` };
  try {
    return { params, report: await api.get('/x/usage', params) };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    const fallback = { from, to, group_by: 'day' };
    return { params: fallback, report: await api.get('/x/usage', fallback), note: 'This router cannot group by two dimensions yet: showing totals per day.' };
  }
}

function hourly(host, report) {
  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  const categories = [];
  for (let i = 47; i >= 0; i -= 1) {
    const at = new Date(now.getTime() - i * 3600000).toISOString().replace('.000Z', 'Z');
    categories.push({ key: at, label: `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`, short: at.slice(11, 16) });
  }
  const ok = { name: 'Without error', cells: new Map() };
  const errors = { name: 'Errors', cells: new Map() };
  for (const r of report.rows) {
    const key = String(r.hour || r.group).replace('.000Z', 'Z');
    const bad = Number(r.errors || 0);
    ok.cells.set(key, { value: Math.max(0, Number(r.requests) - bad), raw: String(Math.max(0, Number(r.requests) - bad)) });
    errors.cells.set(key, { value: bad, raw: String(bad) });
  }
  stackedBars(host, { label: `Requests and errors per hour, last 48 hours: ${count(report.totals.requests)} requests, ${count(report.totals.errors || 0)} errors`,
    unit: units.requests, categories, series: [ok, errors] });
}

async function loadHourly(host) {
  try {
    const report = await api.get('/x/usage', { group_by: 'hour' });
    if (!report.rows.length) replace(host, empty('No requests in the last 48 hours. Send traffic through /v1 and it shows here within seconds.'));
    else hourly(host, report);
  } catch (error) {
    replace(host, empty(error.status === 400 || error.status === 404
      ? 'Hourly data is not available from this router version.' : `Hourly data could not be read: ${error.message}`));
  }
}

function usageTable(report, stack) {
  const t = report.totals;
  const dims = report.rows.some((r) => r.model !== undefined || r.key !== undefined);
  const rows = [...report.rows].sort((a, b) => (dayOf(a) < dayOf(b) ? 1 : dayOf(a) > dayOf(b) ? -1 : Number(b.cost_usd) - Number(a.cost_usd)));
  const columns = [{ label: 'Day', nowrap: true, cell: dayOf }];
  if (dims) columns.push({ label: stack === 'key' ? 'Key' : 'Model', cell: (r) => seriesName(r, stack) });
  columns.push({ label: 'Requests', num: true, cell: (r) => count(r.requests) },
    { label: 'Errors', num: true, cell: (r) => (r.errors === undefined ? '' : count(r.errors)) },
    { label: 'Input tokens', num: true, cell: (r) => count(r.input_tokens) },
    { label: 'Output tokens', num: true, cell: (r) => count(r.output_tokens) },
    { label: 'Cost (USD)', num: true, cell: (r) => h('span', { 'data-value': String(r.cost_usd), text: usd(r.cost_usd) }) });
  const footer = [h('th', { scope: 'row', text: 'Total' }), dims ? h('td') : null,
    h('td', { class: 'num', text: count(t.requests) }), h('td', { class: 'num', text: t.errors === undefined ? '' : count(t.errors) }),
    h('td', { class: 'num', text: count(t.input_tokens) }), h('td', { class: 'num', text: count(t.output_tokens) }),
    h('td', { class: 'num', 'data-testid': 'usage-total-cost', 'data-value': String(t.cost_usd), text: usd(t.cost_usd) })];
  return table({ testid: 'usage-table', caption: 'Usage by day', columns, rows, footer });
}

export async function render(main) {
  const alerts = alertRegion();
  const from = input({ type: 'date', value: daysAgo(13), required: true });
  const to = input({ type: 'date', value: today(), required: true });
  const stack = select([['model', 'Model'], ['key', 'Key']], 'model');
  const metric = select([['cost', 'Cost'], ['tokens', 'Tokens']], 'cost');
  const chartHost = h('div', { 'data-testid': 'usage-chart', class: 'chart-host' });
  const hourlyHost = h('div', { 'data-testid': 'hourly-chart', class: 'chart-host' });
  const tableHost = h('div');
  let shown = null;

  const exportButton = button('Export CSV', async () => {
    if (!shown) return;
    alerts.clear();
    try {
      await download('/x/usage.csv', shown, `usage-${shown.from}-${shown.to}.csv`);
    } catch (error) {
      alerts.show(error);
    }
  });

  async function apply() {
    alerts.clear();
    try {
      const { params, report, note } = await fetchDaily(from.value, to.value, stack.value);
      shown = params;
      if (note) alerts.note(note);
      const unitName = metric.value;
      const what = unitName === 'cost' ? 'Cost in USD' : 'Tokens (input + output)';
      if (!report.rows.length) {
        replace(chartHost, empty('No usage in this range. Pick other dates, or send a request through /v1 with one of your keys.'));
      } else {
        stackedBars(chartHost, { label: `${what} per day, ${params.from} – ${params.to}, stacked by ${stack.value}`,
          unit: units[unitName], categories: days(params.from, params.to), series: buildSeries(report.rows, stack.value, unitName) });
      }
      replace(tableHost, usageTable(report, stack.value));
    } catch (error) {
      shown = null;
      alerts.show(error);
      replace(chartHost, empty('The report could not be read: see the message above.'));
      replace(tableHost);
    }
  }

  const form = inlineForm([field('From', from), field('To', to), field('Stack by', stack), field('Metric', metric)], 'Apply', () => loading(main, apply), exportButton);

  main.append(pageHeader('Usage'), alerts.el, card('Filters', form), card('Cost and tokens per day', chartHost),
    card('Requests and errors per hour', hourlyHost), card('Usage by day', tableHost));
  await Promise.all([apply(), loadHourly(hourlyHost)]);
}
