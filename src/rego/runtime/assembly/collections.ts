// Objects and sets: hash tables whose entries sit in an insertion-ordered array, so iteration
// by position is O(1) and lookups are O(1) expected. Tables up to SMALL entries have no index and
// are scanned (cheaper than hashing for the small objects that dominate JSON documents).
import { alloc, allocZero, cacheFloor } from "./alloc";
import { valueEqual, valueCompare } from "./compare";
import { valueHash } from "./hash";
import { sortIdx } from "./sort";
import { bytesEq } from "./string";
import { T_OBJECT, T_SET, T_STRING, strLen, strPtr, tagOf } from "./value";

const SMALL: u32 = 8;

function mkTable(tag: u32, cap: u32): usize {
  // Header and initial entries in one allocation.
  const t = alloc(32 + (<usize>cap << 3));
  store<u32>(t, tag);
  store<u32>(t, 0, 4);
  store<u32>(t, cap, 8);
  store<u32>(t, cap ? <u32>(t + 32) : 0, 12);
  store<u32>(t, 0, 16);
  store<u32>(t, 0, 20);
  store<u32>(t, 0, 24);
  return t;
}

export function mkObject(cap: u32): usize {
  return mkTable(T_OBJECT, cap);
}

export function mkSet(cap: u32): usize {
  return mkTable(T_SET, cap);
}

// @ts-ignore: decorator
@inline export function tCount(t: usize): u32 {
  return load<u32>(t, 4);
}
// @ts-ignore: decorator
@inline export function tKey(t: usize, i: u32): usize {
  return <usize>load<u32>(<usize>load<u32>(t, 12) + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline export function tVal(t: usize, i: u32): usize {
  return <usize>load<u32>(<usize>load<u32>(t, 12) + (<usize>i << 3), 4);
}

// Fast equality for keys: most keys are strings.
// @ts-ignore: decorator
@inline function keyEq(a: usize, b: usize): bool {
  if (a == b) return true;
  if (tagOf(a) == T_STRING) {
    if (tagOf(b) != T_STRING) return false;
    const n = strLen(a);
    return n == strLen(b) && bytesEq(strPtr(a), strPtr(b), n);
  }
  return valueEqual(a, b);
}

function buildIndex(t: usize, slots: u32): void {
  const idx = allocZero(<usize>slots << 3);
  const mask = slots - 1;
  const n = tCount(t);
  const ents = <usize>load<u32>(t, 12);
  for (let i: u32 = 0; i < n; i++) {
    const h = valueHash(<usize>load<u32>(ents + (<usize>i << 3)));
    let s = h & mask;
    while (load<u32>(idx + (<usize>s << 3)) != 0) s = (s + 1) & mask;
    store<u32>(idx + (<usize>s << 3), i + 1);
    store<u32>(idx + (<usize>s << 3), h, 4);
  }
  store<u32>(t, <u32>idx, 16);
  store<u32>(t, mask, 20);
}

// Index of the entry with key k, or -1.
export function tFind(t: usize, k: usize): i32 {
  const n = tCount(t);
  const ents = <usize>load<u32>(t, 12);
  const idx = <usize>load<u32>(t, 16);
  if (idx == 0) {
    for (let i: u32 = 0; i < n; i++) {
      if (keyEq(<usize>load<u32>(ents + (<usize>i << 3)), k)) return <i32>i;
    }
    return -1;
  }
  const h = valueHash(k);
  const mask = load<u32>(t, 20);
  let s = h & mask;
  while (true) {
    const slot = idx + (<usize>s << 3);
    const e = load<u32>(slot);
    if (e == 0) return -1;
    if (load<u32>(slot, 4) == h && keyEq(<usize>load<u32>(ents + (<usize>(e - 1) << 3)), k)) return <i32>(e - 1);
    s = (s + 1) & mask;
  }
}

function appendEntry(t: usize, k: usize, v: usize): void {
  const n = tCount(t);
  let cap = load<u32>(t, 8);
  let ents = <usize>load<u32>(t, 12);
  if (n == cap) {
    const ncap = cap < 4 ? 4 : cap * 2;
    const ne = alloc(<usize>ncap << 3);
    if (n) memory.copy(ne, ents, <usize>n << 3);
    ents = ne;
    store<u32>(t, ncap, 8);
    store<u32>(t, <u32>ne, 12);
  }
  store<u32>(ents + (<usize>n << 3), <u32>k);
  store<u32>(ents + (<usize>n << 3), <u32>v, 4);
  store<u32>(t, n + 1, 4);
  store<u32>(t, 0, 24); // sorted-order cache is stale
  const cnt = n + 1;
  const idx = <usize>load<u32>(t, 16);
  if (idx == 0) {
    if (cnt > SMALL) buildIndex(t, 32);
    return;
  }
  const mask = load<u32>(t, 20);
  if (cnt * 2 > mask + 1) {
    buildIndex(t, (mask + 1) * 2);
    return;
  }
  const h = valueHash(k);
  let s = h & mask;
  while (load<u32>(idx + (<usize>s << 3)) != 0) s = (s + 1) & mask;
  store<u32>(idx + (<usize>s << 3), cnt);
  store<u32>(idx + (<usize>s << 3), h, 4);
}

// Inserts or replaces.
export function objInsert(o: usize, k: usize, v: usize): void {
  const i = tFind(o, k);
  if (i >= 0) {
    store<u32>(<usize>load<u32>(o, 12) + (<usize>i << 3), <u32>v, 4);
    return;
  }
  appendEntry(o, k, v);
}

// Appends without checking for an existing key (the caller knows k is absent).
export function tAppendNew(t: usize, k: usize, v: usize): void {
  appendEntry(t, k, v);
}

export function objGet(o: usize, k: usize): usize {
  const i = tFind(o, k);
  return i < 0 ? 0 : tVal(o, <u32>i);
}

export function setAdd(s: usize, x: usize): void {
  if (tFind(s, x) < 0) appendEntry(s, x, 0);
}

export function setHas(s: usize, x: usize): bool {
  return tFind(s, x) >= 0;
}

// Entry indices ordered by key (OPA's order), cached on the table.
export function sortedOrder(t: usize): usize {
  let c = <usize>load<u32>(t, 24);
  // A cache is stale when a heap reset fell between the table and its cache (the table survived,
  // the cache memory was reclaimed).
  if (c != 0 && (t >= cacheFloor || c < cacheFloor)) return c;
  const n = tCount(t);
  c = alloc(<usize>(n > 0 ? n : 1) << 2);
  for (let i: u32 = 0; i < n; i++) store<u32>(c + (<usize>i << 2), i);
  sortIdx(c, n, <usize>load<u32>(t, 12));
  // Cache only in tables made since the last heap reset: the cache dies with them.
  if (t >= cacheFloor) store<u32>(t, <u32>c, 24);
  return c;
}

// @ts-ignore: decorator
@inline export function sortedAt(order: usize, i: u32): u32 {
  return load<u32>(order + (<usize>i << 2));
}
