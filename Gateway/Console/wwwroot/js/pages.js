// The pages of each kind of session: hash route, link name (also the page's h1) and module.
export const tenantPages = [
  ['overview', 'Overview'], ['usage', 'Usage'], ['requests', 'Requests'], ['keys', 'Keys'],
  ['provider-keys', 'Provider keys'], ['pools', 'Pools'], ['prices', 'Prices'], ['settings', 'Settings'],
];

export const operatorPages = [['tenants', 'Tenants'], ['spend', 'Spend'], ['nodes', 'Nodes']];

/** Marks main as loading, runs work, then marks it ready (tests wait for main[data-ready=true]). */
export async function loading(main, work) {
  main.removeAttribute('data-ready');
  try {
    return await work();
  } finally {
    main.setAttribute('data-ready', 'true');
  }
}

/** A page's action: errors go to alerts, then reload() (if any) shows the result; main is not ready meanwhile. */
export function act(main, alerts, work, reload) {
  alerts.clear();
  return loading(main, async () => {
    try {
      await work();
    } catch (error) {
      alerts.show(error);
    }
    if (reload) await reload();
  });
}
