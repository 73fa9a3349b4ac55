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
  // Labels for the work the token is for, shown in Detail; the Hub's tools take them as arguments.
  {
    name: 'default_repo',
    title: 'Default repository',
    label: true,
    pattern: { regex: /^[\w.-]+\/[\w.-]+$/, hint: 'a repository id like acme/model' },
  },
  {
    name: 'space',
    title: 'Space',
    label: true,
    pattern: { regex: /^[\w.-]+\/[\w.-]+$/, hint: 'a Space id like acme/demo' },
  },
  { name: 'base_url', title: 'Base URL' },
];
