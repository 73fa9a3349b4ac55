// esbuild plugin: bundle-time patches to Ink 6.8 and yoga-layout 3 for speed.
//
// 1. Yoga's WebAssembly ships as a base64 data: URL that it decodes with atob and a byte loop,
//    then compiles asynchronously (after fetch()ing the data: URL when fetch exists, which loads
//    undici), and its index.js awaits that at top level, as Ink's reconciler awaits its devtools.
//    The patches decode with Buffer, compile synchronously and drop both top-level awaits: the
//    first frame comes tens of milliseconds sooner, and the dashboard can be one CommonJS bundle
//    that loads through V8's code cache (scripts/build.mjs).
// 2. Ink builds a fresh OutputCaches (tokenized lines, string widths) for every frame and
//    measures every text node with an uncached string-width, so each 1-Hz tick re-tokenizes and
//    re-measures the ~3,000 characters on screen although almost every line is unchanged. The
//    patch shares one cache across frames (two generations, so a countdown's text of one second
//    leaves it while what is drawn again stays; Ink's own size cache was unbounded and gets the
//    same), one object for every blank cell, and the text of rows whose
//    cells did not change. Turning a changed row back into a string skips the style diff
//    between neighbouring characters whose styles are the same, which was most of each tick's
//    garbage.
//
// 3. string-width takes a fast path only for printable ASCII; anything else goes through
//    Intl.Segmenter and Unicode-property regexes, whose first use costs ~30 ms (on the first
//    frame: the dashboard draws ●, ◆, ·, …). The patch widens the fast path to a set of BMP
//    characters that are each one column and never join into a cluster (Latin, punctuation,
//    arrows, math, box drawing, shapes, braille, a few symbols): width = length. Checked code
//    point by code point against string-width in test/scripts/ink-patches.test.ts.
//
// Each replacement must match exactly once: if an upgrade changes the source, the build fails
// instead of silently losing the patch. Each patch has an id, a test of its own
// (test/scripts/ink-patches.test.ts) and its upstream proposal in docs/ink-patches.md.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ONE_COLUMN_TEXT } from '../src/auth/one-column.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const GENERATIONS = `
/**
 * authui patch (scripts/ink-patches.mjs): a Map of two generations, standing in for Ink's own
 * unbounded Maps (its get and set are theirs). Entries go into the young one; when it holds
 * \`limit\`, it becomes the old one and the previous old one is dropped. An entry found in the old
 * generation moves to the young one, so what is drawn again stays and what was drawn once (a
 * countdown's text of one second) leaves: memory stays bounded however long it runs.
 */
class AuthuiGenerations {
    constructor(limit) { this.limit = limit; this.young = new Map(); this.old = new Map(); }
    get size() { return this.young.size + this.old.size; }
    get(key) {
        let value = this.young.get(key);
        if (value === undefined && (value = this.old.get(key)) !== undefined) this.set(key, value);
        return value;
    }
    set(key, value) {
        if (this.young.size >= this.limit) { this.old = this.young; this.young = new Map(); }
        this.young.set(key, value);
        return this;
    }
}
`;

/**
 * Replaces a module-level `const NAME = new Intl.Segmenter(ARGS);` with an object whose segment()
 * creates the segmenter on first use: the first Intl.Segmenter costs ≈ 14 ms (ICU's break
 * iterator) and megabytes of ICU data, and a screen of one-column text never needs one.
 */
const lazySegmenter = (name, args = '') => [
  `const ${name} = new Intl.Segmenter(${args});`,
  `let authuiLazy_${name};\nconst ${name} = { segment: (text) => (authuiLazy_${name} ??= new Intl.Segmenter(${args})).segment(text) };`,
];

const PATCHES = [
  {
    id: 'yoga-sync-wasm',
    file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    edits: [
      // Compiled and instantiated synchronously (Node allows any size), so the module is ready
      // when loadYoga returns and index.js needs no top-level await (see below).
      [
        'if(h.instantiateWasm)try{return h.instantiateWasm(d,\na)}',
        'try{a(new WebAssembly.Instance(new WebAssembly.Module(wa()),d));return{}}',
      ],
      // The script directory is only used to locate a .wasm file, which the base64 build has not.
      ['var _scriptDir = import.meta.url;', 'var _scriptDir = "";'],
      // Node's own base64 decoder instead of atob and a byte loop in JavaScript (≈ 3 ms).
      [
        'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
        'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
      ],
    ],
  },
  {
    id: 'yoga-no-top-level-await',
    file: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
    edits: [
      [
        'const Yoga = wrapAssembly(await loadYoga());',
        'const authuiYogaModule = {};\nloadYoga(authuiYogaModule);\nconst Yoga = wrapAssembly(authuiYogaModule);',
      ],
    ],
  },
  {
    // React devtools are never bundled (react-devtools-core is aliased away): their top-level
    // awaits go, and with yoga's the dashboard can be one CommonJS bundle (scripts/build.mjs).
    id: 'ink-no-devtools',
    file: /[\\/]ink[\\/]build[\\/]reconciler\.js$/,
    edits: [
      ["        await import('./devtools.js');", '        void 0;'],
      ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
    ],
  },
  {
    // Ink's exit hook (and proper-lockfile's) loads node:assert for one type check of its
    // argument; Node 24 loads a dozen internal modules with it. The check stays, without it.
    id: 'signal-exit-no-assert',
    file: /[\\/]signal-exit[\\/]index\.js$/,
    edits: [
      [
        "  var assert = require('assert')",
        '  var assert = { equal: function (actual, expected, message) { if (actual != expected) throw new TypeError(message) } }',
      ],
    ],
  },
  {
    id: 'ink-shared-output-caches',
    file: /[\\/]ink[\\/]build[\\/]output\.js$/,
    edits: [
      [
        'export default class Output',
        `${GENERATIONS}
/**
 * authui patch: Ink's caches, one set for every frame. The tokenized lines (≈ 7 KB each at 100
 * columns) are sized by the frame (below); text widths are a few bytes each.
 */
const authuiSharedCaches = Object.assign(new OutputCaches(), {
    styledChars: new AuthuiGenerations(500),
    widths: new AuthuiGenerations(500),
    blockWidths: new AuthuiGenerations(500),
});
/** authui patch: cells are replaced, never mutated, so every blank cell can be this one object. */
const AUTHUI_BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });
/** authui patch: each row's cells and text as last drawn. */
const authuiRows = [];
function authuiRowText(y, line) {
    const previous = authuiRows[y];
    if (previous && previous.cells.length === line.length && previous.cells.every((cell, x) => cell === line[x])) {
        return previous.text;
    }
    const text = styledCharsToString(line.filter(item => item !== undefined)).trimEnd();
    authuiRows[y] = { cells: line, text };
    return text;
}
export default class Output`,
      ],
      ['caches = new OutputCaches();', 'caches = authuiSharedCaches;'],
      // A frame asks for one tokenized line per row it draws. With more than two frames' rows
      // in a generation, no two rotations fall within two frames, so every line of the last
      // frame is still there when this one asks: what is drawn again is never tokenized again,
      // and lines drawn once (a second's countdown) leave within two frames. A fixed 500 lines a
      // generation held up to 7 MB once a dashboard had been open a minute.
      [
        '        this.height = height;',
        '        this.height = height;\n        authuiSharedCaches.styledChars.limit = 2 * height + 1;',
      ],
      // Cells are replaced, never mutated, so every blank cell can be one shared object
      // instead of width × height fresh ones per frame.
      [
        `                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
        '                row.push(AUTHUI_BLANK_CELL);',
      ],
      // A row whose cells are the very same objects as last frame's (cached styled chars, shared
      // blanks) prints the same text: reuse it instead of re-diffing its ANSI codes per cell.
      [
        `            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })`,
        `            .map((line, y) => authuiRowText(y, line))`,
      ],
    ],
  },
  {
    id: 'ink-cached-text-widths',
    file: /[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/,
    edits: [['const currentWidth = widestLine(text);', 'const currentWidth = output.caches.getWidestLine(text);']],
  },
  {
    // Ink keeps the size of every text it has laid out, for ever: a countdown's text is new every
    // second, so a dashboard left open grew by megabytes an hour. Two generations bound it.
    id: 'ink-measure-text-bounded',
    file: /[\\/]ink[\\/]build[\\/]measure-text\.js$/,
    edits: [
      [
        'const cache = new Map();',
        `${GENERATIONS}\nexport const authuiMeasured = new AuthuiGenerations(500);\nconst cache = authuiMeasured;`,
      ],
    ],
  },
  {
    // Before the top-level string-width's patch, whose pattern also matches this path: the first
    // patch whose pattern matches a module is the one applied.
    id: 'wrap-ansi-lazy-segmenter',
    file: /[\\/]wrap-ansi[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    edits: [lazySegmenter('segmenter')],
  },
  {
    // The top-level string-width (8.x, used by Ink's output and widest-line); wrap-ansi's own older
    // copy has the patch above. Matched by the path's tail, not the checkout's: a node_modules
    // reached through a symbolic link resolves elsewhere, and the bundle lost this patch unseen.
    id: 'string-width-one-column',
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    edits: [
      [
        'if (/^[\\u0020-\\u007E]*$/.test(string)) {',
        `if (/^[\\u0020-\\u007E]*$/.test(string) || (ambiguousIsNarrow && /${ONE_COLUMN_TEXT}/.test(string))) {`,
      ],
      lazySegmenter('segmenter'),
      // Building the RGI emoji set costs ≈ 13 ms; only text off the fast path above needs it.
      [
        'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
        'let authuiRgiEmoji;\nconst rgiEmojiRegex = { test: (text) => (authuiRgiEmoji ??= /^\\p{RGI_Emoji}$/v).test(text) };',
      ],
    ],
  },
  {
    id: 'slice-ansi-lazy-segmenter',
    file: /[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
    edits: [lazySegmenter('GRAPHEME_SEGMENTER', "undefined, {granularity: 'grapheme'}")],
  },
  {
    // Ink splits every line of every frame into graphemes here. A line of one-column characters
    // and escape codes (ESC and the ASCII after it are graphemes of their own) splits into its
    // UTF-16 units, so only other text reaches the segmenter.
    id: 'ansi-tokenize-one-column-split',
    file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
    edits: [
      [
        'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
        `let authuiSegmenter;
const authuiOneColumnOrEscape = /${ONE_COLUMN_TEXT.replace('^[', '^[\\u001B')}/;
function authuiGraphemes(str) {
    if (authuiOneColumnOrEscape.test(str)) {
        const units = [];
        for (let index = 0; index < str.length; index++) units.push({ segment: str[index], index });
        return units;
    }
    return (authuiSegmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(str);
}`,
      ],
      [
        'for (const { segment, index } of segmenter.segment(str)) {',
        'for (const { segment, index } of authuiGraphemes(str)) {',
      ],
    ],
  },
  {
    // Ink turns every changed row back into a string here, diffing the styles of each pair of
    // neighbouring characters: three Sets and four arrays per character, ≈ 1 MB of garbage per
    // tick at 100 columns, and the collections it forces landed inside frames. Neighbours with
    // the same styles (the same code objects in the same order) differ by nothing, and an empty
    // style list writes nothing, so those skip the diff. Characters with the same styles share
    // one styles array, in every line: the reducer never changes an array it has handed out.
    id: 'ansi-tokenize-same-styles',
    file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
    edits: [
      // One object for each character in each set of styles, shared by every line that has it
      // (cells are replaced, never changed): the cached lines were ≈ 7 KB each at 100 columns in
      // objects of their own. One object shape for them all (V8 gave each spread copy a map of
      // its own: ≈ 200 bytes a character).
      [
        'export function styledCharsFromTokens(tokens) {\n    let codes = [];\n    const ret = [];',
        `/** authui patch: the characters made so far, by their styles' codes and then their text. */
const authuiCharsByStyles = new Map();
let authuiCharsMade = 0;
function authuiCharsFor(codes) {
    const key = codes.map((code) => code.code + "\\u0000" + code.endCode).join("\\u0001");
    let chars = authuiCharsByStyles.get(key);
    if (chars === undefined) {
        chars = { styles: codes, byText: new Map() };
        authuiCharsByStyles.set(key, chars);
    }
    return chars;
}
function authuiChar(chars, token) {
    const key = token.fullWidth ? token.value + "\\u0000" : token.value;
    let char = chars.byText.get(key);
    if (char === undefined) {
        // Bounded: text from many sources (names, hosts) would otherwise add up for ever. The
        // characters already handed out stay as they are; only the table starts again.
        if (++authuiCharsMade > 8192) {
            authuiCharsByStyles.clear();
            authuiCharsMade = 0;
        }
        char = { type: token.type, value: token.value, fullWidth: token.fullWidth, styles: chars.styles };
        chars.byText.set(key, char);
    }
    return char;
}
export function styledCharsFromTokens(tokens) {
    let codes = [];
    let chars = authuiCharsFor(codes);
    const ret = [];`,
      ],
      [
        '            codes = reduceAnsiCodesIncremental(codes, [token]);\n',
        '            codes = reduceAnsiCodesIncremental(codes, [token]);\n            chars = authuiCharsFor(codes);\n',
      ],
      [
        '            ret.push({\n                ...token,\n                styles: [...codes],\n            });',
        '            ret.push(authuiChar(chars, token));',
      ],
      [
        'export function styledCharsToString(chars) {',
        `function authuiSameStyles(a, b) {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
    return true;
}
export function styledCharsToString(chars) {`,
      ],
      [
        `        if (i === 0) {
            ret += ansiCodesToString(char.styles);
        }
        else {`,
        `        if (i === 0) {
            if (char.styles.length !== 0) ret += ansiCodesToString(char.styles);
        }
        else if (!authuiSameStyles(chars[i - 1].styles, char.styles)) {`,
      ],
      ['if (i === chars.length - 1) {', 'if (i === chars.length - 1 && char.styles.length !== 0) {'],
    ],
  },
  {
    // Safety, not speed. An escape sequence Ink does not know (a colour code pasted from a
    // terminal or a CI log, an unknown CSI or SS3 key, a bracketed-paste marker) parses with no
    // name, and Ink 6.8 then calls startsWith on undefined: the app crashes. Such a keypress
    // becomes one with no text and no flags. Every keypress also carries the bytes it came from
    // (authuiSequence), so src/input/terminal-input.ts can reassemble bracketed pastes.
    id: 'ink-unknown-keys',
    file: /[\\/]ink[\\/]build[\\/]hooks[\\/]use-input\.js$/,
    edits: [
      [
        'const keypress = parseKeypress(data);',
        `const keypress = parseKeypress(data);
            if (typeof keypress.name !== 'string' && !keypress.isKittyProtocol)
                Object.assign(keypress, { name: '', sequence: '', ctrl: false, meta: false, shift: false, option: false });`,
      ],
      ['const key = {', 'const key = {\n                authuiSequence: data,'],
    ],
  },
  {
    // Safety: every string Ink draws passes through the one sanitiser (src/auth/visible.ts), so
    // text from a config, a peer or another process cannot reach the terminal as its commands.
    id: 'ink-visible-text',
    file: /[\\/]ink[\\/]build[\\/]dom\.js$/,
    edits: [
      [
        "import measureText from './measure-text.js';",
        `import measureText from './measure-text.js';\nimport { visible as authuiVisible } from ${JSON.stringify(join(root, 'src', 'auth', 'visible.ts'))};`,
      ],
      ['    node.nodeValue = text;', '    node.nodeValue = authuiVisible(text, true);'],
    ],
  },
  {
    // Speed, resting on ink-visible-text. Ink sanitises the text it squashes out of a text node's
    // children again at every level, for every node, in every frame (layout and drawing): a loop
    // over each character, and for a styled row a tokenizer over all of it. Every text node's
    // value went through the one sanitiser when it was set, so it holds no ESC, C0 (line feeds
    // aside), C1 or bidi control; what squashing adds is the children's transforms, Text's
    // colours (SGR), which Ink's pass keeps anyway. Ink's pass kept OSC sequences too: it never
    // was what kept a string from reaching the terminal as a command.
    id: 'ink-squash-sanitised-once',
    file: /[\\/]ink[\\/]build[\\/]squash-text-nodes\.js$/,
    edits: [['    return sanitizeAnsi(text);', '    return text;']],
  },
];

/** Each patch's name: test/scripts/ink-patches.test.ts has a test for each, docs/ink-patches.md its upstream proposal. */
export const PATCH_IDS = PATCHES.map((p) => p.id);

/** Modules the bundle replaces, whatever esbuild's working directory. */
export const inkAliases = {
  // Ink's optional devtools bridge.
  'react-devtools-core': join(root, 'scripts', 'empty-module.js'),
  'terminal-size': join(root, 'scripts', 'terminal-size.js'),
  // proper-lockfile's default file system, which authui never uses (src/auth/lock.ts passes its
  // own): loading it reads every lazy getter of node:fs, and Node 24 loads fs/promises, readline
  // and more for them.
  'graceful-fs': 'node:fs',
};

/** `source` of the module at `path` with its patches applied, or undefined when none applies. */
export function patchedSource(path, source) {
  const patch = PATCHES.find((p) => p.file.test(path));
  if (!patch) return undefined;
  for (const [before, after] of patch.edits) {
    if (source.split(before).length !== 2)
      throw new Error(
        `ink-patches: ${path} no longer contains "${before}" exactly once; review the patch for this Ink version`,
      );
    source = source.replace(before, after);
  }
  return source;
}

/** The patches as an esbuild plugin (the bundles). */
export const inkPatches = {
  name: 'ink-patches',
  setup(build) {
    for (const patch of PATCHES) {
      build.onLoad({ filter: patch.file }, async (args) => ({
        contents: patchedSource(args.path, await readFile(args.path, 'utf8')),
        loader: 'js',
      }));
    }
  },
};

/** The patches as a Vite plugin: the tests run the same patched Ink as the bundles. */
export const inkPatchesForVite = {
  name: 'ink-patches',
  enforce: 'pre',
  transform(code, id) {
    const path = id.split('?')[0];
    const patched = patchedSource(path, code);
    return patched === undefined ? undefined : { code: patched, map: null };
  },
};
