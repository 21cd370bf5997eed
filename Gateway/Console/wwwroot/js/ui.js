// Shared building blocks of every page: cards, tables, labelled fields, alerts, empty states, dialogs.
import { h, replace, uid } from './dom.js';

export function pageHeader(title, ...actions) {
  return h('header', { class: 'page-header' }, h('h1', { tabindex: '-1', text: title }), actions.length ? h('div', { class: 'actions' }, actions) : null);
}

export function card(title, ...children) {
  // No accessible name on purpose: a named section is a landmark, and a card's table already is one (same name).
  return h('section', { class: 'card' }, h('h2', { text: title }), children);
}

/** The words for an API error, with what to do when the router lacks the route (an older version). */
function errorText(error, route) {
  return error?.status === 404 && route ? `This router has no ${route} route: update the Gateway to use this page.` : error?.message || String(error);
}

/** The page's error region: show(err) puts the server's words in role=alert; clear() empties it. */
export function alertRegion() {
  const el = h('div', { class: 'alert-slot' });
  return {
    el,
    show(error, route) {
      replace(el, h('div', { role: 'alert', class: 'alert' }, errorText(error, route)));
    },
    note(message) {
      replace(el, h('div', { role: 'status', class: 'notice' }, message));
    },
    clear() {
      replace(el);
    },
  };
}

export function empty(message, ...next) {
  return h('div', { class: 'empty' }, h('p', { text: message }), next);
}

/**
 * A table in a keyboard-scrollable wrapper. columns: [{label, cell: row => node|string, num}]; footer: cells of a
 * totals row. An empty list shows emptyMessage instead.
 */
export function table({ testid, caption, columns, rows, footer, emptyMessage, rowAttrs }) {
  if (!rows.length && emptyMessage) return h('div', { 'data-testid': testid }, empty(emptyMessage));
  const head = h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : c.nowrap ? 'nowrap' : null, text: c.label }))));
  const body = h('tbody', null, rows.map((row) => h('tr', rowAttrs ? rowAttrs(row) : null,
    columns.map((c) => h('td', { class: c.num ? 'num' : c.nowrap ? 'nowrap' : null }, c.cell(row))))));
  const foot = footer ? h('tfoot', null, h('tr', null, footer)) : null;
  // Focusable so a keyboard can scroll a wide table; unnamed, so its caption adds no label to the page's fields.
  return h('div', { class: 'table-wrap', tabindex: '0' },
    h('table', { 'data-testid': testid }, h('caption', { class: 'visually-hidden', text: caption }), head, body, foot));
}

/** A labelled control: <label for> + control (+ hint tied with aria-describedby). */
export function field(label, control, hint) {
  control.id ||= uid('f');
  const parts = [h('label', { for: control.id, text: label }), control];
  if (hint) {
    const hintId = uid('hint');
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('small', { id: hintId, class: 'hint', text: hint }));
  }
  return h('div', { class: control.type === 'checkbox' ? 'field check' : 'field' }, parts);
}

export function input(attrs) {
  return h('input', { type: 'text', ...attrs });
}

/** options: [[value, label], ...] or [value, ...]. */
export function select(options, value, attrs) {
  return h('select', attrs, options.map((o) => {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: v === value, text: label });
  }));
}

export function button(label, onclick, attrs) {
  return h('button', { type: 'button', onclick, ...attrs }, label);
}

/** A stat card value: text formatted, data-value the API's raw number (tests compare it with the API). */
export function stat(testid, label, raw, text, sub) {
  return h('div', { class: 'stat' }, h('span', { class: 'stat-label', text: label }),
    h('span', { class: 'stat-value', 'data-testid': testid, 'data-value': raw === null || raw === undefined ? '' : String(raw), text }),
    sub ? h('span', { class: 'stat-sub muted', text: sub }) : null);
}

export function badge(text, kind, attrs) {
  return h('span', { class: ['badge', kind && `badge-${kind}`], ...attrs, text });
}

/** A secret shown once (a new key, a claim token), with a Copy button and the warning. */
export function secretOnce(testid, heading, secret, note) {
  const status = h('span', { role: 'status', class: 'muted' });
  const copy = button('Copy', async () => {
    try {
      await navigator.clipboard.writeText(secret);
      status.textContent = 'Copied.';
    } catch {
      status.textContent = 'Copy failed: select the text and copy it by hand.';
    }
  });
  return h('div', { class: 'secret', role: 'group', 'aria-label': heading },
    h('strong', { text: heading }), h('code', { class: 'secret-value', 'data-testid': testid, text: secret }),
    h('div', { class: 'secret-actions' }, copy, status),
    h('p', { class: 'warn', text: note || 'You will not see it again: copy it now and keep it somewhere safe.' }));
}

/** A modal question; resolves true when confirmLabel is chosen. */
export function confirmDialog(question, detail, confirmLabel) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(h('h2', { id: titleId, text: question }), detail ? h('p', { text: detail }) : null,
      h('div', { class: 'actions' }, button('Cancel', () => close(false)), button(confirmLabel, () => close(true), { class: 'danger' })));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Runs work with the button disabled and the page marked busy; errors go to the alert region. */
export async function busy(buttonEl, alerts, work) {
  buttonEl.disabled = true;
  alerts.clear();
  try {
    return await work();
  } catch (error) {
    alerts.show(error);
    return undefined;
  } finally {
    buttonEl.disabled = false;
  }
}

/** A one-row form of labelled fields and a submit button (filters, small create forms); extra: more buttons. */
export function inlineForm(fields, submitLabel, onSubmit, ...extra) {
  const form = h('form', { class: 'filters' }, fields,
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary', text: submitLabel }), extra));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit();
  });
  return form;
}

/** A full form (create / edit) with its submit and Cancel buttons; the submit button is disabled while onSubmit runs. */
export function editForm(controls, submitLabel, onCancel, onSubmit) {
  const submit = h('button', { type: 'submit', class: 'primary', text: submitLabel });
  const form = h('form', { class: 'stack', autocomplete: 'off' }, controls, h('div', { class: 'actions' }, submit, button('Cancel', onCancel)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await onSubmit();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
