// json.patch, json.filter, json.remove and json.marshal_with_options, after OPA's topdown/json.go and
// encoding.go. No library: RFC 6902 libraries (fast-json-patch...) differ from OPA's edit tree in the
// cases policies hit (leading-slash-optional string paths, array paths, "-" appends, OPA's equality for
// "test"), and Go's json.MarshalIndent output (HTML escaping, sorted keys, prefix handling) is specific.
//
// Host arguments are JSON: a set arrives as an array, so json.patch/json.filter/json.remove treat it as
// an array (OPA's set-specific paths, e.g. {"op": "remove", "path": "foo/b"} on a set, cannot work here;
// see index.ts for what the compiler must know).

import { GoError, OperandError, RawNumber, compareUtf8, isObject, operandErr, operandTypeErr, valueName } from "./common.js";

// --- values ------------------------------------------------------------------------------------------

function numValue(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof RawNumber) return Number(v.text);
  return undefined;
}

/** OPA equality on JSON values (1 == 1.0). */
export function valueEqual(a: unknown, b: unknown): boolean {
  const na = numValue(a);
  const nb = numValue(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => valueEqual(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && valueEqual(a[k], b[k]));
  }
  return a === b;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out;
  }
  return v;
}

// --- paths -------------------------------------------------------------------------------------------

/** parsePath: "/a/b~1c" (leading slashes optional, ~1 and ~0 unescaped) or an array of segments. */
function parsePath(p: unknown): unknown[] {
  if (typeof p === "string") {
    if (p === "") return [];
    return p
      .replace(/^\/+/, "")
      .split("/")
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  }
  if (Array.isArray(p)) return [...p];
  throw operandErr(2, `must be one of {set, array} containing string paths or array of path segments but got ${valueName(p)}`);
}

function getJSONPaths(operand: unknown): unknown[][] {
  if (!Array.isArray(operand)) throw operandTypeErr(2, operand, "set", "array");
  return operand.map(parsePath);
}

/** A path tree keyed by the JSON text of each segment (so 0 and "0" stay distinct, as ast terms do). */
type PathTree = Map<string, PathTree | null>;

function pathsToTree(paths: unknown[][]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    if (path.length === 0) continue;
    let node = root;
    let done = false;
    for (let i = 0; i < path.length - 1 && !done; i++) {
      const k = JSON.stringify(path[i]);
      const child = node.get(k);
      if (child === undefined) {
        const obj: PathTree = new Map();
        node.set(k, obj);
        node = obj;
        continue;
      }
      if (child === null) done = true;
      else node = child;
    }
    if (!done) node.set(JSON.stringify(path[path.length - 1]), null);
  }
  return root;
}

function filterValue(o: unknown, filter: PathTree | null): unknown {
  if (filter === null) return o;
  if (Array.isArray(o)) {
    const out: unknown[] = [];
    o.forEach((x, i) => {
      const sub = filter.get(JSON.stringify(String(i)));
      if (sub !== undefined) out.push(filterValue(x, sub));
    });
    return out;
  }
  if (isObject(o)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      const sub = filter.get(JSON.stringify(k));
      if (sub !== undefined) out[k] = filterValue(x, sub);
    }
    return out;
  }
  return o;
}

function removeValue(a: unknown, b: PathTree | null | undefined): unknown {
  if (b === undefined) return a;
  if (b === null) return undefined;
  if (Array.isArray(a)) {
    const out: unknown[] = [];
    a.forEach((x, i) => {
      const r = removeValue(x, b.get(JSON.stringify(String(i))));
      if (r !== undefined) out.push(r);
    });
    return out;
  }
  if (isObject(a)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(a)) {
      const r = removeValue(x, b.get(JSON.stringify(k)));
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return a;
}

// --- json.patch --------------------------------------------------------------------------------------

const segText = (s: unknown) => (typeof s === "string" ? s : JSON.stringify(s));

function arrayIndex(arr: unknown[], seg: unknown, forInsert: boolean, path: unknown[]): number {
  let idx: number;
  if (seg === "-" && forInsert) return arr.length;
  if (typeof seg === "number" && Number.isInteger(seg)) idx = seg;
  else if (typeof seg === "string" && /^(0|[1-9][0-9]*)$/.test(seg)) idx = Number(seg);
  else throw new GoError(`invalid array index ${JSON.stringify(segText(seg))} in path ${JSON.stringify(path)}`);
  if (idx < 0 || idx > arr.length || (!forInsert && idx === arr.length)) {
    throw new GoError(`index ${idx} out of bounds in path ${JSON.stringify(path)}`);
  }
  return idx;
}

function child(container: unknown, seg: unknown, path: unknown[]): unknown {
  if (Array.isArray(container)) return container[arrayIndex(container, seg, false, path)];
  if (isObject(container) && typeof seg === "string" && Object.prototype.hasOwnProperty.call(container, seg)) return container[seg];
  throw new GoError(`path ${JSON.stringify(path)} does not exist`);
}

function getAt(doc: unknown, path: unknown[]): unknown {
  let cur = doc;
  for (const seg of path) cur = child(cur, seg, path);
  return cur;
}

function insertAt(doc: unknown, path: unknown[], value: unknown): unknown {
  if (path.length === 0) return clone(value);
  const parent = getAt(doc, path.slice(0, -1));
  const seg = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, seg, true, path), 0, clone(value));
  else if (isObject(parent) && typeof seg === "string") parent[seg] = clone(value);
  else throw new GoError(`cannot insert at path ${JSON.stringify(path)}: parent is ${valueName(parent)}`);
  return doc;
}

function deleteAt(doc: unknown, path: unknown[]): unknown {
  if (path.length === 0) throw new GoError("cannot delete the root document");
  const parent = getAt(doc, path.slice(0, -1));
  const seg = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, seg, false, path), 1);
  else if (isObject(parent) && typeof seg === "string" && Object.prototype.hasOwnProperty.call(parent, seg)) delete parent[seg];
  else throw new GoError(`path ${JSON.stringify(path)} does not exist`);
  return doc;
}

function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw operandTypeErr(2, operations, "array");
  let doc = clone(target);
  for (const op of operations) {
    if (!isObject(op)) throw new GoError("must be an array of JSON-Patch objects, but at least one element is not an object");
    if (op.path === undefined) throw new GoError("missing required attribute 'path'");
    if (op.op === undefined) throw new GoError("missing required attribute 'op'");
    if (typeof op.op !== "string") throw new GoError("attribute 'op' must be a string but found: " + valueName(op.op));
    const path = parsePath(op.path);
    const needValue = () => {
      if (op.value === undefined) throw new GoError("missing required attribute 'value'");
      return op.value;
    };
    const needFrom = () => {
      if (op.from === undefined) throw new GoError("missing required attribute 'from'");
      return parsePath(op.from);
    };
    switch (op.op) {
      case "add":
        doc = insertAt(doc, path, needValue());
        break;
      case "remove":
        doc = deleteAt(doc, path);
        break;
      case "replace":
        doc = deleteAt(doc, path);
        doc = insertAt(doc, path, needValue());
        break;
      case "move": {
        const from = needFrom();
        const chunk = clone(getAt(doc, from));
        doc = deleteAt(doc, from);
        doc = insertAt(doc, path, chunk);
        break;
      }
      case "copy": {
        const from = needFrom();
        doc = insertAt(doc, path, getAt(doc, from));
        break;
      }
      case "test": {
        const chunk = getAt(doc, path);
        const value = needValue();
        if (!valueEqual(chunk, value)) {
          throw new GoError(`value from EditTree != patch value.\n\nExpected: ${JSON.stringify(value)}\n\nFound: ${JSON.stringify(chunk)}`);
        }
        break;
      }
      default:
        throw new GoError(`unrecognized op: '${op.op}'`);
    }
  }
  return doc;
}

// --- json.marshal_with_options -----------------------------------------------------------------------

/** encoding/json's string encoding (HTML-safe, \b and \f short forms as Go 1.22+). */
function goJSONString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
      out += "\\u" + c.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

function goJSON(v: unknown, prefix: string, indent: string | undefined, depth: number): string {
  const nl = (d: number) => (indent === undefined ? "" : "\n" + prefix + indent.repeat(d));
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "bigint") return v.toString();
  if (v instanceof RawNumber) return v.text;
  if (typeof v === "string") return goJSONString(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => nl(depth + 1) + goJSON(x, prefix, indent, depth + 1)).join(",")}${nl(depth)}]`;
  }
  if (isObject(v)) {
    const keys = Object.keys(v).sort(compareUtf8);
    if (keys.length === 0) return "{}";
    const sep = indent === undefined ? ":" : ": ";
    return `{${keys.map((k) => nl(depth + 1) + goJSONString(k) + sep + goJSON(v[k], prefix, indent, depth + 1)).join(",")}${nl(depth)}}`;
  }
  throw new GoError(`json: unsupported type ${typeof v}`);
}

function marshalWithOptions(value: unknown, opts: unknown): string {
  if (!isObject(opts)) throw operandTypeErr(2, opts, "object");
  let indentWith = "\t";
  let prefixWith = "";
  let implicitPretty = false;
  let explicitPretty: boolean | undefined;
  const keys = Object.keys(opts).sort(compareUtf8);
  keys.forEach((key, idx) => {
    const val = opts[key];
    switch (key) {
      case "prefix":
        if (typeof val !== "string") {
          throw new OperandError(`operand 2 key prefix failed cast to string: operand ${idx} must be string but got ${valueName(val)}`);
        }
        prefixWith = val;
        implicitPretty = true;
        break;
      case "indent":
        if (typeof val !== "string") {
          throw new OperandError(`operand 2 key indent failed cast to string: operand ${idx} must be string but got ${valueName(val)}`);
        }
        indentWith = val;
        implicitPretty = true;
        break;
      case "pretty":
        if (typeof val !== "boolean") throw new OperandError("operand 2 key pretty failed cast to bool");
        explicitPretty = val;
        break;
      default:
        throw new OperandError(`operand 2 object contained unknown key ${key}`);
    }
  });
  const pretty = explicitPretty ?? implicitPretty;
  if (pretty) return prefixWith + goJSON(value, prefixWith, indentWith, 0);
  return goJSON(value, "", undefined, 0);
}

export const JSON_BUILTINS = {
  "json.patch": jsonPatch,
  "json.filter": (o: unknown, paths: unknown): unknown => {
    if (!isObject(o)) throw operandTypeErr(1, o, "object");
    return filterValue(o, pathsToTree(getJSONPaths(paths)));
  },
  "json.remove": (o: unknown, paths: unknown): unknown => {
    if (!isObject(o)) throw operandTypeErr(1, o, "object");
    return removeValue(o, pathsToTree(getJSONPaths(paths)));
  },
  "json.marshal_with_options": marshalWithOptions,
};
