// Every kind whose secrets a configuration can send somewhere declares what identifies that
// server: changing it changes the binding (the engine then refuses the stored secret, see
// foreign-config.test.ts); changing a setting that sends nothing elsewhere does not.
import { describe, expect, it } from 'vitest';
import { kindModule, loadKinds } from '../../src/auth/kinds/registry.js';

const CASES: {
  kind: string;
  base: Record<string, unknown>;
  moved: Record<string, unknown>[];
  same: Record<string, unknown>;
}[] = [
  {
    kind: 'token-service',
    base: { base_url: 'https://kitty.example.com', username: 'ada' },
    moved: [{ base_url: 'https://evil.example.net' }, { base_url: 'http://kitty.example.com' }],
    same: { username: 'bob', base_url: 'https://kitty.example.com/other/path' },
  },
  {
    kind: 'oidc',
    base: { issuer: 'https://login.example.com', client_id: 'authui' },
    moved: [
      { issuer: 'https://evil.example.net' },
      { client_id: 'other' },
      { revocation_endpoint: 'https://evil.example.net/revoke' },
      { userinfo_endpoint: 'https://evil.example.net/me' },
    ],
    same: { scopes: ['openid'] },
  },
  {
    kind: 'api-key/generic',
    base: { base_url: 'https://api.example.com' },
    moved: [{ base_url: 'https://evil.example.net' }],
    same: { description: 'a key', base_url: 'https://api.example.com/v2' },
  },
  {
    kind: 'api-key/openai',
    base: {},
    moved: [{ base_url: 'https://evil.example.net/v1' }],
    same: { organization: 'org-1' },
  },
  { kind: 'api-key/anthropic', base: {}, moved: [{ base_url: 'https://evil.example.net' }], same: {} },
  { kind: 'api-key/huggingface', base: {}, moved: [{ base_url: 'https://evil.example.net' }], same: {} },
  {
    kind: 'smtp',
    base: { host: 'smtp.example.com', port: 587, username: 'a@example.com' },
    moved: [{ host: 'smtp.evil.example.net' }, { port: 2525 }],
    same: { username: 'b@example.com' },
  },
  {
    kind: 'aws/iam-identity-center',
    base: { start_url: 'https://acme.awsapps.com/start', region: 'us-east-1' },
    moved: [{ start_url: 'https://evil.awsapps.com/start' }, { region: 'eu-west-1' }],
    same: {},
  },
];

describe('each kind binds its secrets to their server', () => {
  it.each(CASES)('$kind', async ({ kind, base, moved, same }) => {
    await loadKinds([kind]);
    const binding = kindModule(kind)?.binding;
    expect(binding, `${kind} declares no binding`).toBeDefined();
    const of = (settings: Record<string, unknown>) => JSON.stringify(binding?.(settings as never));
    for (const change of moved) expect(of({ ...base, ...change }), JSON.stringify(change)).not.toBe(of(base));
    expect(of({ ...base, ...same })).toBe(of(base));
  });
});
