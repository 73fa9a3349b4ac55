// isoTime (src/auth/iso-time.ts) writes exactly what Date.prototype.toISOString writes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/auth/iso-time.js';

const MAX_TIME = 8.64e15; // the ECMAScript time range

describe('isoTime', () => {
  it('matches toISOString over the whole time range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_TIME, max: MAX_TIME }), (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    // Around the edges of the four-digit years and of each field.
    for (const ms of [
      0,
      -1,
      Date.UTC(0, 0, 1) - 1,
      Date.UTC(0, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1,
      Date.UTC(2026, 1, 28, 23, 59, 59, 9),
      Date.UTC(2028, 1, 29, 0, 0, 0, 90),
      MAX_TIME,
      -MAX_TIME,
    ])
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws as toISOString does for a time that is not one', () => {
    for (const bad of [Number.NaN, MAX_TIME + 1, Number.POSITIVE_INFINITY])
      expect(() => isoTime(bad)).toThrow(RangeError);
  });
});

describe('localDateTime', () => {
  it('writes the local date, time and zone', async () => {
    const { localDateTime } = await import('../../src/auth/duration.js');
    const at = Date.UTC(2026, 11, 5, 21, 27, 24);
    const d = new Date(at);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(localDateTime(at)).toMatch(
      new RegExp(`^${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:27:24 \\S+$`),
    );
  });
});
