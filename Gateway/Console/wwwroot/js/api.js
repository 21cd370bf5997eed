// The console's only way to the server: the public /x and /admin routes with the bearer header. Errors become
// ApiError with the server's own words (ProblemDetails detail or title, or an OpenAI-style error message).
import { session, forget } from './session.js';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function url(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function problemText(response) {
  try {
    const body = await response.json();
    const text = body?.detail || body?.title || body?.error?.message || body?.message;
    if (text) return String(text);
  } catch { /* not JSON */ }
  return `The server answered ${response.status} ${response.statusText}`.trim() + '.';
}

/** Sends a request; secret overrides the session's (sign-in checks a credential before keeping it). */
export async function request(method, path, { params, body, secret, raw } = {}) {
  const headers = { Accept: 'application/json' };
  const bearer = secret ?? session()?.secret;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url(path, params), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'The router did not answer. Check that the Gateway is running and try again.');
  }
  if (!response.ok) {
    const message = await problemText(response);
    if (response.status === 401 && secret === undefined) forget();
    throw new ApiError(response.status, message);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

export const api = {
  get: (path, params, options) => request('GET', path, { ...options, params }),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body) => request('PUT', path, { body }),
  patch: (path, body) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
};

/** Downloads path (CSV) with the bearer header, as a file named filename. */
export async function download(path, params, filename) {
  const response = await request('GET', path, { params, raw: true });
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}
