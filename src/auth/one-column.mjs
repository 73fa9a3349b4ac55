// Characters that are one column each and form no clusters, so a string of them is as wide as it
// is long and splits into characters code unit by code unit: Latin, punctuation, arrows, math,
// box drawing, shapes, braille, a few symbols (all in the BMP). The Ink patches' fast path for
// string-width (scripts/ink-patches.mjs) and the text fitting of src/auth/text-width.ts use it;
// test/scripts/ink-patches.test.ts checks it code point by code point against string-width.
export const ONE_COLUMN_TEXT =
  '^[\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u02FF\\u2010-\\u2027\\u2030-\\u205E\\u2100-\\u214F\\u2190-\\u21FF\\u2200-\\u22FF\\u232B\\u2500-\\u25FC\\u25FF\\u26A0\\u2713\\u2714\\u2717\\u2718\\u2800-\\u28FF]*$';
