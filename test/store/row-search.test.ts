import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowSearch, searchRows } from '../../src/store/row-search.js';
import { status } from '../helpers/ui.js';

describe('row search', () => {
  const rows = [
    status('prod-admin', { account: '111122223333', region: 'eu-west-1' }),
    status('Staging', { kind: 'oidc/login', subject: 'ada@example.com' }),
    status('İstanbul'), // lower-cases to a longer string: the rows after it must still be found
    status('dev'),
  ];
  const search = rowSearch(rows);
  const names = (needle: string) =>
    searchRows(search, needle)
      .slice()
      .map((n) => n.name);

  it('finds a needle in any field, once per row, in order', () => {
    expect(names('st')).toEqual(['prod-admin', 'Staging', 'İstanbul']); // eu-west-1, staging, i̇stanbul
    expect(names('aws')).toEqual(['prod-admin', 'İstanbul', 'dev']);
    expect(names('eu-west')).toEqual(['prod-admin']);
    expect(names('example')).toEqual(['Staging']);
    expect(names('oidc')).toEqual(['Staging']);
    expect(names('dev')).toEqual(['dev']);
    expect(names('nothing')).toEqual([]);
  });

  it('never matches across fields or rows', () => {
    expect(names('admin\u0000aws')).toEqual([]);
    expect(names('1\ns')).toEqual([]);
    expect(names('\n')).toEqual([]);
  });

  it('hands back the rows themselves when every row matches', () => {
    expect(searchRows(search, '')).toBe(rows);
    expect(searchRows(search, 'aws')).not.toBe(rows); // 'Staging' is an oidc row
    const all = [status('a-1'), status('a-2')];
    expect(searchRows(rowSearch(all), 'a-')).toBe(all);
  });

  it('agrees with searching each row on its own, for any names', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'B', 'İ', 'ß', 'Σ', 'ǅ', '-', '1', '\u0130', '😀') });
    fc.assert(
      fc.property(fc.array(fc.tuple(field, fc.option(field, { nil: undefined }))), field, (specs, needle) => {
        const nodes = specs.map(([name, account]) => status(name, { account }));
        const lower = needle.toLowerCase();
        const expected = nodes.filter((n) =>
          [n.name, n.kind, n.account ?? '', n.subject ?? '', n.region ?? ''].some((f) =>
            f.toLowerCase().includes(lower),
          ),
        );
        const found = searchRows(rowSearch(nodes), lower);
        expect(found.slice()).toEqual(expected);
        // What the dashboard asks of the rows in view answers as the array of them would.
        expect(found.length).toBe(expected.length);
        for (let i = -expected.length - 1; i <= expected.length; i++) expect(found.at(i)).toBe(expected.at(i));
        for (const [start, end] of [
          [0, 2],
          [1, 3],
          [-2, undefined],
          [2, 1],
        ] as const)
          expect(found.slice(start, end)).toEqual(expected.slice(start, end));
      }),
    );
  });
});
