// Aggregates and set operators.
import { valueCompare, valueEqual } from "../compare";
import { mkSet, setAdd, sortedAt, sortedOrder, tCount, tFind, tKey } from "../collections";
import { sortIdx } from "../sort";
import { utf8Count } from "../string";
import {
  T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_SET, T_STRING, TRUE_V, arrGet, arrLen, arrPush, boolOf,
  mkArray, mkBool, mkInt, strLen, strPtr, tagOf,
} from "../value";
import { arith } from "./numbers";
import { errElem, errOneOf, errType } from "./common";
import { setDiff } from "./numbers";

export function b_count(a: usize): usize {
  if (a == 0) return 0;
  switch (tagOf(a)) {
    case T_ARRAY: return mkInt(arrLen(a));
    case T_OBJECT:
    case T_SET: return mkInt(tCount(a));
    case T_STRING: return mkInt(utf8Count(strPtr(a), strLen(a)));
  }
  return errOneOf("count", 1, a, "array, object, set, string");
}

// Elements of an array or set, by position.
// @ts-ignore: decorator
@inline function collLen(a: usize): u32 {
  return tagOf(a) == T_ARRAY ? arrLen(a) : tCount(a);
}
// @ts-ignore: decorator
@inline function collAt(a: usize, i: u32): usize {
  return tagOf(a) == T_ARRAY ? arrGet(a, i) : tKey(a, i);
}

function fold(name: string, a: usize, op: i32, init: i64): usize {
  if (a == 0) return 0;
  const t = tagOf(a);
  if (t != T_ARRAY && t != T_SET) return errOneOf(name, 1, a, "set, array");
  const n = collLen(a);
  let acc = mkInt(init);
  for (let i: u32 = 0; i < n; i++) {
    const x = collAt(a, i);
    if (tagOf(x) != T_NUMBER) return errElem(name, 1, a, x, "number");
    acc = arith(op, acc, x);
  }
  return acc;
}

export function b_sum(a: usize): usize { return fold("sum", a, 0, 0); }
export function b_product(a: usize): usize { return fold("product", a, 2, 1); }

function extreme(name: string, a: usize, sign: i32): usize {
  if (a == 0) return 0;
  const t = tagOf(a);
  if (t != T_ARRAY && t != T_SET) return errOneOf(name, 1, a, "set, array");
  const n = collLen(a);
  if (n == 0) return 0;
  let best = collAt(a, 0);
  for (let i: u32 = 1; i < n; i++) {
    const x = collAt(a, i);
    if (valueCompare(x, best) * sign > 0) best = x;
  }
  return best;
}

export function b_max(a: usize): usize { return extreme("max", a, 1); }
export function b_min(a: usize): usize { return extreme("min", a, -1); }

export function b_sort(a: usize): usize {
  if (a == 0) return 0;
  const t = tagOf(a);
  if (t == T_SET) {
    const n = tCount(a);
    const ord = sortedOrder(a);
    const out = mkArray(n);
    for (let i: u32 = 0; i < n; i++) arrPush(out, tKey(a, sortedAt(ord, i)));
    return out;
  }
  if (t != T_ARRAY) return errOneOf("sort", 1, a, "array, set");
  const n = arrLen(a);
  const out = mkArray(n);
  for (let i: u32 = 0; i < n; i++) arrPush(out, arrGet(a, i));
  sortIdx(<usize>load<u32>(out, 12), n, 0);
  return out;
}

function allAny(name: string, a: usize, all: bool): usize {
  if (a == 0) return 0;
  const t = tagOf(a);
  if (t != T_ARRAY && t != T_SET) return errOneOf(name, 1, a, "set, array");
  const n = collLen(a);
  for (let i: u32 = 0; i < n; i++) {
    const x = collAt(a, i);
    const isTrue = tagOf(x) == T_BOOLEAN && boolOf(x);
    if (all && !isTrue) return mkBool(false);
    if (!all && isTrue) return mkBool(true);
  }
  return mkBool(all);
}

export function b_all(a: usize): usize { return allAny("all", a, true); }
export function b_any(a: usize): usize { return allAny("any", a, false); }

// ---- sets

export function intersect(a: usize, b: usize): usize {
  // Iterate the smaller set, keeping the first set's insertion order where possible.
  const out = mkSet(0);
  const n = tCount(a);
  for (let i: u32 = 0; i < n; i++) {
    const x = tKey(a, i);
    if (tFind(b, x) >= 0) setAdd(out, x);
  }
  return out;
}

export function unite(a: usize, b: usize): usize {
  const out = mkSet(tCount(a) + tCount(b));
  const n = tCount(a);
  for (let i: u32 = 0; i < n; i++) setAdd(out, tKey(a, i));
  const m = tCount(b);
  for (let i: u32 = 0; i < m; i++) setAdd(out, tKey(b, i));
  return out;
}

function sets2(name: string, a: usize, b: usize): bool {
  if (a == 0 || b == 0) return false;
  if (tagOf(a) != T_SET) {
    errType(name, 1, a, "set");
    return false;
  }
  if (tagOf(b) != T_SET) {
    errType(name, 2, b, "set");
    return false;
  }
  return true;
}

export function b_and(a: usize, b: usize): usize { return sets2("and", a, b) ? intersect(a, b) : 0; }
export function b_or(a: usize, b: usize): usize { return sets2("or", a, b) ? unite(a, b) : 0; }
export function b_set_diff(a: usize, b: usize): usize { return sets2("set_diff", a, b) ? setDiff(a, b) : 0; }

function setOfSets(name: string, a: usize, union: bool): usize {
  if (a == 0) return 0;
  if (tagOf(a) != T_SET) return errType(name, 1, a, "set");
  const n = tCount(a);
  for (let i: u32 = 0; i < n; i++) {
    const x = tKey(a, i);
    if (tagOf(x) != T_SET) return errElem(name, 1, a, x, "set");
  }
  if (n == 0) return mkSet(0);
  let acc = tKey(a, 0);
  for (let i: u32 = 1; i < n; i++) acc = union ? unite(acc, tKey(a, i)) : intersect(acc, tKey(a, i));
  return n == 1 ? unite(acc, mkSet(0)) : acc;
}

export function b_union(a: usize): usize { return setOfSets("union", a, true); }
export function b_intersection(a: usize): usize { return setOfSets("intersection", a, false); }

// x in xs: arrays and sets by element, objects by value; other collections hold nothing.
export function b_internal_member_2(x: usize, c: usize): usize {
  if (x == 0 || c == 0) return 0;
  const t = tagOf(c);
  if (t == T_SET) return mkBool(tFind(c, x) >= 0);
  if (t == T_ARRAY) {
    const n = arrLen(c);
    for (let i: u32 = 0; i < n; i++) if (valueEqual(arrGet(c, i), x)) return TRUE_V;
    return mkBool(false);
  }
  if (t == T_OBJECT) {
    const n = tCount(c);
    for (let i: u32 = 0; i < n; i++) {
      if (valueEqual(<usize>load<u32>(<usize>load<u32>(c, 12) + (<usize>i << 3), 4), x)) return TRUE_V;
    }
  }
  return mkBool(false);
}

import { opa_value_get } from "../api";
// k, v in xs: the collection holds v at key k (arrays: index k; sets: k == v is the element).
export function b_internal_member_3(k: usize, v: usize, c: usize): usize {
  if (k == 0 || v == 0 || c == 0) return 0;
  const t = tagOf(c);
  if (t != T_ARRAY && t != T_OBJECT && t != T_SET) return mkBool(false);
  const got = opa_value_get(c, k);
  return mkBool(got != 0 && valueEqual(got, v) && (t != T_SET || valueEqual(k, v)));
}
