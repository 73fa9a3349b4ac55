import type { KeyField } from '../../fields.js';

export const FIELDS: readonly KeyField[] = [
  {
    name: 'api_key',
    title: 'API key',
    secret: true,
    required: true,
    pattern: { regex: /^sk-ant-/, hint: 'Anthropic keys start with "sk-ant-"' },
  },
  // Labels only: an Anthropic key belongs to one workspace, and the API has no selector for either.
  { name: 'workspace', title: 'Workspace', asked: true },
  { name: 'region', title: 'Region', asked: true },
  { name: 'base_url', title: 'Base URL' },
];
