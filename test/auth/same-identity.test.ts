// Which discovered identity is which configured one: the index against the rule it stands for,
// on generated identities, and its cost at the scale of a large organisation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discoveredNodes, sameIdentityIn } from '../../src/auth/config/discovered.js';
import type { NodeConfig } from '../../src/auth/config/types.js';

type Described = Pick<NodeConfig, 'kind' | 'settings'>;
interface Principal {
  name?: string;
  account?: { id?: string; name?: string };
}

/** The rule, said directly: the same kind and principal name, in the same account by id or by name. */
function same(a: Described, b: Described): boolean {
  if (a.kind !== b.kind) return false;
  const mine = a.settings.principal as Principal | undefined;
  const theirs = b.settings.principal as Principal | undefined;
  if (!mine || !theirs || mine.name !== theirs.name) return false;
  return (
    (mine.account?.id !== undefined && mine.account.id === theirs.account?.id) ||
    (mine.account?.name !== undefined && mine.account.name === theirs.account?.name)
  );
}

const small = (values: string[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
const described: fc.Arbitrary<Described> = fc.record({
  kind: fc.constantFrom('aws/permission-set', 'aws/assume-role'),
  settings: fc.oneof(
    fc.constant({}),
    fc.record({
      principal: fc.record({
        name: small(['Admin', 'ReadOnly', 'null']),
        account: fc.option(fc.record({ id: small(['1', '2']), name: small(['prod', 'dev', '1']) }), {
          nil: undefined,
        }),
      }),
    }),
  ),
});

describe('same identity', () => {
  it('the index finds the first item the rule calls the same identity, or none', () => {
    fc.assert(
      fc.property(fc.array(described, { maxLength: 12 }), described, (items, identity) => {
        expect(sameIdentityIn(items)(identity)).toBe(items.find((item) => same(item, identity)));
      }),
      { numRuns: 2000 },
    );
  });

  it('10,000 discovered identities against 10,000 already known: the known ones matched, the new ones added under one reference', () => {
    const principal = (i: number) => ({ principal: { name: 'Role', account: { id: String(100000000000 + i) } } });
    const provider = {
      id: 'provider:sso',
      type: 'provider',
      name: 'sso',
      kind: 'aws/iam-identity-center',
      default: false,
      settings: {},
    } as NodeConfig;
    const known: NodeConfig[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `identity:known-${i}`,
      type: 'identity',
      name: `known-${i}`,
      kind: 'aws/permission-set',
      default: false,
      settings: principal(i),
    }));
    // Half of what the login found is known already; the other half is new.
    const found = Array.from({ length: 10_000 }, (_, i) => ({
      kind: 'aws/permission-set',
      settings: principal(i + 5_000),
      fields: { account_name: `acct-${i + 5_000}`, role_name: 'Role' },
    }));
    const added = discoveredNodes([provider, ...known], provider, found);
    expect(added.map((n) => n.name)).toEqual(Array.from({ length: 5_000 }, (_, i) => `acct-${i + 10_000}/Role`));
    expect(new Set(added.map((n) => n.via)).size).toBe(1);
  });
});
