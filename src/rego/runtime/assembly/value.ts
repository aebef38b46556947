// Value layouts. Every value starts with a one-byte type tag (OPA's numbering).
//   NUMBER (16): [1] repr (INT/FLOAT/REF), [4] ref length, [8] i64 | f64 | ref pointer
//   STRING (16): [4] byte length, [8] byte pointer, [12] cached hash (0 = not computed)
//   ARRAY  (16): [4] length, [8] capacity, [12] element pointer (u32 each)
//   OBJECT/SET (32): [4] count, [8] capacity, [12] entries (key,value u32 pairs; sets leave value 0),
//          [16] hash index (0 until the table grows past SMALL), [20] index mask, [24] sorted-order cache
import { alloc } from "./alloc";

export const T_NULL: u32 = 1;
export const T_BOOLEAN: u32 = 2;
export const T_NUMBER: u32 = 3;
export const T_STRING: u32 = 4;
export const T_ARRAY: u32 = 5;
export const T_OBJECT: u32 = 6;
export const T_SET: u32 = 7;

export const N_INT: u32 = 0;
export const N_FLOAT: u32 = 1;
export const N_REF: u32 = 2;

// Immutable singletons live in static data, so they survive heap resets.
export const NULL_V: usize = memory.data<u8>([1, 0, 0, 0, 0, 0, 0, 0], 8);
export const FALSE_V: usize = memory.data<u8>([2, 0, 0, 0, 0, 0, 0, 0], 8);
export const TRUE_V: usize = memory.data<u8>([2, 0, 0, 0, 1, 0, 0, 0], 8);

// @ts-ignore: decorator
@inline export function tagOf(v: usize): u32 {
  return <u32>load<u8>(v);
}

// @ts-ignore: decorator
@inline export function boolOf(v: usize): bool {
  return load<u8>(v, 4) != 0;
}

export function mkBool(b: bool): usize {
  return b ? TRUE_V : FALSE_V;
}

// ---- numbers
// @ts-ignore: decorator
@inline export function numRepr(v: usize): u32 {
  return <u32>load<u8>(v, 1);
}
// @ts-ignore: decorator
@inline export function numInt(v: usize): i64 {
  return load<i64>(v, 8);
}
// @ts-ignore: decorator
@inline export function numFloat(v: usize): f64 {
  return load<f64>(v, 8);
}
// @ts-ignore: decorator
@inline export function numRefPtr(v: usize): usize {
  return <usize>load<u32>(v, 8);
}
// @ts-ignore: decorator
@inline export function numRefLen(v: usize): usize {
  return <usize>load<u32>(v, 4);
}

export function mkInt(i: i64): usize {
  const v = alloc(16);
  store<u32>(v, T_NUMBER | (N_INT << 8));
  store<i64>(v, i, 8);
  return v;
}

export function mkFloatRaw(f: f64): usize {
  const v = alloc(16);
  store<u32>(v, T_NUMBER | (N_FLOAT << 8));
  store<f64>(v, f, 8);
  return v;
}

// Integral floats that fit exactly become integers, so later integer fast paths apply.
export function mkFloat(f: f64): usize {
  if (f == Math.trunc(f) && Math.abs(f) < 9007199254740992.0) return mkInt(<i64>f);
  return mkFloatRaw(f);
}

export function mkRef(p: usize, n: usize): usize {
  const v = alloc(16);
  store<u32>(v, T_NUMBER | (N_REF << 8));
  store<u32>(v, <u32>n, 4);
  store<u32>(v, <u32>p, 8);
  return v;
}

// ---- strings
// @ts-ignore: decorator
@inline export function strLen(v: usize): usize {
  return <usize>load<u32>(v, 4);
}
// @ts-ignore: decorator
@inline export function strPtr(v: usize): usize {
  return <usize>load<u32>(v, 8);
}

export function mkStr(p: usize, n: usize): usize {
  const v = alloc(16);
  store<u32>(v, T_STRING);
  store<u32>(v, <u32>n, 4);
  store<u32>(v, <u32>p, 8);
  store<u32>(v, 0, 12);
  return v;
}

// Copies n bytes into a fresh string.
export function mkStrCopy(p: usize, n: usize): usize {
  const d = alloc(n);
  memory.copy(d, p, n);
  return mkStr(d, n);
}

// A string from a static literal (ASCII only), for fixed results such as type names.
export function mkStrLit(s: string): usize {
  const n = <usize>s.length;
  const d = alloc(n);
  const p = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) store<u8>(d + i, <u8>load<u16>(p + (i << 1)));
  return mkStr(d, n);
}

// ---- arrays
// @ts-ignore: decorator
@inline export function arrLen(v: usize): u32 {
  return load<u32>(v, 4);
}
// @ts-ignore: decorator
@inline export function arrGet(v: usize, i: u32): usize {
  return <usize>load<u32>(<usize>load<u32>(v, 12) + (<usize>i << 2));
}

export function mkArray(cap: u32): usize {
  const v = alloc(16 + (<usize>cap << 2));
  store<u32>(v, T_ARRAY);
  store<u32>(v, 0, 4);
  store<u32>(v, cap, 8);
  store<u32>(v, cap ? <u32>(v + 16) : 0, 12);
  return v;
}

export function arrPush(a: usize, x: usize): void {
  const n = load<u32>(a, 4);
  let cap = load<u32>(a, 8);
  let elems = <usize>load<u32>(a, 12);
  if (n == cap) {
    const ncap = cap < 4 ? 4 : cap * 2;
    const ne = alloc(<usize>ncap << 2);
    if (n) memory.copy(ne, elems, <usize>n << 2);
    elems = ne;
    store<u32>(a, ncap, 8);
    store<u32>(a, <u32>ne, 12);
  }
  store<u32>(elems + (<usize>n << 2), <u32>x);
  store<u32>(a, n + 1, 4);
}

// The type name OPA uses in messages and type_name().
export function typeName(v: usize): string {
  switch (tagOf(v)) {
    case T_NULL: return "null";
    case T_BOOLEAN: return "boolean";
    case T_NUMBER: return "number";
    case T_STRING: return "string";
    case T_ARRAY: return "array";
    case T_OBJECT: return "object";
    case T_SET: return "set";
  }
  return "undefined";
}
