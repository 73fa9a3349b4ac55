// Whole files read without a large block from the C library's allocator. glibc serves a block of
// over 128 kB with its own mapping, and freeing one raises that limit (and the one below which
// freed memory is kept rather than given back) to its size: after the dashboard read a 4.5 MB
// cached configuration, each thread's heap could keep up to 9 MB it no longer used. So the bytes go
// into memory V8 maps itself (a resizable ArrayBuffer, given back when collected), and text is
// decoded in pieces small enough for V8's heap (Node copies a decoded string of over ≈ 1 MB
// into a block of its own). README, "Memory and scale".
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Read and decoded this much at a time: a block the allocator serves from its heap and reuses. */
const PIECE = 64 * 1024;

/** The bytes of an open file, from where it is to its end (as far as its size said, as `readFileSync`). */
export function readWhole(fd: number): Buffer {
  const stated = fstatSync(fd).size;
  // A size of 0 may be a file that tells none (as /proc's do): read on until its end.
  let size = stated || PIECE;
  let bytes = Buffer.from(new ArrayBuffer(size, { maxByteLength: size }));
  let length = 0;
  for (;;) {
    if (length === size) {
      if (stated) return bytes;
      size *= 2;
      const larger = Buffer.from(new ArrayBuffer(size, { maxByteLength: size }));
      bytes.copy(larger);
      bytes = larger;
    }
    const read = readSync(fd, bytes, length, size - length, null);
    if (read === 0) return bytes.subarray(0, length);
    length += read;
  }
}

/** The bytes as text, decoded a piece at a time (a character split between pieces is kept whole). */
export function decodeText(bytes: Uint8Array, encoding: 'utf8' | 'latin1'): string {
  const decoder = new StringDecoder(encoding);
  const pieces: string[] = [];
  for (let at = 0; at < bytes.length; at += PIECE) pieces.push(decoder.write(bytes.subarray(at, at + PIECE)));
  pieces.push(decoder.end());
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
