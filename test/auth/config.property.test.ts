// Random configs never crash the loader: they load or produce validation errors.
import fc from 'fast-check';
import { LineCounter, parseDocument, stringify, type YAMLError } from 'yaml';
import { describe, expect, it } from 'vitest';
import { duplicateKeyErrors, parseConfigText } from '../../src/auth/config/parse.js';

const KINDS = [
  'aws/user',
  'aws/assume-role',
  'aws/permission-set',
  'aws/iam-identity-center',
  'oidc',
  'smtp',
  'api-key/openai',
  'token-service',
  'bogus',
  42,
];
const name = fc.oneof(
  fc.constantFrom('dev', 'a', 'b', '../x', 'a/b', 'x.y', '', '\n', 'p'),
  fc.string({ maxLength: 8 }),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('15m', '40h', 'https://x.example', 'http://x', 'arn:aws:iam::111122223333:role/R'),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('any'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('kind', 'via', 'identity', 'provider', 'principal', 'session', 'duration', 'region', 'x'),
      tie('any'),
      { maxKeys: 4 },
    ),
  ),
})).any;
const node = fc.record(
  {
    kind: fc.constantFrom(...KINDS),
    via: fc.oneof(fc.record({ identity: name }), fc.record({ provider: name }), value),
    principal: value,
    session: fc.oneof(fc.record({ duration: fc.oneof(scalar, fc.constantFrom('15m', '99h', 0, -1)) }), value),
    credentials: value,
    region: scalar,
    start_url: scalar,
    default: fc.boolean(),
  },
  { requiredKeys: [] },
);
const config = fc.record(
  {
    auth: fc.oneof(
      fc.record(
        {
          providers: fc.dictionary(name, node, { maxKeys: 4 }),
          identities: fc.dictionary(name, node, { maxKeys: 6 }),
          keyring: value,
          files: value,
        },
        { requiredKeys: [] },
      ),
      value,
    ),
  },
  { requiredKeys: [] },
);

describe('config loader (property)', () => {
  it('never throws on structured random configs', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (doc) => {
        const result = await parseConfigText(stringify(doc), 'p.yaml', 'authui');
        const errors = result.issues.filter((i) => i.severity === 'error');
        expect(result.config === undefined).toBe(errors.length > 0);
        for (const issue of result.issues) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const result = await parseConfigText(text, 'p.yaml', 'authui');
        expect(result.config === undefined || result.issues.every((i) => i.severity === 'warning')).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe("duplicate keys: yaml's rule, checked with a set per map", () => {
  // Keys that are equal as values in some spellings and not in others ("1" and 1, ~ and null).
  const key = fc.constantFrom(
    'a',
    '"a"',
    "'a'",
    'b',
    '1',
    '"1"',
    '01',
    '~',
    'null',
    '""',
    'true',
    '"true"',
    '? x',
    '&k a',
    '*k',
  );
  const map = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('v', '1', '~', '[1, 2]'),
      fc
        .array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 5 })
        .map((pairs) => `{ ${pairs.map(([k, v]) => `${k.startsWith('?') ? k : `${k}: ${v}`}`).join(', ')} }`),
    ),
  })).node;
  const block = fc.array(
    fc.tuple(
      key.filter((k) => !k.startsWith('?')),
      map,
    ),
    { minLength: 1, maxLength: 8 },
  );

  it('finds the duplicates yaml finds, at the same lines (after a syntax error, as many)', () => {
    fc.assert(
      fc.property(block, (pairs) => {
        const text = `${pairs.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
        const lines = new LineCounter();
        const line = (e: YAMLError) => lines.linePos(e.pos[0]).line;
        const checked = parseDocument(text, { uniqueKeys: true, lineCounter: lines });
        const yamls = checked.errors.filter((e) => e.code === 'DUPLICATE_KEY');
        const doc = parseDocument(text, { uniqueKeys: false });
        expect(doc.errors.filter((e) => e.code === 'DUPLICATE_KEY')).toEqual([]);
        const ours = duplicateKeyErrors(doc);
        // A syntax error leaves yaml's position for a later duplicate where it was reading.
        if (doc.errors.length > 0) expect(ours.length).toBe(yamls.length);
        else expect(ours.map(line).sort()).toEqual(yamls.map(line).sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('a name given twice is refused at its second line, not taken as the last one', async () => {
    const text =
      'auth:\n  identities:\n    dev: { kind: aws/user }\n    ops: { kind: aws/user }\n    dev: { kind: aws/user, default: true }\n';
    const { config, issues } = await parseConfigText(text, 'c.yaml', 'authui');
    expect(config).toBeUndefined();
    expect(issues).toMatchObject([{ line: 5, column: 5, message: 'YAML syntax error: Map keys must be unique' }]);
  });
});
