// UTF-8 helpers. Strings are byte ranges; builtins that count characters count code points
// (Go runes), with invalid bytes counting as one U+FFFD each, as Go does.
import { casemap } from "util/casemap";

export let cpLen: u32 = 1; // bytes consumed by the last utf8Decode

// Decodes one code point at p (n bytes available). Invalid sequences yield U+FFFD, length 1.
export function utf8Decode(p: usize, n: usize): u32 {
  const c0 = <u32>load<u8>(p);
  if (c0 < 0x80) {
    cpLen = 1;
    return c0;
  }
  cpLen = 1;
  if (c0 < 0xc2) return 0xfffd;
  if (c0 < 0xe0) {
    if (n < 2) return 0xfffd;
    const c1 = <u32>load<u8>(p + 1);
    if ((c1 & 0xc0) != 0x80) return 0xfffd;
    cpLen = 2;
    return ((c0 & 0x1f) << 6) | (c1 & 0x3f);
  }
  if (c0 < 0xf0) {
    if (n < 3) return 0xfffd;
    const c1 = <u32>load<u8>(p + 1), c2 = <u32>load<u8>(p + 2);
    if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80) return 0xfffd;
    const cp = ((c0 & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
    if (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000)) return 0xfffd;
    cpLen = 3;
    return cp;
  }
  if (c0 < 0xf5) {
    if (n < 4) return 0xfffd;
    const c1 = <u32>load<u8>(p + 1), c2 = <u32>load<u8>(p + 2), c3 = <u32>load<u8>(p + 3);
    if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80 || (c3 & 0xc0) != 0x80) return 0xfffd;
    const cp = ((c0 & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
    if (cp < 0x10000 || cp > 0x10ffff) return 0xfffd;
    cpLen = 4;
    return cp;
  }
  return 0xfffd;
}

export function utf8Count(p: usize, n: usize): u32 {
  let count: u32 = 0;
  let i: usize = 0;
  while (i < n) {
    if (load<u8>(p + i) < 0x80) i++;
    else {
      utf8Decode(p + i, n - i);
      i += cpLen;
    }
    count++;
  }
  return count;
}

// Byte offset of the k-th code point (or n when k is past the end).
export function utf8Offset(p: usize, n: usize, k: u32): usize {
  let i: usize = 0;
  while (k > 0 && i < n) {
    if (load<u8>(p + i) < 0x80) i++;
    else {
      utf8Decode(p + i, n - i);
      i += cpLen;
    }
    k--;
  }
  return i;
}

export function utf8Size(cp: u32): u32 {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

export function utf8Put(d: usize, cp: u32): u32 {
  if (cp < 0x80) {
    store<u8>(d, <u8>cp);
    return 1;
  }
  if (cp < 0x800) {
    store<u8>(d, <u8>(0xc0 | (cp >> 6)));
    store<u8>(d + 1, <u8>(0x80 | (cp & 63)));
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(d, <u8>(0xe0 | (cp >> 12)));
    store<u8>(d + 1, <u8>(0x80 | ((cp >> 6) & 63)));
    store<u8>(d + 2, <u8>(0x80 | (cp & 63)));
    return 3;
  }
  store<u8>(d, <u8>(0xf0 | (cp >> 18)));
  store<u8>(d + 1, <u8>(0x80 | ((cp >> 12) & 63)));
  store<u8>(d + 2, <u8>(0x80 | ((cp >> 6) & 63)));
  store<u8>(d + 3, <u8>(0x80 | (cp & 63)));
  return 4;
}

// Simple (one-to-one) case mapping, like Go's unicode.ToLower/ToUpper.
export function toLowerCp(c: u32): u32 {
  if (c < 0x80) return c - 65 < 26 ? c + 32 : c;
  if (c - 0x24b6 <= 0x24cf - 0x24b6) return c + 26; // circled letters: not in casemap's table
  if (c >= 0x20000) return c;
  return <u32>casemap(c, 0) & 0x1fffff;
}

export function toUpperCp(c: u32): u32 {
  if (c < 0x80) return c - 97 < 26 ? c - 32 : c;
  if (c - 0x24d0 <= 0x24e9 - 0x24d0) return c - 26;
  if (c == 0xdf) return c; // ß has no simple uppercase (U+1E9E maps down, not up)
  if (c >= 0x20000) return c;
  return <u32>casemap(c, 1) & 0x1fffff;
}

// Unicode White_Space, as Go's unicode.IsSpace.
export function isSpaceCp(c: u32): bool {
  if (c <= 0xff) return c == 32 || (c >= 9 && c <= 13) || c == 0x85 || c == 0xa0;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
    c == 0x202f || c == 0x205f || c == 0x3000;
}

// Byte search: index of needle in hay from byte offset `from`, or -1.
export function bytesIndex(h: usize, hn: usize, nd: usize, nn: usize, from: usize): i32 {
  if (nn == 0) return <i32>from;
  if (nn > hn) return -1;
  const first = load<u8>(nd);
  const last = hn - nn;
  for (let i = from; i <= last; i++) {
    if (load<u8>(h + i) == first && memory.compare(h + i, nd, nn) == 0) return <i32>i;
  }
  return -1;
}

// Byte equality, 8 bytes at a time (memory.compare is a byte loop).
export function bytesEq(a: usize, b: usize, n: usize): bool {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
  for (; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

// Three-way byte comparison: the first differing byte decides.
export function bytesCmp(a: usize, b: usize, n: usize): i32 {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) break;
  for (; i < n; i++) {
    const x = <i32>load<u8>(a + i), y = <i32>load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
