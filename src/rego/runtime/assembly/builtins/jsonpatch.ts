// json.filter, json.remove and json.patch, after OPA's topdown/json.go and internal/edittree. They run
// inside Wasm so that sets keep their set-ness: a set in the document is filtered, removed from and
// patched by element ({"op": "remove", "path": "/foo/b"} on {"foo": {"a", "b"}}), and a set of paths
// is as good as an array of paths.
import { CODE_BUILTIN, CODE_TYPE, isStrict, msgBytes, msgLit, msgRaise, msgStart } from "../error";
import { valueEqual } from "../compare";
import { mkObject, mkSet, objGet, objInsert, setAdd, tAppendNew, tCount, tFind, tKey, tVal } from "../collections";
import { alloc } from "../alloc";
import { intOut, numToI64 } from "../number";
import { opa_value_dump } from "../json";
import {
  NULL_V, T_ARRAY, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, arrGet, arrLen, arrPush, mkArray, mkStr,
  strLen, strPtr, tagOf, typeName,
} from "../value";
import { errOneOf, errType } from "./common";

// ---- errors

// Set when an operation failed (the message, in strict mode, has already been raised).
let failed = false;

function cstrLen(p: usize): usize {
  let n: usize = 0;
  while (load<u8>(p + n) != 0) n++;
  return n;
}

// "json.patch: TEXT" as eval_builtin_error (undefined unless strict).
function fail(text: string): usize {
  failed = true;
  if (!isStrict()) return 0;
  msgStart(CODE_BUILTIN);
  msgLit("json.patch: ");
  msgLit(text);
  msgRaise();
  return 0;
}

// "json.patch: HEAD<value>TAIL".
function failWith(head: string, v: usize, tail: string): usize {
  failed = true;
  if (!isStrict()) return 0;
  const d = opa_value_dump(v);
  msgStart(CODE_BUILTIN);
  msgLit("json.patch: ");
  msgLit(head);
  msgBytes(d, cstrLen(d));
  msgLit(tail);
  msgRaise();
  return 0;
}

// ---- paths

// OPA's parsePath: "/a/b~1c" (leading slashes dropped, ~1 and ~0 unescaped) or an array of segments.
// Returns an array of segments, or 0 after reporting a type error.
function parsePath(name: string, p: usize): usize {
  const t = tagOf(p);
  if (t == T_ARRAY) return p;
  if (t != T_STRING) {
    failed = true;
    if (isStrict()) {
      msgStart(CODE_TYPE);
      msgLit(name);
      msgLit(": operand 2 must be one of {set, array} containing string paths or array of path segments but got ");
      msgLit(typeName(p));
      msgRaise();
    }
    return 0;
  }
  const out = mkArray(4);
  let s = strPtr(p);
  const end = s + strLen(p);
  if (s == end) return out;
  while (s < end && load<u8>(s) == 47) s++;
  for (;;) {
    let e = s;
    while (e < end && load<u8>(e) != 47) e++;
    arrPush(out, unescape(s, e - s));
    if (e >= end) break;
    s = e + 1;
  }
  return out;
}

function unescape(p: usize, n: usize): usize {
  let tilde = false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 126) tilde = true;
  if (!tilde) return mkStr(p, n);
  const d = alloc(n);
  let m: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c == 126 && i + 1 < n && load<u8>(p + i + 1) == 49) {
      store<u8>(d + m++, 47);
      i++;
    } else if (c == 126 && i + 1 < n && load<u8>(p + i + 1) == 48) {
      store<u8>(d + m++, 126);
      i++;
    } else store<u8>(d + m++, c);
  }
  return mkStr(d, m);
}

// OPA's getJSONPaths + pathsToObject: the paths as a tree of objects whose leaves are null.
// Returns 0 after reporting an error.
function pathTree(name: string, paths: usize): usize {
  const t = tagOf(paths);
  if (t != T_ARRAY && t != T_SET) return errOneOf(name, 2, paths, "set, array");
  const n = t == T_ARRAY ? arrLen(paths) : tCount(paths);
  const root = mkObject(n);
  failed = false;
  for (let i: u32 = 0; i < n; i++) {
    const path = parsePath(name, t == T_ARRAY ? arrGet(paths, i) : tKey(paths, i));
    if (failed) return 0;
    const m = arrLen(path);
    if (m == 0) continue;
    let node = root;
    let done = false;
    for (let j: u32 = 0; j + 1 < m && !done; j++) {
      const k = arrGet(path, j);
      const child = objGet(node, k);
      if (child == 0) {
        const o = mkObject(0);
        objInsert(node, k, o);
        node = o;
      } else if (tagOf(child) == T_NULL) done = true;
      else node = child;
    }
    if (!done) objInsert(node, arrGet(path, m - 1), NULL_V);
  }
  return root;
}

// The decimal text of i as a string value (array positions are string keys in a path tree).
function indexKey(i: u32): usize {
  const d = alloc(10);
  let n: usize = 0;
  let u = i;
  do {
    n++;
    u /= 10;
  } while (u != 0);
  u = i;
  for (let j = n; j > 0; j--) {
    store<u8>(d + j - 1, <u8>(48 + (u % 10)));
    u /= 10;
  }
  return mkStr(d, n);
}

// ---- json.filter

function filterValue(o: usize, filter: usize): usize {
  if (tagOf(filter) == T_NULL) return o;
  const t = tagOf(o);
  if (t == T_ARRAY) {
    const out = mkArray(0);
    const n = arrLen(o);
    for (let i: u32 = 0; i < n; i++) {
      const sub = objGet(filter, indexKey(i));
      if (sub != 0) arrPush(out, filterValue(arrGet(o, i), sub));
    }
    return out;
  }
  if (t == T_SET) {
    const out = mkSet(0);
    const n = tCount(o);
    for (let i: u32 = 0; i < n; i++) {
      const x = tKey(o, i);
      const sub = objGet(filter, x);
      if (sub != 0) setAdd(out, filterValue(x, sub));
    }
    return out;
  }
  if (t == T_OBJECT) {
    const out = mkObject(0);
    const n = tCount(o);
    for (let i: u32 = 0; i < n; i++) {
      const k = tKey(o, i);
      const sub = objGet(filter, k);
      if (sub != 0) tAppendNew(out, k, filterValue(tVal(o, i), sub));
    }
    return out;
  }
  return o;
}

export function b_json_filter(o: usize, paths: usize): usize {
  if (o == 0 || paths == 0) return 0;
  if (tagOf(o) != T_OBJECT) return errType("json.filter", 1, o, "object");
  const tree = pathTree("json.filter", paths);
  if (tree == 0) return 0;
  return filterValue(o, tree);
}

// ---- json.remove

// 0 when a is removed entirely.
function removeValue(a: usize, b: usize): usize {
  if (b == 0) return a;
  const tb = tagOf(b);
  if (tb == T_NULL) return 0;
  if (tb != T_OBJECT) return a;
  const t = tagOf(a);
  if (t == T_OBJECT) {
    const out = mkObject(0);
    const n = tCount(a);
    for (let i: u32 = 0; i < n; i++) {
      const k = tKey(a, i);
      const r = removeValue(tVal(a, i), objGet(b, k));
      if (r != 0) tAppendNew(out, k, r);
    }
    return out;
  }
  if (t == T_SET) {
    const out = mkSet(0);
    const n = tCount(a);
    for (let i: u32 = 0; i < n; i++) {
      const x = tKey(a, i);
      const r = removeValue(x, objGet(b, x));
      if (r != 0) setAdd(out, r);
    }
    return out;
  }
  if (t == T_ARRAY) {
    const out = mkArray(0);
    const n = arrLen(a);
    for (let i: u32 = 0; i < n; i++) {
      const r = removeValue(arrGet(a, i), objGet(b, indexKey(i)));
      if (r != 0) arrPush(out, r);
    }
    return out;
  }
  return a;
}

export function b_json_remove(o: usize, paths: usize): usize {
  if (o == 0 || paths == 0) return 0;
  if (tagOf(o) != T_OBJECT) return errType("json.remove", 1, o, "object");
  const tree = pathTree("json.remove", paths);
  if (tree == 0) return 0;
  return removeValue(o, tree);
}

// ---- json.patch (OPA's edit tree semantics, on immutable values)

// OPA's toIndex: an integer number, "-" (the length), or the decimal text of an integer without
// leading zeros. Sets `failed` when the segment is not an index.
function toIndex(len: u32, seg: usize): i64 {
  const t = tagOf(seg);
  if (t == T_NUMBER) {
    if (numToI64(seg)) return intOut;
    fail("invalid number type for indexing");
    return 0;
  }
  if (t != T_STRING) {
    fail("invalid type for indexing");
    return 0;
  }
  const p = strPtr(seg), n = strLen(seg);
  if (n == 1 && load<u8>(p) == 45) return <i64>len;
  // strconv.ParseInt(s, 10, 64): an optional sign, then at least one digit.
  let i: usize = 0;
  let neg = false;
  if (n > 0 && (load<u8>(p) == 43 || load<u8>(p) == 45)) {
    neg = load<u8>(p) == 45;
    i = 1;
  }
  if (i >= n) {
    fail("invalid string for indexing");
    return 0;
  }
  let v: i64 = 0;
  for (; i < n; i++) {
    const c = <i32>load<u8>(p + i) - 48;
    if (c < 0 || c > 9 || v > 100000000000000000) {
      fail("invalid string for indexing");
      return 0;
    }
    v = v * 10 + c;
  }
  if (n > 1 && load<u8>(p) == 48) {
    fail("leading zeros are not allowed in JSON paths");
    return 0;
  }
  return neg ? -v : v;
}

// The child of container c at seg (objects by key, sets by element, arrays by index).
function child(c: usize, seg: usize): usize {
  if (c == 0) return fail("nil value encountered where composite value was expected");
  const t = tagOf(c);
  if (t == T_OBJECT) {
    const i = tFind(c, seg);
    if (i < 0) return failWith("cannot unfold child key ", seg, " that does not exist");
    return tVal(c, <u32>i);
  }
  if (t == T_SET) {
    const i = tFind(c, seg);
    if (i < 0) return failWith("cannot unfold child key ", seg, " that does not exist");
    return tKey(c, <u32>i);
  }
  if (t == T_ARRAY) {
    const idx = toIndex(arrLen(c), seg);
    if (failed) return 0;
    if (idx < 0 || idx >= <i64>arrLen(c)) return fail("index for array unfold out of bounds");
    return arrGet(c, <u32>idx);
  }
  return failWith("expected composite type, found value: ", c, "");
}

function getAt(doc: usize, path: usize): usize {
  let cur = doc;
  const n = arrLen(path);
  for (let i: u32 = 0; i < n; i++) {
    cur = child(cur, arrGet(path, i));
    if (failed) return 0;
  }
  if (cur == 0) return fail("nil value encountered where composite value was expected");
  return cur;
}

// c with the entry at key k replaced (objects) or element k swapped for v (sets), or position idx
// replaced (arrays).
function withChild(c: usize, seg: usize, v: usize): usize {
  const t = tagOf(c);
  if (t == T_OBJECT) {
    const n = tCount(c);
    const out = mkObject(n);
    for (let i: u32 = 0; i < n; i++) {
      const k = tKey(c, i);
      tAppendNew(out, k, valueEqual(k, seg) ? v : tVal(c, i));
    }
    return out;
  }
  if (t == T_SET) {
    const n = tCount(c);
    const out = mkSet(n);
    for (let i: u32 = 0; i < n; i++) {
      const k = tKey(c, i);
      if (!valueEqual(k, seg)) setAdd(out, k);
    }
    setAdd(out, v);
    return out;
  }
  // Arrays: seg was validated by child().
  const idx = <u32>toIndex(arrLen(c), seg);
  const n = arrLen(c);
  const out = mkArray(n);
  for (let i: u32 = 0; i < n; i++) arrPush(out, i == idx ? v : arrGet(c, i));
  return out;
}

// Inserts v at path[from..] below c.
function insertIn(c: usize, path: usize, from: u32, v: usize): usize {
  const n = arrLen(path);
  if (c == 0) return fail("deleted node encountered during insert operation");
  const seg = arrGet(path, from);
  if (from + 1 < n) {
    const ch = child(c, seg);
    if (failed) return 0;
    const nc = insertIn(ch, path, from + 1, v);
    if (failed) return 0;
    return withChild(c, seg, nc);
  }
  const t = tagOf(c);
  if (t == T_OBJECT) {
    const m = tCount(c);
    const out = mkObject(m + 1);
    for (let i: u32 = 0; i < m; i++) tAppendNew(out, tKey(c, i), tVal(c, i));
    objInsert(out, seg, v);
    return out;
  }
  if (t == T_SET) {
    if (!valueEqual(seg, v)) return failWith("set key ", seg, " does not equal value to be inserted");
    const m = tCount(c);
    const out = mkSet(m + 1);
    for (let i: u32 = 0; i < m; i++) tAppendNew(out, tKey(c, i), 0);
    setAdd(out, v);
    return out;
  }
  if (t == T_ARRAY) {
    const m = arrLen(c);
    const idx = toIndex(m, seg);
    if (failed) return 0;
    if (idx < 0 || idx > <i64>m) return fail("index for array insertion out of bounds");
    const out = mkArray(m + 1);
    for (let i: u32 = 0; i < m; i++) {
      if (<i64>i == idx) arrPush(out, v);
      arrPush(out, arrGet(c, i));
    }
    if (idx == <i64>m) arrPush(out, v);
    return out;
  }
  return failWith("expected composite type, found value: ", c, "");
}

function insertAt(doc: usize, path: usize, v: usize): usize {
  if (arrLen(path) == 0) return v;
  return insertIn(doc, path, 0, v);
}

function deleteIn(c: usize, path: usize, from: u32): usize {
  const n = arrLen(path);
  if (c == 0) return fail("deleted node encountered during delete operation");
  const seg = arrGet(path, from);
  if (from + 1 < n) {
    const ch = child(c, seg);
    if (failed) return 0;
    const nc = deleteIn(ch, path, from + 1);
    if (failed) return 0;
    return withChild(c, seg, nc);
  }
  const t = tagOf(c);
  if (t == T_OBJECT || t == T_SET) {
    const j = tFind(c, seg);
    if (j < 0) return failWith("cannot delete child key ", seg, " that does not exist");
    const m = tCount(c);
    const out = t == T_OBJECT ? mkObject(m) : mkSet(m);
    for (let i: u32 = 0; i < m; i++) if (<i32>i != j) tAppendNew(out, tKey(c, i), tVal(c, i));
    return out;
  }
  if (t == T_ARRAY) {
    const m = arrLen(c);
    const idx = toIndex(m, seg);
    if (failed) return 0;
    if (idx < 0 || idx >= <i64>m) return fail("index for array delete out of bounds");
    const out = mkArray(m);
    for (let i: u32 = 0; i < m; i++) if (<i64>i != idx) arrPush(out, arrGet(c, i));
    return out;
  }
  return failWith("expected composite type, found value: ", c, "");
}

// The document after deleting path; 0 with `failed` unset means the root itself was deleted.
function deleteAt(doc: usize, path: usize): usize {
  if (arrLen(path) == 0) {
    if (doc == 0) return fail("deleted node encountered during delete operation");
    return 0;
  }
  return deleteIn(doc, path, 0);
}

function attr(op: usize, name: string): usize {
  const p = changetype<usize>(name);
  const n = <usize>name.length;
  const d = alloc(n);
  for (let i: usize = 0; i < n; i++) store<u8>(d + i, <u8>load<u16>(p + (i << 1)));
  return objGet(op, mkStr(d, n));
}

function opIs(s: usize, name: string): bool {
  const n = <usize>name.length;
  if (strLen(s) != n) return false;
  const p = changetype<usize>(name);
  const q = strPtr(s);
  for (let i: usize = 0; i < n; i++) if (<u16>load<u8>(q + i) != load<u16>(p + (i << 1))) return false;
  return true;
}

export function b_json_patch(doc: usize, ops: usize): usize {
  if (doc == 0 || ops == 0) return 0;
  if (tagOf(ops) != T_ARRAY) return errType("json.patch", 2, ops, "array");
  failed = false;
  const n = arrLen(ops);
  for (let i: u32 = 0; i < n; i++) {
    const op = arrGet(ops, i);
    if (tagOf(op) != T_OBJECT) return fail("must be an array of JSON-Patch objects, but at least one element is not an object");
    const pathV = attr(op, "path");
    if (pathV == 0) return fail("missing required attribute 'path'");
    const kind = attr(op, "op");
    if (kind == 0) return fail("missing required attribute 'op'");
    if (tagOf(kind) != T_STRING) {
      failed = true;
      if (!isStrict()) return 0;
      msgStart(CODE_BUILTIN);
      msgLit("json.patch: attribute 'op' must be a string but found: ");
      msgLit(typeName(kind));
      msgRaise();
      return 0;
    }
    const path = parsePath("json.patch", pathV);
    if (failed) return 0;
    if (opIs(kind, "add")) {
      const v = attr(op, "value");
      if (v == 0) return fail("missing required attribute 'value'");
      doc = insertAt(doc, path, v);
    } else if (opIs(kind, "remove")) {
      doc = deleteAt(doc, path);
    } else if (opIs(kind, "replace")) {
      doc = deleteAt(doc, path);
      if (failed) return 0;
      const v = attr(op, "value");
      if (v == 0) return fail("missing required attribute 'value'");
      doc = insertAt(doc, path, v);
    } else if (opIs(kind, "move") || opIs(kind, "copy")) {
      const fromV = attr(op, "from");
      if (fromV == 0) return fail("missing required attribute 'from'");
      const from = parsePath("json.patch", fromV);
      if (failed) return 0;
      const chunk = getAt(doc, from);
      if (failed) return 0;
      if (opIs(kind, "move")) {
        doc = deleteAt(doc, from);
        if (failed) return 0;
      }
      doc = insertAt(doc, path, chunk);
    } else if (opIs(kind, "test")) {
      const chunk = getAt(doc, path);
      if (failed) return 0;
      const v = attr(op, "value");
      if (v == 0) return fail("missing required attribute 'value'");
      if (!valueEqual(chunk, v)) {
        failed = true;
        if (!isStrict()) return 0;
        const e = opa_value_dump(v);
        const f = opa_value_dump(chunk);
        msgStart(CODE_BUILTIN);
        msgLit("json.patch: value from EditTree != patch value.\n\nExpected: ");
        msgBytes(e, cstrLen(e));
        msgLit("\n\nFound: ");
        msgBytes(f, cstrLen(f));
        msgRaise();
        return 0;
      }
    } else {
      failed = true;
      if (!isStrict()) return 0;
      msgStart(CODE_BUILTIN);
      msgLit("json.patch: unrecognized op: '");
      msgBytes(strPtr(kind), strLen(kind));
      msgLit("'");
      msgRaise();
      return 0;
    }
    if (failed) return 0;
  }
  // A document whose root was removed (and not replaced) has no value.
  return doc;
}
