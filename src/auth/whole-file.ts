// Whole files read without a large block from the C library's allocator. glibc serves a block of
// over 128 kB with its own mapping, and freeing one raises that limit (and the one below which
// freed memory is kept rather than given back) to its size: after the dashboard read a 4.5 MB
// cached configuration, each thread's heap could keep up to 9 MB it no longer used. So a large
// file's bytes go into memory V8 maps itself (a resizable ArrayBuffer, given back when collected),
// a small one's into a block of the allocator's heaps, and text is
// decoded in pieces small enough for V8's heap (Node copies a decoded string of over ≈ 1 MB
// into a block of its own). docs/performance.md, "Memory and scale".
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Text is decoded this much at a time: well under the ≈ 1 MB above which Node copies a decoded
 * string into a block of its own, and above the hot paths' bundles (one piece, one call).
 */
const PIECE = 256 * 1024;

/**
 * Below this glibc serves a block from its heaps (M_MMAP_THRESHOLD's default), where freeing it
 * changes no limit. A block V8 maps costs a mapping, page faults and an unmapping each time, which
 * the hot paths, reading half a dozen small files, would pay on every call.
 */
const HEAP_BLOCK_MOST = 128 * 1024;

/** `size` bytes: from the allocator's heaps when small, else memory V8 maps itself (a resizable ArrayBuffer's). */
function bytesFor(size: number): Buffer {
  return size < HEAP_BLOCK_MOST
    ? Buffer.allocUnsafeSlow(size)
    : Buffer.from(new ArrayBuffer(size, { maxByteLength: size }));
}

/** The bytes of an open file, from where it is to its end (as far as its size said, as `readFileSync`). */
export function readWhole(fd: number): Buffer {
  const stated = fstatSync(fd).size;
  // A size of 0 may be a file that tells none (as /proc's do): read on until its end.
  let size = stated || PIECE;
  let bytes = bytesFor(size);
  let length = 0;
  for (;;) {
    if (length === size) {
      if (stated) return bytes;
      size *= 2;
      const larger = bytesFor(size);
      bytes.copy(larger);
      bytes = larger;
    }
    const read = readSync(fd, bytes, length, size - length, null);
    if (read === 0) return bytes.subarray(0, length);
    length += read;
  }
}

/** The bytes as text, decoded a piece at a time (a UTF-8 character is never split between two). */
export function decodeText(bytes: Buffer, encoding: 'utf8' | 'latin1'): string {
  if (bytes.length <= PIECE) return bytes.toString(encoding);
  const pieces: string[] = [];
  for (let at = 0; at < bytes.length;) {
    let end = Math.min(at + PIECE, bytes.length);
    // Back to a character's first byte (continuation bytes are 10xxxxxx); a piece of nothing but
    // continuation bytes is not text, and is cut where it is.
    if (encoding === 'utf8') {
      const whole = end;
      while (end > at && end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--;
      if (end === at) end = whole;
    }
    pieces.push(bytes.toString(encoding, at, end));
    at = end;
  }
  return pieces.join('');
}

/** A file's text. Errors as `readFileSync`'s (ENOENT for a missing file). */
export function readText(path: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  const fd = openSync(path, 'r');
  try {
    return decodeText(readWhole(fd), encoding);
  } finally {
    closeSync(fd);
  }
}
