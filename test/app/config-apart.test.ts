// The dashboard's parse apart (app/config-apart.ts) with stand-ins for the child: what it makes of
// an exit and a document. The real child (`authui validate --json`) is run in
// test/e2e/first-frame.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApart } from '../../src/app/config-apart.js';
import { LARGE_CONFIG_BYTES } from '../../src/auth/config/find.js';
import { tempDir } from '../helpers/tmp.js';

const ISSUE = {
  severity: 'error',
  file: '/p/authui.yaml',
  line: 3,
  column: 7,
  key: 'auth.identities.x.kind',
  message: 'unknown identity kind "y"',
  hint: 'Supported identity kinds: aws/user.',
};

/** parseApart over a child that prints `stdout` and exits with `code`, offered a large file. */
function apart(stdout: string, code: number) {
  const dir = tempDir();
  const bin = join(dir, 'child.js');
  writeFileSync(bin, `process.stdout.write(${JSON.stringify(stdout)}); process.exitCode = ${code};`);
  return parseApart(bin, { cwd: dir, env: { PATH: process.env.PATH } })(LARGE_CONFIG_BYTES + 1);
}

const doc = (issues: unknown[], valid = false) => JSON.stringify({ version: 1, valid, issues });

describe('parseApart', () => {
  it('leaves a file up to LARGE_CONFIG_BYTES to the dashboard, without a child', () => {
    expect(parseApart('/nonexistent/bin.js', { cwd: '/', env: {} })(LARGE_CONFIG_BYTES)).toBeUndefined();
  });

  it("takes a child's exit 0 as the entry written, and its errors as the dashboard's own", () => {
    expect(apart(doc([], true), 0)).toBe('parsed');
    const warning = { ...ISSUE, severity: 'warning', message: 'a warning' };
    expect(apart(doc([ISSUE, warning]), 2)).toEqual({ errors: [ISSUE] });
    const { hint: _, ...noHint } = ISSUE;
    expect(apart(doc([noHint]), 2)).toEqual({ errors: [noHint] });
  });

  it('parses here whatever else the child says: another exit, another document, an issue of another shape', () => {
    for (const [stdout, code] of [
      [doc([ISSUE]), 1],
      ['', 2],
      ['not json', 2],
      ['null', 2],
      [doc([]), 2],
      [doc([ISSUE], true), 2],
      [JSON.stringify({ version: 2, valid: false, issues: [ISSUE] }), 2],
      [doc([{ ...ISSUE, line: '3' }]), 2],
      [doc([{ ...ISSUE, severity: 'fatal' }]), 2],
      [doc([{ ...ISSUE, hint: 7 }]), 2],
      [doc([ISSUE, null]), 2],
    ] as const)
      expect(apart(stdout, code), `${code} ${stdout}`).toBeUndefined();
  });
});
