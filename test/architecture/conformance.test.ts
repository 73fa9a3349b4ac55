// docs/conformance.md stays true: every test it cites exists, under the title it quotes (a
// trailing "…" quotes the start of a title), and every line says where it is met or why not.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, 'docs', 'conformance.md'), 'utf8');

describe('docs/conformance.md', () => {
  it('cites only tests that exist, by their titles', () => {
    const cited = [...doc.matchAll(/`([a-z0-9/._-]+\.test\.tsx?)(?: › ([^`]+))?`/g)];
    expect(cited.length).toBeGreaterThan(80);
    const missing = cited.filter(([, file, title]) => {
      const path = join(root, 'test', file as string);
      if (!existsSync(path)) return true;
      return title !== undefined && !readFileSync(path, 'utf8').includes(title.replace(/…$/, ''));
    });
    expect(missing.map(([ref]) => ref)).toEqual([]);
  });

  it('every requirement row says where it is met, or why it is not', () => {
    const rows = doc.split('\n').filter((line) => /^\| [0-9A-Z][\w.-]* \|/.test(line));
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) {
      const status = row.split('|').slice(-2, -1)[0]?.trim() ?? '';
      expect(status, row).toMatch(
        /\.test\.tsx?|not applicable|not met|npm run bench|by design|by construction|met in intent/,
      );
    }
  });
});
