// Whole files (src/auth/whole-file.ts): the same text and bytes as Node's readFileSync, a large
// file's in memory V8 maps itself rather than the C library's allocator, decoded a piece at a time.
import { readFileSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, readText, readWhole } from '../../src/auth/whole-file.js';
import { tempDir } from '../helpers/tmp.js';

/** Text whose multi-byte characters (2, 3 and 4 bytes) fall across the pieces it is decoded in. */
function awkwardText(): string {
  let text = '';
  for (let i = 0; text.length < 400_000; i++) text += `${'a'.repeat(i % 5)}é€😀\n`;
  return text;
}

describe('whole files', () => {
  it('reads UTF-8 text as readFileSync does, characters split between pieces kept whole', () => {
    const file = join(tempDir(), 'text.json');
    const text = awkwardText();
    writeFileSync(file, text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 256 * 1024);
    expect(readText(file)).toBe(readFileSync(file, 'utf8'));
    expect(readText(file)).toBe(text);
  });

  it('reads Latin-1 byte for byte, and malformed UTF-8 as readFileSync does', () => {
    const file = join(tempDir(), 'bytes');
    const bytes = Buffer.alloc(600_000, 0);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 256;
    writeFileSync(file, bytes);
    expect(readText(file, 'latin1')).toBe(readFileSync(file, 'latin1'));
    expect(readText(file)).toBe(readFileSync(file, 'utf8'));
  });

  // Over glibc's 128-KB threshold a block gets a mapping of its own, whose freeing moves the
  // allocator's limits; under it, a mapping of V8's own would cost every hot path.
  it.each([
    { size: 1_000_000, mapped: true },
    { size: 128 * 1024, mapped: true },
    { size: 128 * 1024 - 1, mapped: false },
    { size: 60_000, mapped: false },
  ])('puts a file of $size bytes in memory V8 maps itself: $mapped', ({ size, mapped }) => {
    const file = join(tempDir(), 'bytes');
    const written = Buffer.alloc(size);
    for (let i = 0; i < size; i++) written[i] = i % 251;
    writeFileSync(file, written);
    const fd = openSync(file, 'r');
    try {
      const bytes = readWhole(fd);
      expect(bytes.equals(written)).toBe(true);
      expect((bytes.buffer as ArrayBuffer).resizable).toBe(mapped);
    } finally {
      closeSync(fd);
    }
  });

  it('reads a file that states no size (as /proc files) to its end', () => {
    const fd = openSync('/proc/self/maps', 'r');
    let read: string;
    try {
      read = readWhole(fd).toString('latin1');
    } finally {
      closeSync(fd);
    }
    // More than one piece, ending where the file ends.
    expect(read.length).toBeGreaterThan(0);
    expect(read.endsWith('\n')).toBe(true);
    expect(read.split('\n')[0]).toBe(readFileSync('/proc/self/maps', 'latin1').split('\n')[0]);
  });

  it('an empty file is empty text, a missing one the error readFileSync gives', () => {
    const d = tempDir();
    writeFileSync(join(d, 'empty'), '');
    expect(readText(join(d, 'empty'))).toBe('');
    expect(() => readText(join(d, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(decodeText(Buffer.alloc(0), 'utf8')).toBe('');
  });
});
