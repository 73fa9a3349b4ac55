// Text laid out by display width (src/auth/visible.ts): a CJK character or an emoji takes two
// columns, a combining mark none, so cells line up whatever a name is made of.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import stringWidth from 'string-width';
import { columns, fitColumns, padColumns } from '../../src/auth/text-width.js';
import { renderTable } from '../../src/cli/table.js';
import { fit } from '../../src/components/look.js';

const PIECES = ['a', 'Z', ' ', '-', 'ü', 'e\u0301', '名', '前', '👍', '🇩🇪', '👩‍💻', 'ｗ', '…', '●'];

describe('display width', () => {
  it('counts columns, not code units', () => {
    expect(columns('名前')).toBe(4);
    expect(columns('e\u0301')).toBe(1);
    expect(columns('👍')).toBe(2);
    expect(columns('ünïcødé-名前')).toBe(12);
    expect(padColumns('名前', 6)).toBe('名前  ');
  });

  it('cuts a line of one-column symbols without a segmenter (the first costs ≈ 10 ms to build)', () => {
    const segmenter = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    const line = ' Credentials: file · /home/someone/.local/share/authui/store.enc · config: ● ◆ — ›';
    expect(fitColumns(line, 30)).toBe(' Credentials: file · /home/so…');
    expect(segmenter).not.toHaveBeenCalled();
    // A combining mark may not be cut from its letter: that text still goes through one.
    expect(fitColumns('cafe\u0301 au lait', 5)).toBe('cafe\u0301…');
    expect(segmenter).toHaveBeenCalled();
    segmenter.mockRestore();
  });

  it('fits any text into exactly the width asked, never cutting inside a character', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }),
        fc.integer({ min: 1, max: 24 }),
        (parts, width) => {
          const text = parts.join('');
          const fitted = fitColumns(text, width);
          expect(stringWidth(fitted)).toBe(width);
          if (stringWidth(text) <= width) expect(fitted.trimEnd()).toBe(text.trimEnd());
          else {
            expect(fitted.trimEnd().endsWith('…')).toBe(true);
            // What is kept is a prefix of whole characters of the text.
            expect(text.startsWith(fitted.trimEnd().slice(0, -1))).toBe(true);
          }
        },
      ),
    );
    // A wide character that does not fit before the ellipsis leaves a space, not half of itself.
    expect(fitColumns('ab名前cd', 4)).toBe('ab… ');
    expect(fit('ünïcødé-名前', 10)).toBe('ünïcødé-… ');
  });

  it('text tables line every column up by display width (CJK, combining marks, emoji)', () => {
    const table = renderTable(
      ['Name', 'Kind', 'State'],
      [
        ['dev', 'aws/user', 'active'],
        ['ünïcødé-名前', 'oidc', 'expired'],
        ['cafe\u0301 👍', 'token-service', 'active'],
      ],
    );
    const lines = table.trimEnd().split('\n');
    // The column "Kind" starts at the same display column on every line, and so does "State".
    for (const header of ['Kind', 'State']) {
      const start = stringWidth((lines[0] as string).slice(0, (lines[0] as string).indexOf(header)));
      for (const [i, line] of lines.entries()) {
        const cell = ['Kind', 'aws/user', 'oidc', 'token-service'][i] as string;
        const value = header === 'Kind' ? cell : (['State', 'active', 'expired', 'active'][i] as string);
        expect(
          stringWidth(line.slice(0, line.indexOf(value, header === 'State' ? line.indexOf(cell) + cell.length : 0))),
          line,
        ).toBe(start);
      }
    }
  });
});
