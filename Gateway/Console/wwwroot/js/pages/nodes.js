// Operator: the cluster's nodes and their status. Route: GET /admin/nodes.
import { h } from '../dom.js';
import { api } from '../api.js';
import { dateTime } from '../format.js';
import { pageHeader, card, table, alertRegion, badge } from '../ui.js';

const STATUS_KIND = { Active: 'good', Joining: 'warn', ShuttingDown: 'warn', Stopping: 'warn', Dead: 'bad' };

export async function render(main) {
  const alerts = alertRegion();
  main.append(pageHeader('Nodes'), alerts.el);
  try {
    const nodes = (await api.get('/admin/nodes')).data;
    main.append(card('Cluster nodes', table({ testid: 'nodes-table', caption: 'Cluster nodes', rows: nodes,
      emptyMessage: 'No nodes reported.',
      columns: [
        { label: 'Silo', cell: (n) => n.silo_name },
        { label: 'Host', cell: (n) => n.host_name },
        { label: 'Address', cell: (n) => h('code', { text: n.address }) },
        { label: 'Role', cell: (n) => n.role || '' },
        { label: 'Status', cell: (n) => badge(n.status, STATUS_KIND[n.status] || null) },
        { label: 'Started', cell: (n) => dateTime(n.started_at) },
      ] })));
  } catch (error) {
    alerts.show(error, '/admin/nodes');
    main.append(card('Cluster nodes', h('p', { class: 'muted', text: 'The node list could not be read.' })));
  }
}
