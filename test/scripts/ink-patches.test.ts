// The patches applied at bundle time (scripts/ink-patches.mjs), each with a test of its own that
// compares the patched package with the plain one: yoga without fetch or top-level awaits; Ink's
// caches shared across frames, bounded, and frames byte-for-byte the same as unpatched Ink's;
// no segmenter for one-column text; unknown keys that no longer crash; text drawn sanitised.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import fc from 'fast-check';
import { inkAliases, inkPatches, PATCH_IDS, patchedSource } from '../../scripts/ink-patches.mjs';
import { ONE_COLUMN_TEXT } from '../../src/auth/one-column.mjs';
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
/** Draws \`count\` frames, each a new line and the same 'hot' one: the cache's size, and whether 'hot' stayed cached. */
export function afterFrames(count) {
  const hot = new Output({ width: 10, height: 2 }).caches.getStyledChars('hot');
  let o;
  for (let i = 0; i < count; i++) {
    o = new Output({ width: 10, height: 2 });
    o.write(0, 0, 'x' + i, { transformers: [] });
    o.write(0, 1, 'hot', { transformers: [] });
    o.get();
  }
  return { size: o.caches.styledChars.size, hotKept: o.caches.getStyledChars('hot') === hot };
}
/**
 * Draws \`screens\` (each a frame of one line per row) from an empty cache and looks into the
 * cache, without asking it, after each frame: whether every line a frame drew again had kept
 * what the frame before tokenized (none made again), and the most lines it ever held.
 */
export function redrawn(screens) {
  const caches = new Output({ width: 1, height: 1 }).caches;
  caches.styledChars.young.clear(); // as in a new process
  caches.styledChars.old.clear();
  const peek = (line) => caches.styledChars.young.get(line) ?? caches.styledChars.old.get(line);
  let before = new Map(), allKept = true, most = 0;
  for (const lines of screens) {
    const out = new Output({ width: 20, height: lines.length });
    lines.forEach((line, y) => out.write(0, y, line, { transformers: [] }));
    out.get();
    for (const [line, chars] of before) if (lines.includes(line) && peek(line) !== chars) allKept = false;
    before = new Map(lines.map((line) => [line, peek(line)]));
    most = Math.max(most, caches.styledChars.size);
  }
  return { allKept, most };
}
`;

/** `contents` bundled as the app is (with the patches) or as plain Ink, written to a file to import or require. */
async function bundled(
  contents: string,
  name: string,
  patched = true,
  format: 'esm' | 'cjs' = 'esm',
): Promise<{ file: string; text: string }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format,
    platform: 'node',
    alias: inkAliases,
    plugins: patched ? [inkPatches] : [],
    logLevel: 'error',
  });
  const text = result.outputFiles[0]?.text ?? '';
  const file = join(tempDir(), `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  writeFileSync(file, text);
  return { file, text };
}

async function load(patched: boolean) {
  const { file } = await bundled(ENTRY, `ink-output-${patched ? 'patched' : 'plain'}`, patched);
  return (await import(pathToFileURL(file).href)) as {
    frames(lines: string[]): string[];
    shared(): boolean;
    afterFrames(n: number): { size: number; hotKept: boolean };
    redrawn(screens: string[][]): { allKept: boolean; most: number };
  };
}

/**
 * `entry` bundled plain and patched; the patched copy sees an Intl whose Segmenter counts what
 * is made (`made.count`), to show which patches make none.
 */
async function plainAndCounted<T>(
  entry: string,
  name: string,
): Promise<{ plain: T; patched: T & { made: { count: number } } }> {
  const plain = (await import(pathToFileURL((await bundled(entry, `${name}-plain`, false)).file).href)) as T;
  const { file, text } = await bundled(entry, `${name}-patched`);
  writeFileSync(
    file,
    `const Intl = Object.create(globalThis.Intl, { Segmenter: { value: class extends globalThis.Intl.Segmenter { constructor(...a) { super(...a); made.count++; } } } });
export const made = { count: 0 };
${text}`,
  );
  return { plain, patched: (await import(pathToFileURL(file).href)) as T & { made: { count: number } } };
}

/** The patches each test covers, by id: every patch must have one. */
const covered = new Set<string>();
function patchTest(ids: string[], title: string, fn: () => Promise<void>): void {
  for (const id of ids) covered.add(id);
  it(`${ids.join(', ')}: ${title}`, fn);
}

/** Ink rendered through ink-testing-library, patched or plain (frames, keys, drawn text). */
const INK_ENTRY = `
import React from 'react';
import { render } from 'ink-testing-library';
import { Box, Text, useInput } from 'ink';
const h = React.createElement;
const view = (lines) => h(Box, { flexDirection: 'column', width: 30 }, ...lines.map((line, i) => h(Text, { key: i, wrap: 'truncate' }, line)));
import * as measureText from './node_modules/ink/build/measure-text.js';
export const measured = () => measureText.authuiMeasured?.size;
export function frames(screens) {
  const r = render(view(screens[0]));
  const out = [r.lastFrame()];
  for (const lines of screens.slice(1)) { r.rerender(view(lines)); out.push(r.lastFrame()); }
  r.unmount();
  return out;
}
export async function keys(sequences) {
  const seen = [];
  function Keys() { useInput((input, key) => { seen.push([input, key.return]); }); return h(Text, null, 'keys'); }
  const r = render(h(Keys));
  // useInput listens from an effect, after the first render: wait for the listener, not for time.
  while (r.stdin.listenerCount('readable') === 0) await new Promise((done) => setImmediate(done));
  try { for (const s of sequences) r.stdin.write(s); } finally { r.unmount(); }
  return seen;
}
`;
type InkHarness = {
  frames(screens: string[][]): string[];
  keys(sequences: string[]): Promise<[string, boolean][]>;
  measured(): number | undefined;
};
async function ink(patched: boolean): Promise<InkHarness> {
  const { file } = await bundled(INK_ENTRY, `ink-${patched ? 'patched' : 'plain'}`, patched);
  return (await import(pathToFileURL(file).href)) as InkHarness;
}

describe('ink-patches', () => {
  patchTest(['yoga-sync-wasm'], 'yoga loads its WebAssembly without fetch', async () => {
    const { file, text } = await bundled(
      "import Yoga from 'yoga-layout'; globalThis.layoutWidth = (() => { const n = Yoga.Node.create(); n.setWidth(42); n.calculateLayout(); return n.getComputedWidth(); })();",
      'yoga-patched',
    );
    writeFileSync(file, text);
    const fetch = globalThis.fetch;
    globalThis.fetch = () => {
      throw new Error('fetch used');
    };
    try {
      await import(pathToFileURL(file).href);
    } finally {
      globalThis.fetch = fetch;
    }
    expect((globalThis as { layoutWidth?: number }).layoutWidth).toBe(42);
  });

  patchTest(
    ['yoga-no-top-level-await', 'ink-no-devtools'],
    'Ink and yoga bundle as CommonJS (no top-level await left), and yoga is ready once required',
    async () => {
      const entry = `
      const Yoga = require('yoga-layout').default;
      const { render, Text } = require('ink');
      const n = Yoga.Node.create(); n.setWidth(42); n.calculateLayout();
      module.exports = { width: n.getComputedWidth(), render: typeof render, text: typeof Text };`;
      const { file } = await bundled(entry, 'ink', true, 'cjs');
      expect(createRequire(import.meta.url)(file)).toEqual({ width: 42, render: 'function', text: 'function' });
    },
  );

  patchTest(
    ['ansi-tokenize-one-column-split'],
    'lines of one-column text are split without an Intl.Segmenter, and every line as plain Ink splits it',
    async () => {
      const entry =
        "export { tokenize } from '@alcalzone/ansi-tokenize'; export { default as stringWidth } from 'string-width';";
      type Split = { tokenize(text: string): unknown[]; stringWidth(text: string): number };
      const { plain, patched } = await plainAndCounted<Split>(entry, 'tokenize');

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
    },
  );

  patchTest(
    ['ink-shared-output-caches'],
    'shares one bounded cache across frames and draws the same frames as plain Ink',
    async () => {
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
      // Bounded however many frames are drawn, and a line drawn in every frame is never dropped.
      expect(patched.afterFrames(10_000)).toEqual({ size: expect.any(Number), hotKept: true });
      expect(patched.afterFrames(10_000).size).toBeLessThanOrEqual(10);
      // Sized by the frame: two frames' rows and one per generation, so a line of the last frame
      // is never tokenized again, and the cache holds at most two generations.
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }).chain((height) =>
            fc.array(
              fc.array(fc.integer({ min: 0, max: 3 * height }).map(String), { minLength: height, maxLength: height }),
              {
                minLength: 2,
                maxLength: 30,
              },
            ),
          ),
          (screens) => {
            const { allKept, most } = patched.redrawn(screens);
            const height = (screens[0] as string[]).length;
            return allKept && most <= 2 * (2 * height + 1);
          },
        ),
        { numRuns: 300 },
      );
      // The order that needs the margin: the first row of a full frame is drawn again first (no
      // insertion), then last in a frame of new rows, after the generation it is in has been
      // rotated out once already.
      for (let height = 3; height <= 12; height++) {
        const rows = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name}${i}`);
        const screens = [rows('a', height), ['a0', ...rows('b', height - 1)], [...rows('c', height - 1), 'a0']];
        expect(patched.redrawn(screens).allKept).toBe(true);
      }
    },
  );

  patchTest(
    ['ansi-tokenize-same-styles'],
    'rows are turned back into the same strings as plain ansi-tokenize does, skipping the diff of equal styles',
    async () => {
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
      // And a character in the same styles is one object in every line: a cached line holds
      // references, not a copy of each of its characters.
      const again = patched.styledCharsFromTokens(patched.tokenize('a\u001b[1m\u001b[32mc\u001b[22mca\u001b[0m'));
      expect(again[3]).toBe(chars[0]); // a, green
      expect(again[2]).toBe(chars[2]); // c, green
      expect(again[1]).not.toBe(chars[2]); // c, bold green
      expect(again[0]).not.toBe(chars[0]); // a, unstyled
      expect(again[0]?.styles).toEqual([]);
      // The table is bounded: past 8,192 characters made it starts again.
      const first = patched.styledCharsFromTokens(patched.tokenize('a'))[0];
      expect(patched.styledCharsFromTokens(patched.tokenize('a'))[0]).toBe(first);
      const many = Array.from({ length: 9_000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
      patched.styledCharsFromTokens(patched.tokenize(many));
      expect(patched.styledCharsFromTokens(patched.tokenize('a'))[0]).not.toBe(first);
    },
  );

  patchTest(
    ['string-width-one-column'],
    "string-width's widened fast path: every character it admits is one column, and widths agree with plain string-width",
    async () => {
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
          expect(patched(sample, { ambiguousIsNarrow: narrow })).toBe(
            stringWidth(sample, { ambiguousIsNarrow: narrow }),
          );
        }),
      );
    },
  );

  patchTest(
    ['wrap-ansi-lazy-segmenter', 'slice-ansi-lazy-segmenter'],
    'wrap-ansi and slice-ansi make no Intl.Segmenter when loaded, and wrap and slice as plain ones do',
    async () => {
      const entry =
        "export { default as wrapAnsi } from 'wrap-ansi'; export { default as sliceAnsi } from 'slice-ansi';";
      type Text = {
        wrapAnsi(s: string, n: number, o?: object): string;
        sliceAnsi(s: string, a: number, b?: number): string;
      };
      const { plain, patched } = await plainAndCounted<Text>(entry, 'wrap-slice');
      expect(patched.made.count).toBe(0);
      for (const sample of [
        '◆ acme-sso ● active 7h 57m',
        '\u001b[32mdev\u001b[39m 字 e\u0301 👍 wide',
        'plain words to wrap here',
      ]) {
        expect(patched.wrapAnsi(sample, 7, { hard: true })).toBe(plain.wrapAnsi(sample, 7, { hard: true }));
        expect(patched.sliceAnsi(sample, 2, 9)).toBe(plain.sliceAnsi(sample, 2, 9));
      }
    },
  );

  patchTest(
    ['ink-measure-text-bounded'],
    "a dashboard open for hours: the sizes Ink keeps stay bounded, and the frames are plain Ink's",
    async () => {
      const [plain, patched] = await Promise.all([ink(false), ink(true)]);
      // A countdown's text is new every second: 1,200 seconds of one row beside a row that stays.
      const screens = Array.from({ length: 1200 }, (_, s) => [
        `● active  ${49 - Math.floor(s / 60)}m ${s % 60}s`,
        'dev',
      ]);
      expect(patched.frames(screens.slice(0, 300))).toEqual(plain.frames(screens.slice(0, 300)));
      patched.frames(screens);
      expect(plain.measured()).toBeUndefined();
      expect(patched.measured()).toBeGreaterThan(0);
      expect(patched.measured()).toBeLessThanOrEqual(1000);
    },
  );

  patchTest(
    ['ink-cached-text-widths'],
    'Ink lays out and draws the same frames as plain Ink while text widths come from the cache',
    async () => {
      const [plain, patched] = await Promise.all([ink(false), ink(true)]);
      const screens = [
        ['◆ acme-sso  ● active  7h 57m', 'dev  AWS user'],
        ['◆ acme-sso  ● active  7h 56m', 'dev  AWS user'],
        ['ｗｉｄｅ 字 and e\u0301 and a line far too long for thirty columns', 'dev  AWS user'],
        ['◆ acme-sso  ● active  7h 57m', 'dev  AWS user'],
      ];
      expect(patched.frames(screens)).toEqual(plain.frames(screens));
    },
  );

  patchTest(
    ['ink-unknown-keys'],
    'an escape sequence Ink does not know reaches the app as a key with no text, where plain Ink crashes',
    async () => {
      const [plain, patched] = await Promise.all([ink(false), ink(true)]);
      // A colour code pasted from a log, an SS3 key and a CSI key with modifiers Ink does not name.
      const sequences = ['a', '\u001b[31m', '\u001bOZ', '\u001b[1;2P', '\r'];
      await expect(plain.keys(sequences)).rejects.toThrow(/startsWith/);
      expect(await patched.keys(sequences)).toEqual([
        ['a', false],
        ['', false],
        ['', false],
        ['', false],
        ['\r', true],
      ]);
    },
  );

  patchTest(
    ['ink-visible-text'],
    'text reaches the terminal through the sanitiser: no control sequence a string carried',
    async () => {
      const [plain, patched] = await Promise.all([ink(false), ink(true)]);
      const hostile = ['title\u001b]0;owned\u0007 here', 'bell\u0007 and \u001b[2J clear'];
      expect(plain.frames([hostile])[0]).toContain('\u001b]0;owned');
      const [frame] = patched.frames([hostile]);
      // eslint-disable-next-line no-control-regex -- the test looks for control characters
      expect(frame).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(frame).toContain('title');
    },
  );

  patchTest(
    ['ink-squash-sanitised-once'],
    "styled rows draw as plain Ink draws them, text is still written out, and only a transform's output is trusted",
    async () => {
      // Rows as the dashboard draws them: a Text of nested coloured Texts, with colour on.
      const entry = `
import React from 'react';
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { Box, Text } from 'ink';
import squashTextNodes from './node_modules/ink/build/squash-text-nodes.js';
chalk.level = 1;
const h = React.createElement;
const row = (cells, i) => h(Text, { key: i }, ...cells.map((cell, j) => h(Text, { key: j, color: ['green', 'red', undefined][j % 3], bold: j % 2 === 1 }, cell)));
export function frame(rows) {
  const r = render(h(Box, { flexDirection: 'column', width: 60 }, ...rows.map(row)));
  const out = r.lastFrame();
  r.unmount();
  return out;
}
// A text node whose child's transform (what Text's colours are) adds a sequence that is not SGR.
export const squashed = () => squashTextNodes({ childNodes: [{ nodeName: 'ink-text', internal_transform: (t) => '\\u001b[2J' + t, childNodes: [{ nodeName: '#text', nodeValue: 'x' }] }] });`;
      type Styled = { frame(rows: string[][]): string; squashed(): string };
      const plain = (await import(pathToFileURL((await bundled(entry, 'squash-plain', false)).file).href)) as Styled;
      const patched = (await import(pathToFileURL((await bundled(entry, 'squash-patched')).file).href)) as Styled;
      const cell = fc.stringMatching(/^[ -~äé●◆·─]{0,12}$/);
      fc.assert(
        fc.property(
          fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
          (rows) => {
            expect(patched.frame(rows)).toBe(plain.frame(rows));
          },
        ),
        { numRuns: 60 },
      );
      expect(plain.frame([['a', 'b']])).toContain('\u001b[32m');
      // Hostile text in nested cells: written out at the text node, whatever squashing does.
      const hostile = patched.frame([['ok ', 'title\u001b]0;owned\u0007', '\u009b2J\u202e'], ['\u001b[2J clear']]);
      // eslint-disable-next-line no-control-regex -- the test looks for control characters
      expect(hostile.replace(/\u001b\[[\d;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(hostile).toContain('title\\x1b]0;owned\\x07');
      // The one thing no longer checked there: a transform's own output (Ink's colours; authui has no other).
      expect(plain.squashed()).toBe('x');
      expect(patched.squashed()).toBe('\u001b[2Jx');
    },
  );

  patchTest(
    ['signal-exit-no-assert'],
    'signal-exit loads without node:assert, and refuses a handler that is no function as plain signal-exit does',
    async () => {
      // In a process of its own: this one has loaded node:assert long ago.
      const report = `
const loaded = () => process.moduleLoadList.includes('NativeModule assert');
const before = loaded();
const onExit = require('signal-exit');
const after = loaded();
let refused;
try { onExit(42); } catch (error) { refused = error.message; }
const remove = onExit(() => {});
remove();
console.log(JSON.stringify({ before, after, refused, remove: typeof remove }));`;
      const run = async (patched: boolean) => {
        const { file } = await bundled(report, `signal-exit-${patched ? 'patched' : 'plain'}`, patched, 'cjs');
        return JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })) as Record<string, unknown>;
      };
      const [plain, patched] = await Promise.all([run(false), run(true)]);
      expect(plain).toEqual({
        before: false,
        after: true,
        refused: 'a callback must be provided for exit handler',
        remove: 'function',
      });
      expect(patched).toEqual({ ...plain, after: false });
    },
  );

  it('bundles proper-lockfile with node:fs for graceful-fs, and it locks through the file system authui passes', async () => {
    const { file, text } = await bundled(
      "module.exports = require('proper-lockfile');",
      'proper-lockfile',
      true,
      'cjs',
    );
    expect(text).not.toMatch(/graceful/);
    const lockfile = createRequire(import.meta.url)(file) as typeof import('proper-lockfile');
    const target = join(tempDir(), 'locked');
    writeFileSync(target, '');
    const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
    const release = await lockfile.lock(target, { fs });
    expect(await lockfile.check(target, { fs })).toBe(true);
    await release();
    expect(await lockfile.check(target, { fs })).toBe(false);
  });

  it('finds a module by its path inside node_modules, wherever that folder is (a linked one resolves outside the checkout)', () => {
    const elsewhere = join(tempDir(), 'store', 'node_modules');
    const top = readFileSync(join(root, 'node_modules', 'string-width', 'index.js'), 'utf8');
    const nested = readFileSync(
      join(root, 'node_modules', 'wrap-ansi', 'node_modules', 'string-width', 'index.js'),
      'utf8',
    );
    expect(patchedSource(join(elsewhere, 'string-width', 'index.js'), top)).toContain('authuiRgiEmoji');
    // wrap-ansi's older copy gets its own patch, not the top-level one's (which would not apply).
    const nestedPatched = patchedSource(
      join(elsewhere, 'wrap-ansi', 'node_modules', 'string-width', 'index.js'),
      nested,
    );
    expect(nestedPatched).not.toBe(nested);
    expect(nestedPatched).not.toContain('authuiRgiEmoji');
  });

  it('every patch has a test of its own', () => {
    expect([...covered].sort()).toEqual([...PATCH_IDS].sort());
  });
});
