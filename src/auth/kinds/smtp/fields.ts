import type { KeyField } from '../fields.js';

export const FIELDS: readonly KeyField[] = [
  { name: 'username', title: 'Username', asked: true, required: true },
  {
    name: 'password',
    title: 'Password',
    description: 'an app password',
    secret: true,
    required: true,
    // XOAUTH2 signs in with a token from the provider it comes via: no password.
    when: (s) => s.auth !== 'xoauth2',
  },
  { name: 'from', title: 'From', asked: true },
];
