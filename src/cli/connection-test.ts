// `authui test NAME [--json]`: the kind's connection test with a valid session (renewed first
// when needed). Exit 0 when it passes, 1 when it fails, 3 when a login is needed. With --json the
// outcome is a document either way (the error's code, message and hint; never a secret).
import { formatRemaining } from '../auth/duration.js';
import { exitCodeFor, isAuthError } from '../auth/errors.js';
import type { TestResult } from '../auth/kind.js';
import { printWarnings, type CommandDeps } from '../app/app.js';
import { reportError } from './errors.js';
import { renderTable } from './table.js';
import { jsonDocument } from '../auth/visible.js';

export async function runConnectionTest(
  opts: { name: string; json: boolean; sendTo?: string },
  { io, app }: CommandDeps,
): Promise<number> {
  const workspace = await app.workspace();
  printWarnings(io, workspace.warnings);
  const node = workspace.engine.resolve(opts.name);
  let result;
  try {
    result = await workspace.engine.test(opts.name, { sendTo: opts.sendTo });
  } catch (error) {
    if (!opts.json || !isAuthError(error)) return reportError(io.stderr, error);
    const { code, message, hint } = error;
    io.stdout.write(
      jsonDocument({ name: node.name, kind: node.kind, ok: false, error: { code, message, hint: hint ?? null } }),
    );
    return exitCodeFor(error);
  }
  const { facts, expiresAt } = result;
  if (opts.json) {
    const doc = {
      name: node.name,
      kind: node.kind,
      ok: true,
      facts: Object.fromEntries(facts.map((f) => [f.key, f.value])),
      expiresAt: expiresAt ?? null,
    };
    io.stdout.write(jsonDocument(doc));
    return 0;
  }
  io.stdout.write(`✓ ${node.name}: the connection test passed\n\n`);
  io.stdout.write(testTable('Name', node.name, result, app.clock.now()));
  return 0;
}

/** One row: the node, what its test found, and when its session expires (whoami and test print it). */
export function testTable(
  header: string,
  name: string,
  result: TestResult & { expiresAt?: string },
  now: number,
): string {
  const { facts, expiresAt } = result;
  const expires = expiresAt === undefined ? 'never' : formatRemaining(Date.parse(expiresAt) - now);
  return renderTable(
    [header, ...facts.map((f) => f.label), 'Expires'],
    [[name, ...facts.map((f) => f.value), expires]],
  );
}
