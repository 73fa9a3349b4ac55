// The input layer against hostile input: Ink (patched as in the bundles) plus our paste
// reassembly and the form. Any byte sequence is ignored or inserted as text; never a crash,
// never a control character in a value; a bracketed paste is taken or refused whole.
import fc from 'fast-check';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { CredentialPromptSpec } from '../../src/auth/prompter.js';
import { MAX_FIELD_LENGTH } from '../../src/components/form-state.js';
import { PasteAssembler, plainText } from '../../src/input/terminal-input.js';
import { CredentialForm } from '../../src/screens/CredentialForm.js';
import { frameText, settle } from '../helpers/ui.js';
import { eventually } from '../helpers/wait.js';

const START = '\x1b[200~';
const END = '\x1b[201~';
const spec: CredentialPromptSpec = {
  title: 'Hostile input',
  fields: [{ name: 'value', title: 'Value', required: false, secret: false, kind: 'text' }],
};
// eslint-disable-next-line no-control-regex -- what must never reach a value
const CONTROL = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function form() {
  const submitted: string[] = [];
  let cancelled = 0;
  const ui = render(
    <CredentialForm
      spec={spec}
      width={100}
      onSubmit={(v) => submitted.push(v.value ?? '')}
      onCancel={() => (cancelled += 1)}
    />,
  );
  return { ui, submitted, cancelled: () => cancelled };
}

describe('PasteAssembler', () => {
  it('passes keys through, and joins everything between the markers into one paste', () => {
    const a = new PasteAssembler();
    expect(a.push('j', {})).toEqual([['j', {}]]);
    expect(a.push('', { authuiSequence: START })).toEqual([]);
    for (const part of ['q', '\x1b[31m', 'red', '\r']) expect(a.push(part, { authuiSequence: part })).toEqual([]);
    expect(a.push('', { authuiSequence: END })).toEqual([['q\x1b[31mred\r', { paste: true }]]);
    expect(a.push('k', {})).toEqual([['k', {}]]);
    expect(a.push('', { authuiSequence: END })).toEqual([]); // a stray end marker is nothing
  });

  it('an ESC glued to the start marker (ESC typed just before a paste) is the ESC, then the paste', () => {
    const a = new PasteAssembler();
    expect(a.push('', { authuiSequence: `\x1b${START}` })).toEqual([['', { escape: true }]]);
    expect(a.push('q', { authuiSequence: 'q' })).toEqual([]);
    expect(a.push('', { authuiSequence: `\x1b${END}` })).toEqual([['q', { paste: true }]]);
  });
});

describe('plainText', () => {
  it('keeps no control character, escape sequence or bidi override', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(plainText(text)).not.toMatch(CONTROL);
      }),
    );
  });
});

describe('the form under hostile input (patched Ink, as bundled)', () => {
  it('a colour code or an unknown key is ignored, not a crash', async () => {
    const { ui, submitted } = form();
    for (const chunk of ['\x1b[31m', 'ab', '\x1b[0m', '\x1bOZ', '\x1b[99~', '\x1b[1;2P', 'c', '\r']) {
      ui.stdin.write(chunk);
      await settle();
    }
    await eventually(() => expect(submitted).toEqual(['abc']));
    expect(frameText(ui)).toContain('Hostile input');
  });

  it('any byte string: never throws, never puts a control character in a value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.uint8Array().map((b) => Buffer.from(b).toString('utf8')),
            fc.constantFrom(START, END, '\x1b', '\x1b[', '\x1b[31m', '\x1bO'),
          ),
          { maxLength: 6 },
        ),
        async (chunks) => {
          const { ui, submitted } = form();
          for (const chunk of chunks) ui.stdin.write(chunk);
          ui.stdin.write(`${END}\r`); // close a paste left open, then submit
          await settle();
          for (const value of submitted) expect(value).not.toMatch(CONTROL);
          expect(ui.lastFrame() ?? '').not.toContain('Cannot read properties');
          ui.unmount();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a paste over the field limit is refused whole across all its chunks', async () => {
    const { ui, submitted } = form();
    ui.stdin.write(START);
    for (let i = 0; i < 40; i++) ui.stdin.write(`\x1b[32m${'A'.repeat(1000)}\x1b[0m`);
    ui.stdin.write(END);
    await eventually(() =>
      expect(frameText(ui)).toContain(
        `takes at most ${MAX_FIELD_LENGTH.toLocaleString('en')} characters, this would be 40,000. Nothing was added.`,
      ),
    );
    ui.stdin.write('ok\r');
    await eventually(() => expect(submitted).toEqual(['ok']));
  });

  it('a paste is text: an escape inside it does not cancel, a colour code is dropped', async () => {
    const { ui, submitted, cancelled } = form();
    ui.stdin.write(`${START}\x1b\x1b[31mAKIA\x1b[0m${END}`);
    await settle();
    ui.stdin.write('\r');
    await eventually(() => expect(submitted).toEqual(['AKIA']));
    expect(cancelled()).toBe(0);
  });
});
