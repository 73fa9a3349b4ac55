import type { KeyField } from '../../fields.js';

export const FIELDS: readonly KeyField[] = [
  { name: 'api_key', title: 'API key', secret: true, required: true },
  { name: 'secret', title: 'API secret', secret: true, required: true, when: (s) => s.with_secret === true },
  { name: 'base_url', title: 'Base URL' },
  { name: 'description', title: 'Description', asked: true },
];
