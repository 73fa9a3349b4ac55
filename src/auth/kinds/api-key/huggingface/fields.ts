import type { KeyField } from '../../fields.js';

export const FIELDS: readonly KeyField[] = [
  {
    name: 'api_key',
    title: 'Access token',
    secret: true,
    required: true,
    pattern: { regex: /^hf_/, hint: 'Hugging Face tokens start with "hf_"' },
  },
  { name: 'organization', title: 'Organization', asked: true },
  { name: 'base_url', title: 'Base URL' },
];
