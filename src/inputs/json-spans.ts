// Where values sit in a JSON text that JSON.parse has already accepted, so that a document's input can
// be the file's own bytes rather than a re-serialisation (JSON.stringify of each CloudTrail record was
// the largest single cost of a CloudTrail scan). The text is known to be valid JSON, so the scanner
// only tracks strings and nesting; anything unexpected returns undefined and callers fall back to
// JSON.stringify.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The offset just past the string whose opening quote is at `i`. */
function skipString(text: string, i: number): number {
  // indexOf runs natively: most of a record's characters are inside strings
  for (let from = i + 1; ; ) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The offset just past the value starting at `i` (no leading space). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    // number, true, false, null: up to the next delimiter
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === QUOTE) {
      i = skipString(text, i) - 1;
      if (i < 0) return -1;
    } else if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The offset of the value of `key` in the top-level object of `text`, or undefined. */
export function topLevelValueOffset(text: string, key: string): number | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return undefined;
  i = skipSpace(text, i + 1);
  const quoted = JSON.stringify(key);
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const end = skipString(text, i);
    if (end < 0) return undefined;
    const name = text.slice(i, end);
    i = skipSpace(text, end);
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    i = skipSpace(text, i + 1);
    if (name === quoted || (name.includes("\\") && JSON.parse(name) === key)) return i;
    i = skipValue(text, i);
    if (i < 0) return undefined;
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** [start, end) of each element of the array whose `[` is at `open`, or undefined. */
export function arrayElementSpans(text: string, open: number): [number, number][] | undefined {
  if (text.charCodeAt(open) !== 0x5b) return undefined;
  const spans: [number, number][] = [];
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === 0x5d) return spans;
  while (i < text.length) {
    const end = skipValue(text, i);
    if (end < 0) return undefined;
    spans.push([i, end]);
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === 0x5d) return spans;
    if (c !== 0x2c) return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}
