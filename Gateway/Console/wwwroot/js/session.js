// The signed-in credential lives in this module's variable and in sessionStorage (so a reload keeps it, a closed
// tab forgets it); never in a cookie, localStorage or a URL. Requests send it as a bearer header.

const STORAGE_KEY = 'xai.console.session';
let current = null;
const listeners = new Set();

function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    if (saved && typeof saved.secret === 'string' && ['passphrase', 'key', 'operator'].includes(saved.kind)) return saved;
  } catch { /* unreadable: signed out */ }
  return null;
}

function expired(session) {
  return Boolean(session && session.expires_at && Date.parse(session.expires_at) <= Date.now());
}

/** The session in force, or null (an expired one is forgotten here). */
export function session() {
  if (current === null) {
    current = load();
    if (current) scheduleExpiry();
  }
  if (expired(current)) forget();
  return current;
}

export function isOperator() {
  return session()?.kind === 'operator';
}

/** kind: passphrase | key | operator; expires_at: ISO time or null; tenant: the tenant name when known. */
export function remember(kind, secret, expiresAt, tenant) {
  current = { kind, secret, expires_at: expiresAt || null, tenant: tenant || null };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  scheduleExpiry();
}

/** Sign-out, expiry and any 401 end here: the secret is dropped everywhere the console kept it. */
export function forget() {
  const had = current !== null || sessionStorage.getItem(STORAGE_KEY) !== null;
  current = null;
  sessionStorage.removeItem(STORAGE_KEY);
  if (had) listeners.forEach((listener) => listener());
}

export function onForget(listener) {
  listeners.add(listener);
}

let timer = 0;
function scheduleExpiry() {
  clearTimeout(timer);
  const at = current?.expires_at ? Date.parse(current.expires_at) : NaN;
  if (!Number.isNaN(at)) timer = setTimeout(() => session(), Math.max(0, Math.min(at - Date.now() + 50, 2 ** 31 - 1)));
}

scheduleExpiry();
