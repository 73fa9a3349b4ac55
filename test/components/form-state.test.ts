import { describe, expect, it } from 'vitest';
import type { PromptField } from '../../src/auth/prompter.js';
import {
  actionsForInput,
  checkField,
  formReducer,
  initialFormState,
  MAX_FIELD_LENGTH,
  type FormAction,
} from '../../src/components/form-state.js';

const fields: PromptField[] = [
  {
    name: 'id',
    title: 'Key',
    required: true,
    secret: false,
    kind: 'text',
    validate: (v) => (v.startsWith('AKIA') ? undefined : 'starts with AKIA'),
  },
  { name: 'secret', title: 'Secret', required: true, secret: true, kind: 'secret' },
  { name: 'mfa', title: 'MFA', required: false, secret: false, kind: 'text', default: 'arn:x' },
];

const run = (actions: FormAction[]) => actions.reduce((s, a) => formReducer(fields, s, a), initialFormState(fields));

describe('form reducer', () => {
  it('types, erases, validates on leaving a field and submits on the last', () => {
    let state = run([{ type: 'insert', text: 'AKIB' }, { type: 'submit' }]);
    expect(state).toMatchObject({ index: 0, error: 'starts with AKIA' });
    state = run([
      { type: 'insert', text: 'AKIB' },
      { type: 'erase' },
      { type: 'insert', text: 'A' },
      { type: 'submit' },
      { type: 'submit' },
    ]);
    expect(state).toMatchObject({ index: 1, error: 'Secret is required', done: false });
    state = run([
      { type: 'insert', text: 'AKIA' },
      { type: 'submit' },
      { type: 'insert', text: 's3cr3t' },
      { type: 'submit' },
      { type: 'submit' },
    ]);
    expect(state).toMatchObject({ done: true, values: { id: 'AKIA', secret: 's3cr3t', mfa: 'arn:x' } });
  });

  it('next validates and moves without submitting; reveal applies to secret fields and ends on leaving', () => {
    expect(run([{ type: 'next' }])).toMatchObject({ index: 0, error: 'Key is required' });
    const onSecret = run([{ type: 'insert', text: 'AKIA' }, { type: 'next' }, { type: 'reveal' }]);
    expect(onSecret).toMatchObject({ index: 1, revealed: true });
    expect(formReducer(fields, onSecret, { type: 'back' }).revealed).toBe(false);
    expect(run([{ type: 'reveal' }]).revealed).toBe(false);
    const last = run([
      { type: 'insert', text: 'AKIA' },
      { type: 'submit' },
      { type: 'insert', text: 's' },
      { type: 'submit' },
      { type: 'next' },
    ]);
    expect(last).toMatchObject({ index: 2, done: false, values: { mfa: 'arn:x' } });
  });

  it('goes back a field', () => {
    expect(run([{ type: 'insert', text: 'AKIA' }, { type: 'submit' }, { type: 'back' }]).index).toBe(0);
  });

  it('accepts defaults and optional empties', () => {
    expect(checkField(fields[2] as PromptField, '  ')).toEqual({ value: 'arn:x' });
    expect(checkField(fields[1] as PromptField, '')).toEqual({ error: 'Secret is required' });
  });
});

describe('terminal input → form actions', () => {
  it('splits a pasted chunk at CR/LF and honours DEL', () => {
    expect(actionsForInput('AKIA1\rs3c\x7fx\n', {})).toEqual([
      { type: 'insert', text: 'AKIA1' },
      { type: 'submit' },
      { type: 'insert', text: 's3c' },
      { type: 'erase' },
      { type: 'insert', text: 'x' },
      { type: 'submit' },
    ]);
    expect(actionsForInput('', { return: true })).toEqual([{ type: 'submit' }]);
    expect(actionsForInput('c', { ctrl: true })).toEqual([]);
    expect(actionsForInput('', { tab: true })).toEqual([{ type: 'next' }]);
    expect(actionsForInput('', { tab: true, shift: true })).toEqual([{ type: 'back' }]);
    expect(actionsForInput('', { upArrow: true })).toEqual([{ type: 'back' }]);
    expect(actionsForInput('r', { ctrl: true })).toEqual([{ type: 'reveal' }]);
  });
});

describe('hostile input', () => {
  it('a 1 MB paste is refused whole with the reason, quickly, and what was typed stays', () => {
    const started = performance.now();
    const actions = actionsForInput(`AKIA${'x'.repeat(1024 * 1024)}`, {});
    const state = run([{ type: 'insert', text: 'AKIA1' }, ...actions]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(state.values.id).toBe('AKIA1');
    expect(state.error).toBe(
      'Too long: Key takes at most 16,384 characters, this would be 1,048,585. Nothing was added.',
    );
    // Exactly at the limit is fine.
    const full = run([{ type: 'insert', text: 'A'.repeat(MAX_FIELD_LENGTH) }]);
    expect(full.values.id).toHaveLength(MAX_FIELD_LENGTH);
    expect(full.error).toBeUndefined();
  });

  it('drops terminal escape sequences, controls and invisible format characters a paste brings', () => {
    const pasted = '\x1b[31mAKIA\x1b[0m\x00\x07\tKEY\u200b\u202e\u0085\x1b]0;title\x07END';
    expect(actionsForInput(pasted, {})).toEqual([{ type: 'insert', text: 'AKIAKEYEND' }]);
    // Letters of every script stay.
    expect(actionsForInput('pässwörd-密码-🔑', {})).toEqual([{ type: 'insert', text: 'pässwörd-密码-🔑' }]);
  });

  it('text that is not UTF-8 (decoded as U+FFFD) is refused with the reason', () => {
    const decoded = Buffer.from([0x41, 0x4b, 0xff, 0xfe, 0x49, 0x41]).toString('utf8');
    const state = run([{ type: 'insert', text: 'AKIA' }, ...actionsForInput(decoded, {})]);
    expect(state.values.id).toBe('AKIA');
    expect(state.error).toBe('That text has bytes that are not UTF-8 (shown as �): nothing was added.');
  });
});
