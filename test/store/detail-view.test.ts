// Detail's lines for a stored key and a token session: what the provider said, when it was
// checked and used, when to rotate, how long it renews, and the last connection test.
import { describe, expect, it } from 'vitest';
import type { NodeDetail } from '../../src/auth/engine/views.js';
import { detailLines } from '../../src/store/detail-view.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');

function detail(extra: Partial<NodeDetail>): NodeDetail {
  return {
    id: 'provider:hf',
    type: 'provider',
    name: 'hf',
    kind: 'api-key/huggingface',
    label: 'HF token',
    depth: 0,
    default: false,
    state: 'active',
    reenterable: true,
    chain: [],
    storage: { backend: 'file', location: '/x/store.enc', entries: ['provider:hf/session'] },
    outputs: [],
    history: [],
    usedBy: [],
    discovered: false,
    ...extra,
  };
}

describe('detailLines', () => {
  it('shows the vendor facts, validation, last use, rotation and the last test', () => {
    const lines = detailLines(
      detail({
        subject: 'ada',
        facts: [{ label: 'Token role', value: 'write' }],
        validatedAt: NOW - 3_600_000,
        lastUsedAt: NOW - 60_000,
        rotateAt: NOW - 1,
        state: 'expiring',
      }),
      NOW,
      undefined,
      { ok: true, at: NOW, summary: 'Subject ada' },
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        ['Subject', 'ada'],
        ['Token role', 'write'],
        ['Validated', '2026-12-02 11:00:00 UTC'],
        ['Last used', '2026-12-02 11:59:00 UTC'],
        ['Rotate', 'due since 2026-12-02 11:59:59 UTC'],
        ['Last test', '✓ passed 2026-12-02 12:00:00 UTC · Subject ada'],
      ]),
    );
  });

  it('says a key stored unchecked was never validated, and how long a token session renews', () => {
    const key = detailLines(detail({ state: 'unvalidated' }), NOW);
    expect(key).toContainEqual(['Validated', 'never: stored without a check (authui test NAME checks it)']);
    const token = detailLines(
      detail({ kind: 'token-service', renewableUntil: NOW + 7 * 86_400_000, server: 'kitty.example.com' }),
      NOW,
    );
    expect(token).toContainEqual(['Server', 'kitty.example.com']);
    expect(token).toContainEqual(['Renews', 'by itself for 7d 0h more (refresh token)']);
  });

  it('says what uses the node and whether its provider discovered it', () => {
    const lines = detailLines(
      detail({
        discovered: true,
        usedBy: [
          'docker, skopeo, podman: ghcr.io (integration ghcr, registry)',
          'git: https://github.com (/h/.gitconfig)',
        ],
      }),
      NOW,
    );
    expect(lines).toContainEqual([
      'Discovered',
      'by its provider at login (auto_provision_identities), not in the file',
    ]);
    expect(lines).toContainEqual(['Used by', 'docker, skopeo, podman: ghcr.io (integration ghcr, registry)']);
    expect(lines).toContainEqual(['', 'git: https://github.com (/h/.gitconfig)']);
  });
});
