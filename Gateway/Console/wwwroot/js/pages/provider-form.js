// The provider key form: the fields of POST /x/provider-keys and PATCH /x/provider-keys/{id}, the kind's extra
// fields shown only for that kind. The API key is write-only: read once at submit, then the field is emptied.
import { h } from '../dom.js';
import { list } from '../format.js';
import { field, input, select } from '../ui.js';

const KINDS = [['openai', 'OpenAI'], ['openai-compatible', 'OpenAI-compatible'], ['anthropic', 'Anthropic'], ['azure-openai', 'Azure OpenAI'], ['gemini', 'Gemini']];
const BASE_URLS = {
  openai: 'https://api.openai.com/v1', 'openai-compatible': 'https://host/v1', anthropic: 'https://api.anthropic.com',
  'azure-openai': 'https://resource.openai.azure.com', gemini: 'https://generativelanguage.googleapis.com/v1beta/openai',
};

function deploymentsText(map) {
  return Object.entries(map || {}).map(([model, deployment]) => `${model}=${deployment}`).join(', ');
}

function parseDeployments(text) {
  return Object.fromEntries(list(text).map((pair) => pair.split('=').map((x) => x.trim())).filter(([m, d]) => m && d));
}

export function providerForm(key, pools) {
  const datalistId = `pools-${Math.random().toString(36).slice(2, 8)}`;
  const c = {
    name: input({ value: key?.name || '', required: true, autocomplete: 'off' }),
    provider: select(KINDS, key?.provider || 'openai'),
    baseUrl: input({ type: 'url', value: key?.base_url || '', required: true, autocomplete: 'off' }),
    apiKey: input({ type: 'password', autocomplete: 'off', spellcheck: 'false', required: !key, placeholder: key ? 'unchanged' : '' }),
    models: input({ value: (key?.models || []).join(', '), placeholder: 'gpt-4o, gpt-4o-mini' }),
    pool: input({ value: key?.pool || 'default', list: datalistId, autocomplete: 'off' }),
    priority: input({ type: 'number', step: '1', value: key?.priority ?? 0 }),
    weight: input({ type: 'number', step: '1', min: '1', value: key?.weight ?? 1 }),
    organization: input({ value: key?.organization || '', autocomplete: 'off' }),
    project: input({ value: key?.project || '', autocomplete: 'off' }),
    apiVersion: input({ value: key?.api_version || '', placeholder: '2024-10-21', autocomplete: 'off' }),
    deployments: input({ value: deploymentsText(key?.deployments), placeholder: 'gpt-4o=my-gpt4o-deployment', autocomplete: 'off' }),
  };
  const openaiOnly = [field('Organization', c.organization, 'Optional, sent as OpenAI-Organization.'), field('Project', c.project, 'Optional, sent as OpenAI-Project.')];
  const azureOnly = [field('API version', c.apiVersion), field('Deployments', c.deployments, 'model=deployment pairs, comma-separated.')];
  const showKind = () => {
    const kind = c.provider.value;
    openaiOnly.forEach((el) => { el.hidden = !['openai', 'openai-compatible'].includes(kind); });
    azureOnly.forEach((el) => { el.hidden = kind !== 'azure-openai'; });
    c.baseUrl.placeholder = BASE_URLS[kind];
  };
  c.provider.addEventListener('change', showKind);
  showKind();

  const controls = h('div', { class: 'form-grid' },
    field('Name', c.name), field('Provider', c.provider), field('Base URL', c.baseUrl),
    field('API key', c.apiKey, key ? 'Leave empty to keep the current key. It is never shown again, only its fingerprint.' : 'Write-only: never shown again, only its fingerprint.'),
    field('Models', c.models, 'Comma-separated model names this key serves.'), field('Pool', c.pool),
    h('datalist', { id: datalistId }, pools.map((p) => h('option', { value: p.name }))),
    field('Priority', c.priority, 'Lower tiers are tried first.'), field('Weight', c.weight, 'Share of traffic within a tier.'),
    openaiOnly, azureOnly);

  /** The body; for an edit only what changed. Empties the API key field whatever happens next. */
  function body() {
    const kind = c.provider.value;
    const full = { name: c.name.value.trim(), provider: kind, base_url: c.baseUrl.value.trim(), models: list(c.models.value),
      pool: c.pool.value.trim(), priority: Number(c.priority.value || 0), weight: Number(c.weight.value || 1) };
    if (['openai', 'openai-compatible'].includes(kind)) Object.assign(full, { organization: c.organization.value.trim(), project: c.project.value.trim() });
    if (kind === 'azure-openai') Object.assign(full, { api_version: c.apiVersion.value.trim(), deployments: parseDeployments(c.deployments.value) });
    const out = key ? Object.fromEntries(Object.entries(full).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(key[name] ?? (name === 'deployments' ? {} : ''))))
      : Object.fromEntries(Object.entries(full).filter(([, value]) => value !== ''));
    if (c.apiKey.value) out.api_key = c.apiKey.value;
    c.apiKey.value = '';
    return out;
  }

  return { controls, body, focus: () => c.name.focus() };
}
