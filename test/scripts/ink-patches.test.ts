// The patches applied at bundle time (scripts/ink-patches.mjs): yoga without fetch; Ink's
// caches shared across frames, bounded, and frames byte-for-byte the same as unpatched Ink's.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inkPatches } from '../../scripts/ink-patches.mjs';
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

async function load(patched: boolean) {
  const dir = tempDir();
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    plugins: patched ? [inkPatches] : [],
    logLevel: 'error',
  });
  const file = join(dir, `ink-output-${patched ? 'patched' : 'plain'}.mjs`);
  writeFileSync(file, result.outputFiles[0]?.text ?? '');
  return (await import(pathToFileURL(file).href)) as {
    frames(lines: string[]): string[];
    shared(): boolean;
    sizeAfter(n: number): number;
  };
}

describe('ink-patches', () => {
  it('yoga loads its WebAssembly without fetch', async () => {
    const result = await build({
      stdin: {
        contents:
          "import Yoga from 'yoga-layout'; globalThis.layoutWidth = (() => { const n = Yoga.Node.create(); n.setWidth(42); n.calculateLayout(); return n.getComputedWidth(); })();",
        resolveDir: root,
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      plugins: [inkPatches],
      logLevel: 'error',
    });
    const file = join(tempDir(), 'yoga-patched.mjs');
    writeFileSync(
      file,
      `globalThis.fetch = () => { throw new Error('fetch used'); };\n${result.outputFiles[0]?.text ?? ''}`,
    );
    await import(pathToFileURL(file).href);
    expect((globalThis as { layoutWidth?: number }).layoutWidth).toBe(42);
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
});
