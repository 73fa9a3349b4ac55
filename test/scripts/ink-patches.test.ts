// The patches applied at bundle time (scripts/ink-patches.mjs): yoga without fetch; Ink's
// caches shared across frames, bounded, and frames byte-for-byte the same as unpatched Ink's.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import fc from 'fast-check';
import { inkAliases, inkPatches, ONE_COLUMN_TEXT } from '../../scripts/ink-patches.mjs';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = `
import Output from './node_modules/ink/build/output.js';
export function frames(lines) {
  return lines.map((text, i) => {
    const out = new Output({ width: 40, height: 3 });
    out.write(0, 0, text, { transformers: [] });
    out.write(2, 1, '\\u001b[32m● active\\u001b[39m ' + i, { transformers: [] });
    return out.get().output;
  });
}
export const shared = () => new Output({ width: 1, height: 1 }).caches === new Output({ width: 1, height: 1 }).caches;
export function sizeAfter(count) {
  const out = new Output({ width: 10, height: 1 });
  for (let i = 0; i < count; i++) { const o = new Output({ width: 10, height: 1 }); o.write(0, 0, 'x' + i, { transformers: [] }); o.get(); }
  return out.caches.styledChars.size;
}
`;

/** `contents` bundled as the app is (with the patches) or as plain Ink, written to a file to import. */
async function bundled(contents: string, name: string, patched = true): Promise<{ file: string; text: string }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    plugins: patched ? [inkPatches] : [],
    logLevel: 'error',
  });
  const text = result.outputFiles[0]?.text ?? '';
  const file = join(tempDir(), `${name}.mjs`);
  writeFileSync(file, text);
  return { file, text };
}

async function load(patched: boolean) {
  const { file } = await bundled(ENTRY, `ink-output-${patched ? 'patched' : 'plain'}`, patched);
  return (await import(pathToFileURL(file).href)) as {
    frames(lines: string[]): string[];
    shared(): boolean;
    sizeAfter(n: number): number;
  };
}

describe('ink-patches', () => {
  it('yoga loads its WebAssembly without fetch', async () => {
    const { file, text } = await bundled(
      "import Yoga from 'yoga-layout'; globalThis.layoutWidth = (() => { const n = Yoga.Node.create(); n.setWidth(42); n.calculateLayout(); return n.getComputedWidth(); })();",
      'yoga-patched',
    );
    writeFileSync(file, `globalThis.fetch = () => { throw new Error('fetch used'); };\n${text}`);
    await import(pathToFileURL(file).href);
    expect((globalThis as { layoutWidth?: number }).layoutWidth).toBe(42);
  });

  it('Ink and yoga bundle as CommonJS (no top-level await left), and yoga is ready once required', async () => {
    const entry = `
      const Yoga = require('yoga-layout').default;
      const { render, Text } = require('ink');
      const n = Yoga.Node.create(); n.setWidth(42); n.calculateLayout();
      module.exports = { width: n.getComputedWidth(), render: typeof render, text: typeof Text };`;
    const result = await build({
      stdin: { contents: entry, resolveDir: root, loader: 'js' },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      alias: inkAliases,
      plugins: [inkPatches],
      logLevel: 'silent',
    });
    const file = join(tempDir(), 'ink.cjs');
    writeFileSync(file, result.outputFiles[0]?.text ?? '');
    expect(createRequire(import.meta.url)(file)).toEqual({ width: 42, render: 'function', text: 'function' });
  });

  it('lines of one-column text are split without an Intl.Segmenter, and every line as plain Ink splits it', async () => {
    const entry =
      "export { tokenize } from '@alcalzone/ansi-tokenize'; export { default as stringWidth } from 'string-width';";
    type Split = { tokenize(text: string): unknown[]; stringWidth(text: string): number };
    const plain = (await import(pathToFileURL((await bundled(entry, 'tokenize-plain', false)).file).href)) as Split;
    const { file, text } = await bundled(entry, 'tokenize-patched');
    // The patched modules see an Intl whose Segmenter counts what is made.
    writeFileSync(
      file,
      `const Intl = Object.create(globalThis.Intl, { Segmenter: { value: class extends globalThis.Intl.Segmenter { constructor(...a) { super(...a); made.count++; } } } });
export const made = { count: 0 };
${text}`,
    );
    const patched = (await import(pathToFileURL(file).href)) as Split & { made: { count: number } };

    const line = '\u001b[1m › ◆ acme-sso  \u001b[32m● active\u001b[39m  7h 57m · 444455556666 … —\u001b[22m';
    expect(patched.tokenize(line)).toEqual(plain.tokenize(line));
    expect(patched.stringWidth('◆ acme-sso ● active')).toBe(19);
    expect(patched.made.count).toBe(0);

    // Every character the fast path admits splits as the segmenter splits it, beside itself,
    // ASCII and escape codes.
    const oneColumn = new RegExp(ONE_COLUMN_TEXT);
    for (let cp = 0; cp < 0x10000; cp++) {
      const ch = String.fromCodePoint(cp);
      if (!oneColumn.test(ch)) continue;
      const sample = `a${ch}${ch}\u001b[1m${ch}a`;
      expect(patched.tokenize(sample), `U+${cp.toString(16)}`).toEqual(plain.tokenize(sample));
    }
    expect(patched.made.count).toBe(0);
    const pieces = [
      'a',
      ' ',
      '●',
      '…',
      '·',
      '\u001b[31m',
      '\u001b[1;2m',
      '\u001b]8;;https://x\u0007',
      '字',
      'e\u0301',
      '👍',
      '🇩🇪',
      '\r\n',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
        const sample = parts.join('');
        expect(patched.tokenize(sample)).toEqual(plain.tokenize(sample));
      }),
    );
    expect(patched.made.count).toBe(1); // made once, for the first line that needed it
  });

  it('shares one bounded cache across frames and draws the same frames as plain Ink', async () => {
    const [plain, patched] = await Promise.all([load(false), load(true)]);
    const lines = [
      '◆ acme-sso  ● active  7h 57m',
      '› dev *  \u001b[7mAWS user\u001b[27m',
      'ｗｉｄｅ 字 and e\u0301',
      '◆ acme-sso  ● active  7h 57m',
    ];
    expect(patched.frames(lines)).toEqual(plain.frames(lines));
    expect(plain.shared()).toBe(false);
    expect(patched.shared()).toBe(true);
    expect(patched.sizeAfter(10_000)).toBeLessThanOrEqual(4001);
  });

  it('rows are turned back into the same strings as plain ansi-tokenize does, skipping the diff of equal styles', async () => {
    type Tokenizer = {
      tokenize(s: string): unknown[];
      styledCharsFromTokens(t: unknown[]): { styles: unknown[] }[];
      styledCharsToString(c: unknown[]): string;
    };
    const entry = "export * from '@alcalzone/ansi-tokenize';";
    const tokenizer = async (on: boolean) => {
      const { file } = await bundled(entry, `ansi-tokenize-${on ? 'patched' : 'plain'}`, on);
      return (await import(pathToFileURL(file).href)) as Tokenizer;
    };
    const [plain, patched] = await Promise.all([tokenizer(false), tokenizer(true)]);
    const roundTrip = (t: Tokenizer, s: string) => t.styledCharsToString(t.styledCharsFromTokens(t.tokenize(s)));
    // Styles as Ink's chalk writes them: colours (16, 256, RGB), intensity, inverse, their ends and resets.
    const pieces = [
      'a',
      ' ',
      '●',
      '字',
      '\u001b[31m',
      '\u001b[39m',
      '\u001b[42m',
      '\u001b[49m',
      '\u001b[1m',
      '\u001b[2m',
      '\u001b[22m',
      '\u001b[7m',
      '\u001b[27m',
      '\u001b[38;5;208m',
      '\u001b[38;2;1;2;3m',
      '\u001b[0m',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const line = parts.join('');
        expect(roundTrip(patched, line)).toBe(roundTrip(plain, line));
      }),
      { numRuns: 2000 },
    );
    // Characters of one run share their styles array: nothing is copied per character.
    const chars = patched.styledCharsFromTokens(patched.tokenize('\u001b[32mabc\u001b[39m'));
    expect(chars[0]?.styles).toBe(chars[2]?.styles);
  });

  it("string-width's widened fast path: every character it admits is one column, and widths agree with plain string-width", async () => {
    const oneColumn = new RegExp(ONE_COLUMN_TEXT);
    const admitted: number[] = [];
    for (let cp = 0; cp < 0x10000; cp++) if (oneColumn.test(String.fromCodePoint(cp))) admitted.push(cp);
    expect(admitted.length).toBeGreaterThan(1000);
    expect(admitted.filter((cp) => stringWidth(String.fromCodePoint(cp)) !== 1)).toEqual([]);

    const { file, text } = await bundled("export { default } from 'string-width';", 'string-width-patched');
    expect(text).toContain('u28FF'); // the patch is in
    const patched = ((await import(pathToFileURL(file).href)) as { default: typeof stringWidth }).default;
    // Strings mixing admitted characters with wide, combining, emoji and control ones.
    const pieces = [
      'a',
      '●',
      '◆ ',
      '…',
      '—',
      '→',
      '⠋',
      '字',
      'ｗ',
      'e\u0301',
      '👍',
      '\u200b',
      '\u00ad',
      '\u001b[31m',
      '◽',
      '✅',
      '⚡',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), fc.boolean(), (parts, narrow) => {
        const sample = parts.join('');
        expect(patched(sample, { ambiguousIsNarrow: narrow })).toBe(stringWidth(sample, { ambiguousIsNarrow: narrow }));
      }),
    );
  });
});
