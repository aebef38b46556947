// Object, array and walk builtins.
import { valueEqual } from "../compare";
import {
  mkObject, mkSet, objInsert, setAdd, sortedAt, sortedOrder, tAppendNew, tCount, tFind, tKey, tVal,
} from "../collections";
import { intOut, numToI64 } from "../number";
import { opa_value_get } from "../api";
import {
  T_ARRAY, T_NUMBER, T_OBJECT, T_SET, arrGet, arrLen, arrPush, mkArray, mkBool, mkInt, tagOf,
} from "../value";
import { errElem, errOneOf, errType, errTypeMsg, intArg } from "./common";

export function b_object_get(o: usize, k: usize, d: usize): usize {
  if (o == 0 || k == 0 || d == 0) return 0;
  if (tagOf(o) != T_OBJECT) return errType("object.get", 1, o, "object");
  if (tagOf(k) != T_ARRAY) {
    const i = tFind(o, k);
    return i >= 0 ? tVal(o, <u32>i) : d;
  }
  // A path: descend through objects (keys), arrays (indices) and sets (members).
  const n = arrLen(k);
  let cur = o;
  for (let i: u32 = 0; i < n; i++) {
    cur = opa_value_get(cur, arrGet(k, i));
    if (cur == 0) return d;
  }
  return cur;
}

export function b_object_keys(o: usize): usize {
  if (o == 0) return 0;
  if (tagOf(o) != T_OBJECT) return errType("object.keys", 1, o, "object");
  const n = tCount(o);
  const out = mkSet(n);
  for (let i: u32 = 0; i < n; i++) tAppendNew(out, tKey(o, i), 0);
  return out;
}

// The key collection of object.remove / object.filter as a set-like membership test.
function keyColl(name: string, k: usize): usize {
  const t = tagOf(k);
  if (t == T_SET || t == T_OBJECT) return k;
  if (t == T_ARRAY) {
    const s = mkSet(arrLen(k));
    for (let i: u32 = 0; i < arrLen(k); i++) setAdd(s, arrGet(k, i));
    return s;
  }
  return errOneOf(name, 2, k, "object, set, array");
}

function filterKeys(name: string, o: usize, k: usize, keep: bool): usize {
  if (o == 0 || k == 0) return 0;
  if (tagOf(o) != T_OBJECT) return errType(name, 1, o, "object");
  const ks = keyColl(name, k);
  if (ks == 0) return 0;
  const out = mkObject(0);
  const n = tCount(o);
  for (let i: u32 = 0; i < n; i++) {
    const key = tKey(o, i);
    if ((tFind(ks, key) >= 0) == keep) tAppendNew(out, key, tVal(o, i));
  }
  return out;
}

export function b_object_remove(o: usize, k: usize): usize { return filterKeys("object.remove", o, k, false); }
export function b_object_filter(o: usize, k: usize): usize { return filterKeys("object.filter", o, k, true); }

// b wins; nested objects merge recursively.
function mergeOverwrite(a: usize, b: usize): usize {
  const out = mkObject(tCount(a) + tCount(b));
  const na = tCount(a);
  for (let i: u32 = 0; i < na; i++) {
    const key = tKey(a, i);
    const j = tFind(b, key);
    if (j < 0) tAppendNew(out, key, tVal(a, i));
    else {
      const va = tVal(a, i), vb = tVal(b, <u32>j);
      tAppendNew(out, key, tagOf(va) == T_OBJECT && tagOf(vb) == T_OBJECT ? mergeOverwrite(va, vb) : vb);
    }
  }
  const nb = tCount(b);
  for (let i: u32 = 0; i < nb; i++) {
    const key = tKey(b, i);
    if (tFind(a, key) < 0) tAppendNew(out, key, tVal(b, i));
  }
  return out;
}

export function b_object_union(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (tagOf(a) != T_OBJECT) return errType("object.union", 1, a, "object");
  if (tagOf(b) != T_OBJECT) return errType("object.union", 2, b, "object");
  return mergeOverwrite(a, b);
}

export function b_object_union_n(arr: usize): usize {
  if (arr == 0) return 0;
  if (tagOf(arr) != T_ARRAY) return errType("object.union_n", 1, arr, "array");
  const n = arrLen(arr);
  let acc = mkObject(0);
  for (let i: u32 = 0; i < n; i++) {
    const x = arrGet(arr, i);
    if (tagOf(x) != T_OBJECT) return errElem("object.union_n", 1, arr, x, "object");
    acc = mergeOverwrite(acc, x);
  }
  return acc;
}

// OPA's object.subset (topdown/subset.go): objects recursively (a value that is not equal matches
// only an object, set or array of its own kind that is a subset of it), sets by membership, arrays
// as a contiguous run, an array super with a set sub by counting matching elements.
function arraySubset(sup: usize, sub: usize): bool {
  const n = arrLen(sup), m = arrLen(sub);
  if (m > n) return false;
  if (m == 0) return true;
  for (let s: u32 = 0; s + m <= n; s++) {
    let ok = true;
    for (let i: u32 = 0; i < m; i++) {
      if (!valueEqual(arrGet(sup, s + i), arrGet(sub, i))) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

function setSubset(sup: usize, sub: usize): bool {
  const n = tCount(sub);
  for (let i: u32 = 0; i < n; i++) if (tFind(sup, tKey(sub, i)) < 0) return false;
  return true;
}

// OPA counts the super array's elements that are members of sub (duplicates included) and succeeds
// once the count reaches sub's size; an empty super array is never a superset.
function arraySetSubset(sup: usize, sub: usize): bool {
  let unmatched = <i64>tCount(sub);
  const n = arrLen(sup);
  for (let i: u32 = 0; i < n; i++) {
    if (tFind(sub, arrGet(sup, i)) >= 0) unmatched--;
    if (unmatched == 0) return true;
  }
  return false;
}

function objectSubset(sup: usize, sub: usize): bool {
  const n = tCount(sub);
  for (let i: u32 = 0; i < n; i++) {
    const j = tFind(sup, tKey(sub, i));
    if (j < 0) return false;
    const vs = tVal(sup, <u32>j), vb = tVal(sub, i);
    if (valueEqual(vs, vb)) continue;
    const ts = tagOf(vs);
    if (ts != tagOf(vb)) return false;
    if (ts == T_OBJECT) {
      if (!objectSubset(vs, vb)) return false;
    } else if (ts == T_SET) {
      if (!setSubset(vs, vb)) return false;
    } else if (ts == T_ARRAY) {
      if (!arraySubset(vs, vb)) return false;
    } else return false;
  }
  return true;
}

export function b_object_subset(sup: usize, sub: usize): usize {
  if (sup == 0 || sub == 0) return 0;
  const ts = tagOf(sup), tb = tagOf(sub);
  if (ts == T_OBJECT && tb == T_OBJECT) return mkBool(objectSubset(sup, sub));
  if (ts == T_SET && tb == T_SET) return mkBool(setSubset(sup, sub));
  if (ts == T_ARRAY && tb == T_ARRAY) return mkBool(arraySubset(sup, sub));
  if (ts == T_ARRAY && tb == T_SET) return mkBool(arraySetSubset(sup, sub));
  return errTypeMsg("object.subset", "both arguments object.subset must be of the same type or array and set");
}

// ---- arrays

export function b_array_concat(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (tagOf(a) != T_ARRAY) return errType("array.concat", 1, a, "array");
  if (tagOf(b) != T_ARRAY) return errType("array.concat", 2, b, "array");
  const out = mkArray(arrLen(a) + arrLen(b));
  for (let i: u32 = 0; i < arrLen(a); i++) arrPush(out, arrGet(a, i));
  for (let i: u32 = 0; i < arrLen(b); i++) arrPush(out, arrGet(b, i));
  return out;
}

// Out-of-range indices clamp; start > stop gives an empty array.
export function b_array_slice(a: usize, s: usize, e: usize): usize {
  if (a == 0 || s == 0 || e == 0) return 0;
  if (tagOf(a) != T_ARRAY) return errType("array.slice", 1, a, "array");
  if (!intArg("array.slice", 2, s)) return 0;
  let start = intOut;
  if (!intArg("array.slice", 3, e)) return 0;
  let stop = intOut;
  const n = <i64>arrLen(a);
  if (stop > n) stop = n;
  if (start < 0) start = 0;
  if (start > stop) start = stop;
  const out = mkArray(<u32>(stop - start));
  for (let i = start; i < stop; i++) arrPush(out, arrGet(a, <u32>i));
  return out;
}

export function b_array_reverse(a: usize): usize {
  if (a == 0) return 0;
  if (tagOf(a) != T_ARRAY) return errType("array.reverse", 1, a, "array");
  const n = arrLen(a);
  const out = mkArray(n);
  for (let i = n; i > 0; i--) arrPush(out, arrGet(a, i - 1));
  return out;
}

// One level only: array elements are spliced in, anything else (sets included) is kept as it is.
export function b_array_flatten(a: usize): usize {
  if (a == 0) return 0;
  if (tagOf(a) != T_ARRAY) return errType("array.flatten", 1, a, "array");
  const out = mkArray(arrLen(a));
  for (let i: u32 = 0; i < arrLen(a); i++) {
    const x = arrGet(a, i);
    if (tagOf(x) != T_ARRAY) arrPush(out, x);
    else for (let j: u32 = 0; j < arrLen(x); j++) arrPush(out, arrGet(x, j));
  }
  return out;
}

// ---- walk: [path, value] pairs in pre-order; object keys and set elements in sorted order.

function copyPath(path: usize, extra: usize): usize {
  const n = arrLen(path);
  const out = mkArray(n + 1);
  for (let i: u32 = 0; i < n; i++) arrPush(out, arrGet(path, i));
  arrPush(out, extra);
  return out;
}

function walkInto(out: usize, path: usize, v: usize): void {
  const pair = mkArray(2);
  arrPush(pair, path);
  arrPush(pair, v);
  arrPush(out, pair);
  const t = tagOf(v);
  if (t == T_ARRAY) {
    for (let i: u32 = 0; i < arrLen(v); i++) walkInto(out, copyPath(path, mkInt(i)), arrGet(v, i));
  } else if (t == T_OBJECT) {
    const ord = sortedOrder(v);
    for (let i: u32 = 0; i < tCount(v); i++) {
      const e = sortedAt(ord, i);
      walkInto(out, copyPath(path, tKey(v, e)), tVal(v, e));
    }
  } else if (t == T_SET) {
    const ord = sortedOrder(v);
    for (let i: u32 = 0; i < tCount(v); i++) {
      const x = tKey(v, sortedAt(ord, i));
      walkInto(out, copyPath(path, x), x);
    }
  }
}

export function b_walk(v: usize): usize {
  if (v == 0) return 0;
  const out = mkArray(8);
  walkInto(out, mkArray(0), v);
  return out;
}
