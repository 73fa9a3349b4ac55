import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameProblem, pathSegment } from '../../src/auth/names.js';

describe('names as path segments', () => {
  it('never produces a separator, a dot segment, a hidden name or a control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const segment = pathSegment(name);
        // eslint-disable-next-line no-control-regex -- control characters are what must not appear
        expect(segment).not.toMatch(/[/\\\u0000-\u001f]/);
        expect(segment.startsWith('.')).toBe(false);
        expect(segment.length).toBeGreaterThan(0);
      }),
    );
  });

  it('is injective, so two names never share a directory', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => a === b || pathSegment(a) !== pathSegment(b)));
  });

  it('keeps readable names readable and escapes the rest', () => {
    expect(pathSegment('dev-admin.prod_1')).toBe('dev-admin.prod_1');
    expect(pathSegment('team/prod')).toBe('team%2Fprod');
    expect(pathSegment('..')).toBe('%2E.');
    expect(pathSegment('%2F')).toBe('%252F');
  });

  it('explains unacceptable names', () => {
    expect(nameProblem('ok/name.x')).toBeUndefined();
    expect(nameProblem('../etc')).toMatch(/traversal/);
    expect(nameProblem('a\u0000b')).toMatch(/control/);
    expect(nameProblem('')).toMatch(/empty/);
    // Names a shell or a --json consumer would have to quote carefully are refused at config time.
    for (const name of ['a"b', "it's", 'back`tick', 'c:\\dir', '$HOME', 'line\nbreak'])
      expect(nameProblem(name), name).toBeDefined();
  });
});
