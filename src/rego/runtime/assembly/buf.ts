// Growable byte buffer in linear memory: [0] data pointer, [4] length, [8] capacity.
// Growing extends in place while the data is the most recent allocation (the common case
// when dumping), so a dump costs one copy at most per doubling.
import { alloc, tryExtend } from "./alloc";

export function bufNew(cap: u32): usize {
  const b = alloc(12);
  store<u32>(b, <u32>alloc(cap));
  store<u32>(b, 0, 4);
  store<u32>(b, cap, 8);
  return b;
}

// @ts-ignore: decorator
@inline export function bufPtr(b: usize): usize {
  return <usize>load<u32>(b);
}
// @ts-ignore: decorator
@inline export function bufLen(b: usize): u32 {
  return load<u32>(b, 4);
}

export function bufSetLen(b: usize, n: u32): void {
  store<u32>(b, n, 4);
}

function bufGrow(b: usize, need: u32): void {
  const p = <usize>load<u32>(b);
  const len = load<u32>(b, 4);
  const cap = load<u32>(b, 8);
  let ncap = cap * 2;
  if (ncap < len + need) ncap = len + need + 64;
  if (!tryExtend(p, cap, ncap)) {
    const np = alloc(ncap);
    memory.copy(np, p, len);
    store<u32>(b, <u32>np);
  }
  store<u32>(b, ncap, 8);
}

// Makes room for n more bytes and returns where they go (the caller then bumps the length).
export function bufReserve(b: usize, n: u32): usize {
  if (load<u32>(b, 4) + n > load<u32>(b, 8)) bufGrow(b, n);
  return <usize>load<u32>(b) + load<u32>(b, 4);
}

export function bufByte(b: usize, c: u32): void {
  const len = load<u32>(b, 4);
  if (len >= load<u32>(b, 8)) bufGrow(b, 1);
  store<u8>(<usize>load<u32>(b) + len, <u8>c);
  store<u32>(b, len + 1, 4);
}

export function bufBytes(b: usize, p: usize, n: usize): void {
  const d = bufReserve(b, <u32>n);
  memory.copy(d, p, n);
  store<u32>(b, load<u32>(b, 4) + <u32>n, 4);
}

export function bufLit(b: usize, s: string): void {
  const n = <usize>s.length;
  const p = changetype<usize>(s);
  const d = bufReserve(b, <u32>n);
  for (let i: usize = 0; i < n; i++) store<u8>(d + i, <u8>load<u16>(p + (i << 1)));
  store<u32>(b, load<u32>(b, 4) + <u32>n, 4);
}

export function bufRepeat(b: usize, c: u32, n: i32): void {
  for (let i = 0; i < n; i++) bufByte(b, c);
}

export function bufUtf8(b: usize, cp: u32): void {
  if (cp < 0x80) bufByte(b, cp);
  else if (cp < 0x800) {
    bufByte(b, 0xc0 | (cp >> 6));
    bufByte(b, 0x80 | (cp & 63));
  } else if (cp < 0x10000) {
    bufByte(b, 0xe0 | (cp >> 12));
    bufByte(b, 0x80 | ((cp >> 6) & 63));
    bufByte(b, 0x80 | (cp & 63));
  } else {
    bufByte(b, 0xf0 | (cp >> 18));
    bufByte(b, 0x80 | ((cp >> 12) & 63));
    bufByte(b, 0x80 | ((cp >> 6) & 63));
    bufByte(b, 0x80 | (cp & 63));
  }
}

export function bufU64(b: usize, u: u64): void {
  const d = bufReserve(b, 20);
  let n: u32 = 0;
  let t = u;
  do {
    n++;
    t /= 10;
  } while (t != 0);
  let i = n;
  do {
    store<u8>(d + --i, <u8>(48 + <u32>(u % 10)));
    u /= 10;
  } while (u != 0);
  store<u32>(b, load<u32>(b, 4) + n, 4);
}

export function bufI64(b: usize, v: i64): void {
  if (v < 0) {
    bufByte(b, 45);
    bufU64(b, <u64>(-v));
  } else bufU64(b, <u64>v);
}
