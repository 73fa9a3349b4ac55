// The via tree the dashboard lists in: tree order, each node's depth and its parent's place,
// made once per set of nodes and made again when a login discovers identities.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { NodeConfig } from '../../../src/auth/config/types.js';
import { NodeGraph } from '../../../src/auth/engine/graph.js';

const CONFIG = `
auth:
  providers:
    sso: { kind: aws/iam-identity-center, region: us-east-1, start_url: https://example.awsapps.com/start }
  identities:
    base: { kind: aws/user }
    ro: { kind: aws/permission-set, via: { provider: sso }, principal: { name: ReadOnly, account: { id: "111122223333" } } }
    admin: { kind: aws/assume-role, via: { identity: base }, principal: { assume_role: "arn:aws:iam::111122223333:role/admin" } }
    audit: { kind: aws/assume-role, via: { identity: admin }, principal: { assume_role: "arn:aws:iam::111122223333:role/audit" } }
`;

async function graph(): Promise<NodeGraph> {
  const { config, issues } = await parseConfigText(CONFIG, 'authui.yaml', 'authui');
  expect(issues).toEqual([]);
  return new NodeGraph(config as NonNullable<typeof config>);
}

/** The tree as rows of name, depth and the parent's name. */
function rows(g: NodeGraph): [string, number, string | undefined][] {
  const { nodes, depth, parentAt } = g.tree();
  return nodes.map((n, i) => [n.name, depth[i] as number, nodes[parentAt[i] as number]?.name]);
}

describe('NodeGraph.tree', () => {
  it('lists each node after the one it comes via, with its depth and its parent', async () => {
    expect(rows(await graph())).toEqual([
      ['sso', 0, undefined],
      ['ro', 1, 'sso'],
      ['base', 0, undefined],
      ['admin', 1, 'base'],
      ['audit', 2, 'admin'],
    ]);
  });

  it('is made once, and again when identities are added', async () => {
    const g = await graph();
    const first = g.tree();
    expect(g.tree()).toBe(first);
    const ro = g.resolve('ro');
    g.add([{ ...ro, id: 'identity:found', name: 'found' } as NodeConfig]);
    expect(g.tree()).not.toBe(first);
    expect(rows(g).slice(0, 3)).toEqual([
      ['sso', 0, undefined],
      ['ro', 1, 'sso'],
      ['found', 1, 'sso'],
    ]);
  });
});
