// Value hashing. Equal values (OPA equality) hash equal: numbers hash their normalized decimal,
// objects and sets combine entry hashes commutatively because insertion order does not matter.
import { numHash } from "./number";
import {
  T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, arrGet, arrLen, boolOf, strLen,
  strPtr, tagOf,
} from "./value";

// @ts-ignore: decorator
@inline function fmix(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

// MurmurHash3 (x86, 32-bit) over a byte range.
export function bytesHash(p: usize, n: usize): u32 {
  let h: u32 = 0x811c9dc5 ^ <u32>n;
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    let k = load<u32>(p + i);
    k *= 0xcc9e2d51;
    k = rotl(k, 15);
    k *= 0x1b873593;
    h ^= k;
    h = rotl(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  let k: u32 = 0;
  const r = n - i;
  if (r == 3) k ^= <u32>load<u8>(p + i + 2) << 16;
  if (r >= 2) k ^= <u32>load<u8>(p + i + 1) << 8;
  if (r >= 1) {
    k ^= <u32>load<u8>(p + i);
    k *= 0xcc9e2d51;
    k = rotl(k, 15);
    k *= 0x1b873593;
    h ^= k;
  }
  return fmix(h);
}

export function strHash(v: usize): u32 {
  let h = load<u32>(v, 12);
  if (h != 0) return h;
  h = bytesHash(strPtr(v), strLen(v));
  if (h == 0) h = 1;
  store<u32>(v, h, 12); // benign cache: the hash is a pure function of the bytes
  return h;
}

export function valueHash(v: usize): u32 {
  switch (tagOf(v)) {
    case T_NULL: return 0x2545f491;
    case T_BOOLEAN: return boolOf(v) ? 0x6a09e667 : 0x3c6ef372;
    case T_NUMBER: return numHash(v);
    case T_STRING: return strHash(v);
    case T_ARRAY: {
      const n = arrLen(v);
      let h: u32 = 0x510e527f ^ n;
      for (let i: u32 = 0; i < n; i++) h = fmix(h * 31 + valueHash(arrGet(v, i)));
      return h;
    }
    case T_OBJECT: {
      const n = load<u32>(v, 4);
      const ents = <usize>load<u32>(v, 12);
      let h: u32 = 0x9b05688c;
      for (let i: u32 = 0; i < n; i++) {
        const e = ents + (<usize>i << 3);
        h += fmix(valueHash(<usize>load<u32>(e)) * 0x01000193 ^ valueHash(<usize>load<u32>(e, 4)));
      }
      return fmix(h ^ n);
    }
    case T_SET: {
      const n = load<u32>(v, 4);
      const ents = <usize>load<u32>(v, 12);
      let h: u32 = 0x1f83d9ab;
      for (let i: u32 = 0; i < n; i++) h += fmix(valueHash(<usize>load<u32>(ents + (<usize>i << 3))));
      return fmix(h ^ (n * 0x5be0cd19));
    }
  }
  return 0;
}

export function opa_value_hash(v: usize): u32 {
  return v == 0 ? 0 : valueHash(v);
}
