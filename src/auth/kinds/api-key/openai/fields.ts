import type { KeyField } from '../../fields.js';

export const FIELDS: readonly KeyField[] = [
  {
    name: 'api_key',
    title: 'API key',
    secret: true,
    required: true,
    pattern: { regex: /^sk-/, hint: 'OpenAI keys start with "sk-"' },
  },
  {
    name: 'organization',
    title: 'Organization',
    asked: true,
    pattern: { regex: /^org-[\w-]+$/, hint: 'an organization id like org-abc123' },
  },
  {
    name: 'project',
    title: 'Project',
    asked: true,
    pattern: { regex: /^proj_[\w-]+$/, hint: 'a project id like proj_abc123' },
  },
  // A label (production, staging…) shown in Detail, as the key's environment.
  { name: 'environment', title: 'Environment', label: true },
  { name: 'base_url', title: 'Base URL' },
];
