// Our own SVG charts (no third-party code): stacked bars with a y axis in the chart's unit, x labels, grid lines,
// a <title> tooltip per segment and a legend. The chart is role=img with a label that says what it shows.
import { h, s, replace } from './dom.js';

const HEIGHT = 260;
const PAD = { top: 14, right: 12, bottom: 34, left: 64 };
const PALETTE = 8;

/** Axis values: 0 up to the first round step multiple at or above max, 3 to 5 steps of 1, 2 or 5 x 10^n. */
function ticks(max) {
  if (!(max > 0)) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].find((f) => f * magnitude >= rough) * magnitude;
  const out = [];
  for (let i = 0; out.length === 0 || out[out.length - 1] < max - 1e-12; i += 1) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/**
 * spec: { label, unit: {axis, format, short}, categories: [{key, label}], series: [{name, cells: Map(key -> {value, raw})}] }
 * Renders into host now and again when host's width changes.
 */
export function stackedBars(host, spec) {
  const draw = () => replace(host, chart(spec, Math.max(300, host.clientWidth || 640)), legend(spec.series));
  draw();
  let width = host.clientWidth;
  const observer = new ResizeObserver(() => {
    if (!host.isConnected) return observer.disconnect();
    if (Math.abs(host.clientWidth - width) > 24) {
      width = host.clientWidth;
      draw();
    }
  });
  observer.observe(host);
}

function chart(spec, width) {
  const { categories, series, unit } = spec;
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const totals = categories.map((c) => series.reduce((sum, serie) => sum + Number(serie.cells.get(c.key)?.value || 0), 0));
  const axis = ticks(Math.max(...totals, 0));
  const top = axis[axis.length - 1];
  const y = (v) => PAD.top + plotH - (v / top) * plotH;
  const band = plotW / Math.max(categories.length, 1);
  const barW = Math.max(2, Math.min(48, band * 0.7));
  const every = Math.ceil(categories.length / Math.max(1, Math.floor(plotW / 70)));

  const grid = axis.map((v) => s('g', { class: 'tick' },
    s('line', { x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis-line' : 'grid-line' }),
    s('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis-text' }, unit.short(v))));
  const bars = categories.map((c, i) => {
    const x = PAD.left + band * i + (band - barW) / 2;
    let base = 0;
    const segments = series.map((serie, si) => {
      const cell = serie.cells.get(c.key);
      const value = Number(cell?.value || 0);
      if (!cell || value <= 0) return null;
      const rect = s('rect', { x, width: barW, y: y(base + value), height: Math.max(1, y(base) - y(base + value)),
        class: `seg s${si % PALETTE}`, 'data-value': cell.raw, 'data-series': serie.name, 'data-category': c.key },
      s('title', null, `${c.label} - ${serie.name}: ${unit.format(value)}`));
      base += value;
      return rect;
    });
    const last = i === categories.length - 1;
    const label = (i % every === 0 && categories.length - 1 - i >= every / 2) || last ? s('text', { x: last ? x + barW : x + barW / 2, y: HEIGHT - PAD.bottom + 16, 'text-anchor': last ? 'end' : 'middle', class: 'axis-text' }, c.short || c.label) : null;
    return s('g', null, segments, label);
  });
  const yTitle = s('text', { x: 12, y: PAD.top + plotH / 2, transform: `rotate(-90 12 ${PAD.top + plotH / 2})`, 'text-anchor': 'middle', class: 'axis-title' }, unit.axis);
  return s('svg', { role: 'img', 'aria-label': spec.label, viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, class: 'chart' },
    s('title', null, spec.label), grid, bars, yTitle);
}

function legend(series) {
  if (series.length < 2) return null;
  return h('ul', { class: 'legend', 'aria-label': 'Legend' }, series.map((serie, i) =>
    h('li', null, h('span', { class: `swatch s${i % PALETTE}`, 'aria-hidden': 'true' }), serie.name)));
}
