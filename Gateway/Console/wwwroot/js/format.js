// Numbers as people read them: USD with enough digits for fractions of a cent, tokens grouped, times in UTC.

const grouped = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function usd(value) {
  const n = Number(value || 0);
  const abs = Math.abs(n);
  const digits = abs === 0 || abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return (n < 0 ? '-$' : '$') + abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
}

export function usdShort(value) {
  const n = Number(value || 0);
  if (n === 0) return '$0';
  if (Math.abs(n) >= 1000) return '$' + compact.format(n);
  if (Math.abs(n) >= 1) return '$' + n.toFixed(2).replace(/\.00$/, '');
  return '$' + Number(n.toPrecision(2));
}

export function count(value) {
  return grouped.format(Number(value || 0));
}

export function countShort(value) {
  return compact.format(Number(value || 0));
}

export function percent(ratio) {
  return `${(Number(ratio || 0) * 100).toFixed(ratio > 0 && ratio < 0.001 ? 2 : 1)}%`;
}

export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
}

/** "2026-12-01" for a Date, in UTC (the ledger's days are UTC days). */
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export function today() {
  return isoDay(new Date());
}

export function daysAgo(n) {
  return isoDay(new Date(Date.now() - n * 86400000));
}

export function monthStart() {
  return today().slice(0, 8) + '01';
}

/** Input + output tokens: what the charts and tables call "tokens" (cached and reasoning tokens are part of these). */
export function totalTokens(row) {
  return Number(row.input_tokens || 0) + Number(row.output_tokens || 0);
}

/** "a, b ,c" -> ["a","b","c"] */
export function list(text) {
  return String(text || '').split(/[,\n]/).map((x) => x.trim()).filter(Boolean);
}
