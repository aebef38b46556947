// The OPA ABI value functions and the evident_* extras used by compiled code.
import { alloc } from "./alloc";
import { valueEqual } from "./compare";
import {
  mkObject, mkSet, objGet, objInsert, setAdd, tAppendNew, tCount, tFind, tKey, tVal,
} from "./collections";
import { CODE_CONFLICT } from "./error";
import { numToI64, intOut } from "./number";
import {
  FALSE_V, NULL_V, T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_SET, T_STRING, TRUE_V, arrGet,
  arrLen, arrPush, boolOf, mkArray, mkFloatRaw, mkInt, mkRef, mkStr, mkStrLit, strLen, tagOf,
  N_FLOAT, N_INT, numInt, numRefLen, numRefPtr, numRepr,
} from "./value";
import { bufI64, bufLen, bufNew, bufPtr } from "./buf";

// @ts-ignore: decorator
@external("env", "opa_println")
declare function opa_println(cstr: usize): void;
// @ts-ignore: decorator
@external("env", "opa_builtin0")
declare function opa_builtin0(id: i32, ctx: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin1")
declare function opa_builtin1(id: i32, ctx: usize, a: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin2")
declare function opa_builtin2(id: i32, ctx: usize, a: usize, b: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin3")
declare function opa_builtin3(id: i32, ctx: usize, a: usize, b: usize, c: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin4")
declare function opa_builtin4(id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize;

export function evident_call_builtin0(id: i32, a: usize, b: usize, c: usize, d: usize): usize {
  return opa_builtin0(id, 0);
}
export function evident_call_builtin1(id: i32, a: usize, b: usize, c: usize, d: usize): usize {
  return opa_builtin1(id, 0, a);
}
export function evident_call_builtin2(id: i32, a: usize, b: usize, c: usize, d: usize): usize {
  return opa_builtin2(id, 0, a, b);
}
export function evident_call_builtin3(id: i32, a: usize, b: usize, c: usize, d: usize): usize {
  return opa_builtin3(id, 0, a, b, c);
}
export function evident_call_builtin4(id: i32, a: usize, b: usize, c: usize, d: usize): usize {
  return opa_builtin4(id, 0, a, b, c, d);
}

// Prints a C string through the host (the compiler's print() support).
export function evident_println(cstr: usize): void {
  opa_println(cstr);
}

// ---- constructors
export function opa_null(): usize { return NULL_V; }
export function opa_boolean(b: i32): usize { return b ? TRUE_V : FALSE_V; }
export function opa_number_int(i: i64): usize { return mkInt(i); }
export function opa_number_float(f: f64): usize { return mkFloatRaw(f); }
export function opa_number_ref(p: usize, n: usize): usize { return mkRef(p, n); }
export function opa_string(p: usize, n: usize): usize { return mkStr(p, n); }
export function opa_array(): usize { return mkArray(0); }
export function opa_array_with_cap(n: u32): usize { return mkArray(n); }
export function opa_object(): usize { return mkObject(0); }
export function opa_set(): usize { return mkSet(0); }

// ---- building
export function opa_array_append(a: usize, v: usize): void { arrPush(a, v); }
export function opa_object_insert(o: usize, k: usize, v: usize): void { objInsert(o, k, v); }
export function opa_set_add(s: usize, v: usize): void { setAdd(s, v); }

// ---- reading
export function opa_value_type(v: usize): u32 {
  return tagOf(v);
}

// Array index from a number value, or -1.
function indexOf(arr: usize, k: usize): i64 {
  if (tagOf(k) != T_NUMBER || !numToI64(k)) return -1;
  const i = intOut;
  return i >= 0 && i < <i64>arrLen(arr) ? i : -1;
}

export function opa_value_get(v: usize, k: usize): usize {
  if (v == 0 || k == 0) return 0;
  switch (tagOf(v)) {
    case T_ARRAY: {
      const i = indexOf(v, k);
      return i < 0 ? 0 : arrGet(v, <u32>i);
    }
    case T_OBJECT: return objGet(v, k);
    case T_SET: {
      const i = tFind(v, k);
      return i < 0 ? 0 : tKey(v, <u32>i);
    }
  }
  return 0;
}

export function opa_value_length(v: usize): u32 {
  switch (tagOf(v)) {
    case T_ARRAY: return arrLen(v);
    case T_OBJECT:
    case T_SET: return tCount(v);
    case T_STRING: return strLen(v);
  }
  return 0;
}

// OPA ABI iteration: returns the key after prev (arrays: index numbers; sets: elements).
export function opa_value_iter(v: usize, prev: usize): usize {
  if (v == 0) return 0;
  const t = tagOf(v);
  if (t == T_ARRAY) {
    let next: i64 = 0;
    if (prev != 0) {
      if (!numToI64(prev)) return 0;
      next = intOut + 1;
    }
    return next < <i64>arrLen(v) ? mkInt(next) : 0;
  }
  if (t == T_OBJECT || t == T_SET) {
    let next: i32 = 0;
    if (prev != 0) {
      const i = tFind(v, prev);
      if (i < 0) return 0;
      next = i + 1;
    }
    return <u32>next < tCount(v) ? tKey(v, <u32>next) : 0;
  }
  return 0;
}

// ---- evident extras
export function evident_is_true(v: usize): i32 {
  return v != 0 && tagOf(v) == T_BOOLEAN && boolOf(v) ? 1 : 0;
}

export function evident_iter_next(c: usize, p: i32): i32 {
  if (c == 0) return -1;
  const t = tagOf(c);
  let n: u32;
  if (t == T_ARRAY) n = arrLen(c);
  else if (t == T_OBJECT || t == T_SET) n = tCount(c);
  else return -1;
  const next = p + 1;
  return <u32>next < n ? next : -1;
}

export function evident_iter_key(c: usize, p: i32): usize {
  const t = tagOf(c);
  if (t == T_ARRAY) return mkInt(p);
  return tKey(c, <u32>p);
}

export function evident_iter_value(c: usize, p: i32): usize {
  const t = tagOf(c);
  if (t == T_ARRAY) return arrGet(c, <u32>p);
  if (t == T_SET) return tKey(c, <u32>p);
  return tVal(c, <u32>p);
}

export function evident_object_insert_once(o: usize, k: usize, v: usize): i32 {
  const i = tFind(o, k);
  if (i >= 0) return valueEqual(tVal(o, <u32>i), v) ? 1 : 0;
  tAppendNew(o, k, v);
  return 1;
}

export function evident_object_get_or_insert_object(o: usize, k: usize): usize {
  const i = tFind(o, k);
  if (i >= 0) {
    const cur = tVal(o, <u32>i);
    return tagOf(cur) == T_OBJECT ? cur : 0;
  }
  const fresh = mkObject(0);
  tAppendNew(o, k, fresh);
  return fresh;
}

// Deep merge of objects; a conflict between non-object leaves (that are not equal) yields 0.
export function evident_value_merge(a: usize, b: usize): usize {
  if (a == 0) return b;
  if (b == 0) return a;
  if (tagOf(a) != T_OBJECT || tagOf(b) != T_OBJECT) return valueEqual(a, b) ? a : 0;
  const out = mkObject(tCount(a) + tCount(b));
  const na = tCount(a);
  for (let i: u32 = 0; i < na; i++) {
    const k = tKey(a, i);
    const j = tFind(b, k);
    if (j < 0) tAppendNew(out, k, tVal(a, i));
    else {
      const m = evident_value_merge(tVal(a, i), tVal(b, <u32>j));
      if (m == 0) return 0;
      tAppendNew(out, k, m);
    }
  }
  const nb = tCount(b);
  for (let i: u32 = 0; i < nb; i++) {
    const k = tKey(b, i);
    if (tFind(a, k) < 0) tAppendNew(out, k, tVal(b, i));
  }
  return out;
}

// ---- eval context for the pre-1.2 eval(ctx) path: [0] input, [4] data, [8] entrypoint, [12] result
export function opa_eval_ctx_new(): usize {
  const c = alloc(16);
  memory.fill(c, 0, 16);
  return c;
}
export function opa_eval_ctx_set_input(c: usize, v: usize): void { store<u32>(c, <u32>v); }
export function opa_eval_ctx_set_data(c: usize, v: usize): void { store<u32>(c, <u32>v, 4); }
export function opa_eval_ctx_set_entrypoint(c: usize, e: i32): void { store<i32>(c, e, 8); }
export function opa_eval_ctx_get_result(c: usize): usize { return <usize>load<u32>(c, 12); }
export function evident_ctx_input(c: usize): usize { return <usize>load<u32>(c); }
export function evident_ctx_data(c: usize): usize { return <usize>load<u32>(c, 4); }
export function evident_ctx_entrypoint(c: usize): i32 { return load<i32>(c, 8); }
export function evident_ctx_set_result(c: usize, v: usize): void { store<u32>(c, <u32>v, 12); }

export { CODE_CONFLICT };

// ---- arguments for host builtins

// The SDK hands host builtins their arguments through JSON.parse, which rounds integers beyond
// 2^53 (nanosecond timestamps). Such a number goes to the host as {"$evident:number": "<digits>"}
// and the engine turns it back into an exact value before the builtin sees it. Anything else is
// passed as it is.
const EXACT_KEY = "$evident:number";

export function evident_exact_arg(v: usize): usize {
  if (v != 0 && tagOf(v) == T_ARRAY) {
    // One level down, for arguments like time.format([ns, tz, layout]).
    const n = arrLen(v);
    let out: usize = 0;
    for (let i: u32 = 0; i < n; i++) {
      const x = arrGet(v, i);
      const y = exactNumber(x);
      if (y != x && out == 0) {
        out = mkArray(n);
        for (let j: u32 = 0; j < i; j++) arrPush(out, arrGet(v, j));
      }
      if (out != 0) arrPush(out, y);
    }
    return out != 0 ? out : v;
  }
  return exactNumber(v);
}

function exactNumber(v: usize): usize {
  if (v == 0 || tagOf(v) != T_NUMBER) return v;
  const r = numRepr(v);
  if (r == N_FLOAT) return v;
  if (r == N_INT) {
    const i = numInt(v);
    if (i <= 9007199254740992 && i >= -9007199254740992) return v;
    const b = bufNew(24);
    bufI64(b, i);
    return exactWrapper(bufPtr(b), bufLen(b));
  }
  // Decimal text: only integers of more than 15 digits can lose digits in a double.
  const p = numRefPtr(v);
  const n = numRefLen(v);
  let digits: u32 = 0;
  for (let k: usize = 0; k < n; k++) {
    const c = load<u8>(p + k);
    if (c == 0x2e || c == 0x65 || c == 0x45) return v; // '.', 'e', 'E': not a plain integer
    if (c >= 0x30 && c <= 0x39) digits++;
  }
  return digits > 15 ? exactWrapper(p, <u32>n) : v;
}

function exactWrapper(p: usize, n: u32): usize {
  const o = mkObject(1);
  objInsert(o, mkStrLit(EXACT_KEY), mkStr(p, n));
  return o;
}
