// The Wasm value runtime (build/runtime.wasm) instantiated directly, with stub SDK imports.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { ROOT } from "../shared.js";
import { WA } from "../wasm-api.js";

type Exports = Record<string, (...a: number[]) => number>;

const wasmBytes = readFileSync(join(ROOT, "build/runtime.wasm"));
const mod = new WA.Module(wasmBytes);
const memory = new WA.Memory({ initial: 5 });
const printed: string[] = [];
const builtinCalls: number[][] = [];
const cstr = (p: number): string => {
  const b = new Uint8Array(memory.buffer);
  let e = p;
  while (b[e] !== 0) e++;
  return new TextDecoder().decode(b.subarray(p, e));
};
const x = new WA.Instance(mod, {
  env: {
    memory,
    opa_abort: (p: number) => {
      throw new Error(cstr(p));
    },
    opa_println: (p: number) => void printed.push(cstr(p)),
    opa_builtin0: (id: number) => (builtinCalls.push([0, id]), 0),
    opa_builtin1: (id: number, _c: number, a: number) => (builtinCalls.push([1, id, a]), a),
    opa_builtin2: (id: number, _c: number, a: number, b: number) => (builtinCalls.push([2, id, a, b]), b),
    opa_builtin3: (id: number, _c: number, a: number) => (builtinCalls.push([3, id]), a),
    opa_builtin4: (id: number, _c: number, a: number) => (builtinCalls.push([4, id]), a),
  },
}).exports as unknown as Exports;
const base = x.opa_heap_ptr_get();

function put(text: string): [number, number] {
  const bytes = new TextEncoder().encode(text);
  const p = x.opa_malloc(bytes.length);
  new Uint8Array(memory.buffer).set(bytes, p);
  return [p, bytes.length];
}
/** JSON text -> value pointer (0 on malformed). */
const parse = (text: string): number => x.opa_json_parse(...put(text));
/** Rego value text (sets allowed) -> value pointer. */
const val = (text: string): number => {
  const v = x.opa_value_parse(...put(text));
  if (v === 0) throw new Error(`bad value text: ${text}`);
  return v;
};
const dump = (v: number): string => cstr(x.opa_json_dump(v));
const vdump = (v: number): string => cstr(x.opa_value_dump(v));
const str = (s: string): number => x.opa_string(...put(s));
/** Calls builtin b_<name> on Rego value texts; returns the Rego text of the result or undefined. */
function call(name: string, ...args: string[]): string | undefined {
  const f = x[`b_${name.replace(/\./g, "_")}`];
  if (!f) throw new Error(`no export b_${name}`);
  const r = f(...args.map(val));
  return r === 0 ? undefined : vdump(r);
}
function strict<T>(fn: () => T): T {
  x.evident_set_strict(1);
  try {
    return fn();
  } finally {
    x.evident_set_strict(0);
  }
}
/** The strict-mode abort message of a builtin call. */
function err(name: string, ...args: string[]): string {
  try {
    strict(() => call(name, ...args));
  } catch (e) {
    return (e as Error).message;
  }
  return "(no error)";
}

beforeEach(() => {
  x.opa_heap_ptr_set(base);
  x.evident_set_strict(0);
});

describe("ABI surface", () => {
  it("imports exactly the SDK's seven functions and memory", () => {
    const imports = WA.Module.imports(mod).map((i) => `${i.module}.${i.name}`).sort();
    expect(imports).toEqual(
      ["env.memory", "env.opa_abort", "env.opa_builtin0", "env.opa_builtin1", "env.opa_builtin2",
        "env.opa_builtin3", "env.opa_builtin4", "env.opa_println"].sort(),
    );
  });

  it("exports every function and builtin ABI.md lists", () => {
    const abi = readFileSync(join(ROOT, "src/rego/runtime/ABI.md"), "utf8");
    const names = new Set(WA.Module.exports(mod).map((e) => e.name));
    const groups: Record<string, string[]> = {
      opa_eval_ctx_new: ["opa_eval_ctx_new", "opa_eval_ctx_set_input", "opa_eval_ctx_set_data", "opa_eval_ctx_set_entrypoint", "opa_eval_ctx_get_result"],
      evident_call_builtin0: [0, 1, 2, 3, 4].map((i) => `evident_call_builtin${i}`),
      evident_ctx_input: ["evident_ctx_input", "evident_ctx_data", "evident_ctx_entrypoint"],
    };
    const imported = /^(opa_abort|opa_println|opa_builtin\w*|opa_eval)$/; // SDK imports, and the compiler's opa_eval
    const listed = [...abi.matchAll(/`((?:opa|evident)_[a-z0-9_]+)/g)].map((m) => m[1]).filter((n) => !imported.test(n));
    const wanted = [...new Set(listed.flatMap((n) => groups[n] ?? [n])), "opa_heap_ptr_set"];
    expect(wanted.filter((n) => !names.has(n))).toEqual([]);
    const list = abi.slice(abi.indexOf("Implemented in Wasm"), abi.indexOf("Notes on specific builtins"));
    const builtins = list.slice(list.indexOf(": `") + 3, list.lastIndexOf("`")).split(/\s+/);
    expect(builtins.length).toBeGreaterThan(90);
    expect(builtins.map((n) => `b_${n.replace(/\./g, "_")}`).filter((n) => !names.has(n))).toEqual([]);
  });

  it("keeps the builtin imports reachable and calls them", () => {
    builtinCalls.length = 0;
    const a = parse("1"), b = parse("2");
    expect(x.evident_call_builtin2(7, a, b, 0, 0)).toBe(b);
    expect(x.evident_call_builtin0(3, 0, 0, 0, 0)).toBe(0);
    expect(builtinCalls).toEqual([[2, 7, a, b], [0, 3]]);
  });

  it("evident_abort raises the code name and message", () => {
    const [p, n] = put("complete rules must not produce multiple outputs");
    expect(() => x.evident_abort(0, p, n)).toThrow("eval_conflict_error: complete rules must not produce multiple outputs");
    expect(() => x.evident_abort(1, p, 3)).toThrow(/^eval_type_error: com$/);
  });

  it("allocates 8-byte aligned and grows memory", () => {
    const p1 = x.opa_malloc(3), p2 = x.opa_malloc(1);
    expect(p1 % 8).toBe(0);
    expect(p2 - p1).toBe(8);
    const before = memory.buffer.byteLength;
    const big = x.opa_malloc(before + 100000);
    expect(memory.buffer.byteLength).toBeGreaterThan(big + 100000);
    x.opa_heap_ptr_set(p1);
    expect(x.opa_heap_ptr_get()).toBe(p1);
    expect(x.opa_malloc(8)).toBe(p1);
  });
});

describe("JSON parse and dump", () => {
  const roundTrip = (text: string) => dump(parse(text));

  it("round-trips tricky strings like Go's encoding/json", () => {
    expect(roundTrip(String.raw`"a\"b\\c\/d\b\f\n\r\t\u0001\u001f"`)).toBe(String.raw`"a\"b\\c/d\b\f\n\r\t\u0001\u001f"`);
    expect(roundTrip(`"<a href='x'>&amp;</a>"`)).toBe(String.raw`"\u003ca href='x'\u003e\u0026amp;\u003c/a\u003e"`);
    expect(roundTrip(String.raw`"\u00e9\u4e2d\ud83d\ude00"`)).toBe(`"é中😀"`);
    expect(roundTrip(`"é中😀"`)).toBe(`"é中😀"`);
    expect(roundTrip(String.raw`"\u2028\u2029"`)).toBe(String.raw`"\u2028\u2029"`);
    expect(roundTrip(String.raw`"lone \ud800 and \udc00"`)).toBe(`"lone \uFFFD and \uFFFD"`);
    expect(roundTrip(String.raw`"\uD83D\uDE00"`)).toBe(`"😀"`);
    expect(roundTrip(`""`)).toBe(`""`);
  });

  it("keeps number text verbatim and prints integers exactly", () => {
    expect(roundTrip("[1e400, -0, 1.0, 123456789012345678901234567890, 0.1, 1E+2, -5e-324]")).toBe(
      "[1e400,-0,1.0,123456789012345678901234567890,0.1,1E+2,-5e-324]",
    );
    expect(roundTrip("[9223372036854775807, -9223372036854775808, 0, -1]")).toBe(
      "[9223372036854775807,-9223372036854775808,0,-1]",
    );
  });

  it("sorts object keys and dumps sets as sorted arrays", () => {
    expect(roundTrip(`{"b":1,"a":{"z":[],"y":{}},"A":null,"":true}`)).toBe(`{"":true,"A":null,"a":{"y":{},"z":[]},"b":1}`);
    expect(dump(val(`{3, "a", 1, [1], {"k": 1}, null, false, 2.5}`))).toBe(`[null,false,1,2.5,3,"a",[1],{"k":1}]`);
    expect(vdump(val(`{3, 1, set(), {2}}`))).toBe(`{1,3,set(),{2}}`);
    expect(vdump(val(`set()`))).toBe(`set()`);
  });

  it("accepts Rego's trailing commas in value text (not in JSON)", () => {
    expect(vdump(val(`{"a": [1, 2,], "b": {3,}, }`))).toBe(`{"a":[1,2],"b":{3}}`);
    expect(x.opa_value_parse(...put("[,]"))).toBe(0);
    expect(x.opa_value_parse(...put("[1,,]"))).toBe(0);
    expect(parse("[1,]")).toBe(0);
  });

  it("dumps non-string keys as the JSON text of the key", () => {
    const o = val(`{1: "a", [1, "x"]: "b", "s": "c", {"k": 2}: "d"}`);
    expect(dump(o)).toBe(String.raw`{"1":"a","[1,\"x\"]":"b","s":"c","{\"k\":2}":"d"}`);
    expect(vdump(o)).toBe(`{1:"a","s":"c",[1,"x"]:"b",{"k":2}:"d"}`);
  });

  it("keeps the last of duplicate keys", () => {
    expect(roundTrip(`{"a":1,"a":2}`)).toBe(`{"a":2}`);
  });

  it("returns 0 on malformed JSON", () => {
    for (const bad of ["", "{", "[1,]", `{"a" 1}`, `{"a":1,}`, "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
      `"abc`, `"a\x01"`, String.raw`"\x"`, String.raw`"\u12"`, "[1] 2", "{1:2}", "set()", "NaN", "'a'"]) {
      expect(parse(bad), bad).toBe(0);
    }
    expect(parse("  [ 1 , 2 ]\n")).not.toBe(0);
  });

  it("round-trips a real AdmissionReview exactly as JS does", () => {
    const dir = join(ROOT, "../shared/corpora/kubernetes/admissionreview");
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(join(dir, f), "utf8");
      const v = parse(text);
      expect(v, f).not.toBe(0);
      expect(JSON.parse(dump(v))).toEqual(JSON.parse(text));
    }
  });
});

describe("ordering and equality (OPA ast.Compare)", () => {
  const cmp = (a: string, b: string) => x.opa_value_compare(val(a), val(b));
  const eq = (a: string, b: string) => x.evident_equal(val(a), val(b));

  it("orders types null < boolean < number < string < array < object < set", () => {
    const order = ["null", "false", "true", "-1e400", "-1", "0", "0.5", "1", "1e400", `""`, `"a"`, `"b"`, `"ba"`,
      "[]", "[1]", "[1,2]", "[2]", "{}", `{"a":1}`, `{"a":1,"b":1}`, `{"a":2}`, `{"b":0}`, "set()", "{1}", "{1,2}", "{2}"];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        expect(cmp(order[i], order[j]), `${order[i]} vs ${order[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it("compares numbers by value across representations", () => {
    expect(eq("1", "1.0")).toBe(1);
    expect(eq("1", "1e0")).toBe(1);
    expect(eq("100", "1e2")).toBe(1);
    expect(eq("0.1", "1e-1")).toBe(1);
    expect(eq("-0", "0")).toBe(1);
    expect(eq("123456789012345678901234567890", "1.2345678901234567890123456789e29")).toBe(1);
    expect(cmp("123456789012345678901234567890", "123456789012345678901234567891")).toBe(-1);
    expect(cmp("9223372036854775807", "9223372036854775808")).toBe(-1);
    expect(cmp("1e400", "1e401")).toBe(-1);
    expect(cmp("-1e400", "-1e401")).toBe(1);
    const f = x.opa_number_float(0.1), r = parse("0.1"), i = x.opa_number_int(1n as unknown as number);
    expect(x.evident_equal(f, r)).toBe(1);
    expect(x.evident_equal(x.opa_number_float(1), i)).toBe(1);
    expect(x.opa_value_compare(x.opa_number_float(1.5), i)).toBe(1);
    expect(x.opa_value_compare(x.opa_number_float(0.30000000000000004), parse("0.3"))).toBe(1);
  });

  it("compares objects by sorted keys then values and sets by sorted elements", () => {
    expect(eq(`{"a":1,"b":2}`, `{"b":2,"a":1.0}`)).toBe(1);
    expect(cmp(`{"a":1,"c":1}`, `{"a":1,"b":5}`)).toBe(1);
    expect(eq("{3,1,2}", "{1,2,3}")).toBe(1);
    expect(cmp("{1,3}", "{1,2,3}")).toBe(1);
    expect(eq("[1,[2,{3}]]", "[1.0,[2,{3.0}]]")).toBe(1);
  });

  it("hashes equal values equally", () => {
    const groups = [
      ["1", "1.0", "1e0", "10e-1", "0.1e1"],
      ["0", "-0", "0.0", "0e10"],
      ["123456789012345678901234567890", "1.2345678901234567890123456789e29", "123456789012345678901234567890.000"],
      ["1e400", "10e399"],
      ["-2.5", "-25e-1"],
      [`{"a":1,"b":[1,2]}`, `{"b":[1.0,2],"a":1}`],
      ["{1,2,3}", "{3,2,1}", "{1.0,2,3}"],
      [`"x"`, `"x"`],
    ];
    for (const g of groups) {
      const hs = g.map((t) => x.opa_value_hash(val(t)) >>> 0);
      expect(new Set(hs).size, g.join(" ")).toBe(1);
    }
    expect(x.opa_value_hash(x.opa_number_float(0.5)) >>> 0).toBe(x.opa_value_hash(val("0.5")) >>> 0);
    expect(x.opa_value_hash(x.opa_number_float(1e21)) >>> 0).toBe(x.opa_value_hash(val("1e21")) >>> 0);
    expect(x.opa_value_hash(val("1")) >>> 0).not.toBe(x.opa_value_hash(val("2")) >>> 0);
  });
});

describe("collections", () => {
  it("objects with 100,000 keys: lookups, replacement, positional iteration", () => {
    const o = x.opa_object();
    const keys: number[] = [];
    for (let i = 0; i < 100000; i++) {
      const k = str(`key-${i}`);
      keys.push(k);
      x.opa_object_insert(o, k, x.opa_number_int(BigInt(i) as unknown as number));
    }
    expect(x.opa_value_length(o)).toBe(100000);
    for (const i of [0, 1, 7, 8, 9, 500, 65535, 99999]) {
      expect(dump(x.opa_value_get(o, str(`key-${i}`)))).toBe(String(i));
    }
    expect(x.opa_value_get(o, str("key-100000"))).toBe(0);
    x.opa_object_insert(o, str("key-5"), str("five"));
    expect(x.opa_value_length(o)).toBe(100000);
    expect(dump(x.opa_value_get(o, str("key-5")))).toBe(`"five"`);
    // Positional iteration visits every entry once, in insertion order.
    let pos = -1, n = 0;
    const seen = new Set<string>();
    while ((pos = x.evident_iter_next(o, pos)) !== -1) {
      const k = dump(x.evident_iter_key(o, pos));
      if (n < 3) expect(k).toBe(`"key-${n}"`);
      seen.add(k);
      n++;
    }
    expect(n).toBe(100000);
    expect(seen.size).toBe(100000);
  });

  it("sets with 100,000 elements of mixed types", () => {
    const s = x.opa_set();
    for (let i = 0; i < 100000; i++) {
      x.opa_set_add(s, i % 2 ? x.opa_number_int(BigInt(i) as unknown as number) : str(String(i)));
    }
    for (let i = 0; i < 100000; i += 2) x.opa_set_add(s, str(String(i))); // duplicates ignored
    expect(x.opa_value_length(s)).toBe(100000);
    expect(x.opa_value_get(s, x.opa_number_float(99999))).not.toBe(0); // 99999.0 == 99999
    expect(x.opa_value_get(s, str("99999"))).toBe(0);
    expect(x.opa_value_get(s, str("99998"))).not.toBe(0);
    let pos = -1, n = 0;
    while ((pos = x.evident_iter_next(s, pos)) !== -1) {
      expect(x.evident_iter_value(s, pos)).toBe(x.evident_iter_key(s, pos));
      n++;
    }
    expect(n).toBe(100000);
  });

  it("non-string keys: numbers by value, composites by equality", () => {
    const o = val(`{1: "one", [1, {"a": {2}}]: "arr", {"x": null}: "obj", null: "n", true: "t"}`);
    expect(dump(x.opa_value_get(o, x.opa_number_float(1)))).toBe(`"one"`);
    expect(dump(x.opa_value_get(o, val("1e0")))).toBe(`"one"`);
    expect(dump(x.opa_value_get(o, val(`[1.0, {"a": {2.0}}]`)))).toBe(`"arr"`);
    expect(dump(x.opa_value_get(o, val(`{"x": null}`)))).toBe(`"obj"`);
    expect(dump(x.opa_value_get(o, val("null")))).toBe(`"n"`);
    expect(dump(x.opa_value_get(o, val("true")))).toBe(`"t"`);
    expect(x.opa_value_get(o, val("false"))).toBe(0);
    // Big (grown past the small-table scan) tables too.
    const big = x.opa_object();
    for (let i = 0; i < 50; i++) x.opa_object_insert(big, val(`[${i}, "k"]`), x.opa_number_int(BigInt(i) as unknown as number));
    expect(dump(x.opa_value_get(big, val(`[42.0, "k"]`)))).toBe("42");
  });

  it("arrays: get by integer index only, iteration keys are numbers", () => {
    const a = val(`["a", "b", "c"]`);
    expect(dump(x.opa_value_get(a, val("1")))).toBe(`"b"`);
    expect(dump(x.opa_value_get(a, val("1.0")))).toBe(`"b"`);
    expect(x.opa_value_get(a, val("1.5"))).toBe(0);
    expect(x.opa_value_get(a, val("3"))).toBe(0);
    expect(x.opa_value_get(a, val("-1"))).toBe(0);
    expect(x.opa_value_get(a, val(`"1"`))).toBe(0);
    expect(dump(x.evident_iter_key(a, 2))).toBe("2");
    expect(x.evident_iter_next(val("1"), -1)).toBe(-1);
    expect(x.evident_iter_next(val("[]"), -1)).toBe(-1);
    const withCap = x.opa_array_with_cap(1);
    for (let i = 0; i < 10; i++) x.opa_array_append(withCap, x.opa_number_int(BigInt(i) as unknown as number));
    expect(dump(withCap)).toBe("[0,1,2,3,4,5,6,7,8,9]");
  });

  it("opa_value_iter follows the OPA ABI", () => {
    const o = val(`{"a": 1, "b": 2}`);
    const k1 = x.opa_value_iter(o, 0);
    const k2 = x.opa_value_iter(o, k1);
    expect([dump(k1), dump(k2), x.opa_value_iter(o, k2)]).toEqual([`"a"`, `"b"`, 0]);
    const a = val("[5, 6]");
    const i1 = x.opa_value_iter(a, 0);
    expect(dump(i1)).toBe("0");
    expect(dump(x.opa_value_iter(a, i1))).toBe("1");
    expect(x.opa_value_iter(a, x.opa_value_iter(a, i1))).toBe(0);
  });

  it("values made before a heap reset stay intact when used after it", () => {
    // As the SDK does: data parsed, the heap base set after it, evaluations reset to that base.
    const data = val(`{"s": {"b": 1, "a": 2, "c": 3}, "t": {"c": 3, "a": 2, "b": 1}, "u": {3, 1, 2}}`);
    const floor = x.opa_heap_ptr_get();
    for (let round = 0; round < 3; round++) {
      x.opa_heap_ptr_set(floor);
      const s = x.opa_value_get(data, str("s")), t = x.opa_value_get(data, str("t"));
      expect(x.opa_value_compare(s, t)).toBe(0);
      expect(dump(data)).toBe(`{"s":{"a":2,"b":1,"c":3},"t":{"a":2,"b":1,"c":3},"u":[1,2,3]}`);
      // Scribble over everything above the floor.
      const junk = x.opa_malloc(4096);
      new Uint8Array(memory.buffer).fill(0xab, junk, junk + 4096);
    }
  });

  it("a sorted-order cache made before a later reset point is not trusted after it", () => {
    x.opa_heap_ptr_set(x.opa_heap_ptr_get()); // floor below the table: caching allowed
    const t = val(`{"b": 1, "a": 2}`);
    const mark = x.opa_heap_ptr_get();
    expect(dump(t)).toBe(`{"a":2,"b":1}`); // caches the order just above t
    x.opa_heap_ptr_set(mark); // a reset that keeps t but reclaims the cache
    const junk = x.opa_malloc(4096);
    new Uint8Array(memory.buffer).fill(0x01, junk, junk + 4096);
    expect(dump(t)).toBe(`{"a":2,"b":1}`);
    expect(x.opa_value_compare(t, val(`{"a": 2, "b": 1}`))).toBe(0);
  });

  it("insert_once, get_or_insert_object and merge", () => {
    const o = x.opa_object();
    expect(x.evident_object_insert_once(o, str("a"), val("1"))).toBe(1);
    expect(x.evident_object_insert_once(o, str("a"), val("1.0"))).toBe(1);
    expect(x.evident_object_insert_once(o, str("a"), val("2"))).toBe(0);
    const inner = x.evident_object_get_or_insert_object(o, str("b"));
    expect(x.evident_object_get_or_insert_object(o, str("b"))).toBe(inner);
    expect(x.evident_object_get_or_insert_object(o, str("a"))).toBe(0);
    x.opa_object_insert(inner, str("c"), val("true"));
    expect(dump(o)).toBe(`{"a":1,"b":{"c":true}}`);
    expect(dump(x.evident_value_merge(val(`{"a":{"b":1},"c":2}`), val(`{"a":{"d":3},"e":4}`)))).toBe(`{"a":{"b":1,"d":3},"c":2,"e":4}`);
    expect(x.evident_value_merge(val(`{"a":{"b":1}}`), val(`{"a":{"b":2}}`))).toBe(0);
  });

  it("types, truthiness, lengths, eval context", () => {
    expect(["null", "true", "1", `"s"`, "[]", "{}", "set()"].map((t) => x.opa_value_type(val(t)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(x.evident_is_true(val("true"))).toBe(1);
    expect(x.evident_is_true(val("false"))).toBe(0);
    expect(x.evident_is_true(val("1"))).toBe(0);
    expect(x.opa_value_length(str("héllo"))).toBe(6); // bytes
    const ctx = x.opa_eval_ctx_new();
    const input = val("{}"), data = val("[]");
    x.opa_eval_ctx_set_input(ctx, input);
    x.opa_eval_ctx_set_data(ctx, data);
    x.opa_eval_ctx_set_entrypoint(ctx, 3);
    x.evident_ctx_set_result(ctx, input);
    expect([x.evident_ctx_input(ctx), x.evident_ctx_data(ctx), x.evident_ctx_entrypoint(ctx), x.opa_eval_ctx_get_result(ctx)]).toEqual([input, data, 3, input]);
    expect(x.evident_strict()).toBe(0);
  });
});

describe("builtins: numbers", () => {
  it("arithmetic keeps integers exact and uses floats otherwise", () => {
    expect(call("plus", "1", "2")).toBe("3");
    expect(call("plus", "0.1", "0.2")).toBe("0.30000000000000004");
    expect(call("plus", "1", "1.0")).toBe("2");
    expect(call("plus", "9223372036854775807", "1")).toBe("9223372036854775808");
    expect(call("minus", "-9223372036854775808", "1")).toBe("-9223372036854775809");
    expect(call("plus", "123456789012345678901234567890", "1")).toBe("123456789012345678901234567891");
    expect(call("minus", "100000000000000000000", "100000000000000000001")).toBe("-1");
    expect(call("mul", "123456789012345678901234567890", "-1000")).toBe("-123456789012345678901234567890000");
    expect(call("mul", "4294967296", "4294967296")).toBe("18446744073709551616");
    expect(call("mul", "1.5", "2")).toBe("3");
    expect(call("mul", "1e2", "3")).toBe("300");
    expect(call("div", "10", "4")).toBe("2.5");
    expect(call("div", "10", "5")).toBe("2");
    expect(call("div", "1", "3")).toBe("0.3333333333333333");
    expect(call("div", "1e-7", "1")).toBe("1e-07"); // Go prints at least two exponent digits
    expect(call("mul", "1234567.5", "1")).toBe("1.2345675e+06");
    expect(call("rem", "7", "3")).toBe("1");
    expect(call("rem", "-7", "3")).toBe("-1");
    expect(call("rem", "4.0", "3")).toBe("1");
    expect(call("rem", "123456789012345678901234567890", "7")).toBe(String(123456789012345678901234567890n % 7n));
    expect(call("rem", "-123456789012345678901234567890", "1000")).toBe("-890");
    expect(call("mul", "1e399", "1e399")).toBe("1" + "0".repeat(798)); // exact up to 400-digit operands
    expect(err("mul", "1e100000", "1e100000")).toBe("eval_builtin_error: mul: number out of range");
  });

  it("minus is also set difference", () => {
    expect(call("minus", "{1,2,3}", "{2, 4}")).toBe("{1,3}");
    expect(err("minus", "{1}", "1")).toBe("eval_type_error: minus: operand 2 must be set but got number");
    expect(err("minus", "1", "{1}")).toBe("eval_type_error: minus: operand 2 must be number but got set");
    expect(err("minus", `"a"`, "1")).toBe("eval_type_error: minus: operand 1 must be one of {number, set} but got string");
  });

  it("errors abort in strict mode and are undefined otherwise", () => {
    expect(call("div", "1", "0")).toBeUndefined();
    expect(err("div", "1", "0")).toBe("eval_builtin_error: div: divide by zero");
    expect(err("div", "1", "0.0")).toBe("eval_builtin_error: div: divide by zero");
    expect(err("rem", "1", "0")).toBe("eval_builtin_error: rem: modulo by zero");
    expect(err("rem", "1.1", "1")).toBe("eval_builtin_error: rem: modulo on floating-point number");
    expect(call("plus", `"1"`, "2")).toBeUndefined();
    expect(err("plus", `"1"`, "2")).toBe("eval_type_error: plus: operand 1 must be number but got string");
    expect(err("mul", "2", "[]")).toBe("eval_type_error: mul: operand 2 must be number but got array");
  });

  it("abs round ceil floor", () => {
    expect(call("abs", "-4")).toBe("4");
    expect(call("abs", "-4.5")).toBe("4.5");
    expect(call("abs", "-123456789012345678901234567890")).toBe("123456789012345678901234567890");
    expect(call("abs", "-9223372036854775808")).toBe("9223372036854775808");
    expect(call("round", "1.5")).toBe("2");
    expect(call("round", "-1.5")).toBe("-2");
    expect(call("round", "2.4999")).toBe("2");
    expect(call("round", "-0.4")).toBe("0");
    expect(call("ceil", "1.01")).toBe("2");
    expect(call("ceil", "-1.99999")).toBe("-1");
    expect(call("floor", "-1.001")).toBe("-2");
    expect(call("floor", "99.99999")).toBe("99");
    expect(call("floor", "1e400")).toBe("1e400");
    expect(err("round", `"x"`)).toBe("eval_type_error: round: operand 1 must be number but got string");
  });

  it("numbers.range and numbers.range_step", () => {
    expect(call("numbers.range", "1", "4")).toBe("[1,2,3,4]");
    expect(call("numbers.range", "2", "-1")).toBe("[2,1,0,-1]");
    expect(call("numbers.range", "3", "3")).toBe("[3]");
    expect(err("numbers.range", "1.5", "3")).toBe("eval_type_error: numbers.range: operand 1 must be integer number but got floating-point number");
    expect(call("numbers.range_step", "0", "10", "3")).toBe("[0,3,6,9]");
    expect(call("numbers.range_step", "10", "0", "5")).toBe("[10,5,0]");
    expect(err("numbers.range_step", "0", "10", "0")).toBe("eval_builtin_error: numbers.range_step: step must be a positive number above zero");
  });

  it("bits", () => {
    expect(call("bits.or", "5", "3")).toBe("7");
    expect(call("bits.and", "5", "3")).toBe("1");
    expect(call("bits.xor", "5", "3")).toBe("6");
    expect(call("bits.negate", "5")).toBe("-6");
    expect(call("bits.lsh", "1", "10")).toBe("1024");
    expect(call("bits.lsh", "1", "64")).toBe("18446744073709551616");
    expect(call("bits.rsh", "-8", "1")).toBe("-4");
    expect(call("bits.rsh", "1024", "100")).toBe("0");
    expect(err("bits.and", "1.5", "1")).toBe("eval_type_error: bits.and: operand 1 must be integer number but got floating-point number");
  });

  it("to_number and format_int", () => {
    expect(call("to_number", `"3"`)).toBe("3");
    expect(call("to_number", `"-3.50"`)).toBe("-3.50");
    expect(call("to_number", `"+.5"`)).toBe("0.5");
    expect(call("to_number", `"1e3"`)).toBe("1e3");
    expect(call("to_number", "true")).toBe("1");
    expect(call("to_number", "null")).toBe("0");
    expect(call("to_number", "2.5")).toBe("2.5");
    expect(call("to_number", `"broken"`)).toBeUndefined();
    expect(err("to_number", `"broken"`)).toBe(`eval_builtin_error: to_number: strconv.ParseFloat: parsing "broken": invalid syntax`);
    expect(err("to_number", "[]")).toBe("eval_type_error: to_number: operand 1 must be one of {null, boolean, number, string} but got array");
    expect(call("format_int", "255", "16")).toBe(`"ff"`);
    expect(call("format_int", "-255.9", "2")).toBe(`"-11111111"`);
    expect(call("format_int", "8", "8")).toBe(`"10"`);
    expect(err("format_int", "1", "3")).toBe("eval_type_error: format_int: operand 2 must be one of {2, 8, 10, 16}");
  });
});

describe("builtins: comparison, types, aggregates, sets", () => {
  it("comparison operators follow the total order", () => {
    expect(call("equal", "1", "1.0")).toBe("true");
    expect(call("neq", `{"a":1}`, `{"a":1}`)).toBe("false");
    expect(call("lt", "null", "false")).toBe("true");
    expect(call("lt", `"b"`, `"ab"`)).toBe("false");
    expect(call("lte", "[1,2]", "[1,2]")).toBe("true");
    expect(call("gt", "{1}", `{"a":1}`)).toBe("true");
    expect(call("gte", "1e400", "123456789012345678901234567890")).toBe("true");
  });

  it("type predicates and type_name", () => {
    const vals = ["null", "true", "1.5", `"s"`, "[]", "{}", "set()"];
    const preds = ["is_null", "is_boolean", "is_number", "is_string", "is_array", "is_object", "is_set"];
    vals.forEach((v, i) => preds.forEach((p, j) => expect(call(p, v), `${p}(${v})`).toBe(String(i === j))));
    expect(vals.map((v) => call("type_name", v))).toEqual([`"null"`, `"boolean"`, `"number"`, `"string"`, `"array"`, `"object"`, `"set"`]);
  });

  it("count counts elements and code points", () => {
    expect(call("count", "[1,2,3]")).toBe("3");
    expect(call("count", `{"a":1}`)).toBe("1");
    expect(call("count", "{1,2,1.0}")).toBe("2");
    expect(call("count", `"héllo😀"`)).toBe("6");
    expect(call("count", "1")).toBeUndefined();
    expect(err("count", "1")).toBe("eval_type_error: count: operand 1 must be one of {array, object, set, string} but got number");
    expect(err("count", "null")).toBe("eval_type_error: count: operand 1 must be one of {array, object, set, string} but got null");
  });

  it("sum product max min sort all any", () => {
    expect(call("sum", "[1,2,3.5]")).toBe("6.5");
    expect(call("sum", "[]")).toBe("0");
    expect(call("sum", "{1,2}")).toBe("3");
    expect(call("sum", "[9223372036854775807, 1]")).toBe("9223372036854775808");
    expect(call("product", "[2,3,4]")).toBe("24");
    expect(call("product", "[]")).toBe("1");
    expect(err("sum", `[1,"a"]`)).toBe("eval_type_error: sum: operand 1 must be array of numbers but got array containing string");
    expect(err("product", `"a"`)).toBe("eval_type_error: product: operand 1 must be one of {set, array} but got string");
    expect(call("max", `[1, "a", null, [0]]`)).toBe("[0]");
    expect(call("min", `{3, 1, 2}`)).toBe("1");
    expect(call("max", "[]")).toBeUndefined();
    expect(call("sort", `[3, "a", 1, null, [], {}, 2.5]`)).toBe(`[null,1,2.5,3,"a",[],{}]`);
    expect(call("sort", "{3,1,2}")).toBe("[1,2,3]");
    expect(err("sort", "1")).toBe("eval_type_error: sort: operand 1 must be one of {array, set} but got number");
    expect(call("all", "[true, true]")).toBe("true");
    expect(call("all", "[true, 1]")).toBe("false");
    expect(call("all", "[]")).toBe("true");
    expect(call("any", "{false, true}")).toBe("true");
    expect(call("any", "[]")).toBe("false");
  });

  it("sorts large arrays correctly", () => {
    const nums = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000);
    expect(call("sort", JSON.stringify(nums))).toBe(JSON.stringify([...nums].sort((a, b) => a - b)));
  });

  it("set operators, union, intersection", () => {
    expect(call("and", "{1,2,3}", "{2,3,4}")).toBe("{2,3}");
    expect(call("or", "{1,2}", "{2,3}")).toBe("{1,2,3}");
    expect(err("and", "[1]", "{1}")).toBe("eval_type_error: and: operand 1 must be set but got array");
    expect(err("or", "{1}", "1")).toBe("eval_type_error: or: operand 2 must be set but got number");
    expect(call("union", "{{1,2},{2,3},set()}")).toBe("{1,2,3}");
    expect(call("intersection", "{{1,2},{2,3}}")).toBe("{2}");
    expect(call("intersection", "set()")).toBe("set()");
    expect(err("union", "{1}")).toBe("eval_type_error: union: operand 1 must be set of sets but got set containing number");
    expect(call("set_diff", "{1,2}", "{2}")).toBe("{1}");
  });

  it("membership", () => {
    expect(call("internal.member_2", "1", "[0, 1.0]")).toBe("true");
    expect(call("internal.member_2", `"a"`, `{"a": 1}`)).toBe("false");
    expect(call("internal.member_2", "1", `{"a": 1}`)).toBe("true");
    expect(call("internal.member_2", "2", "{1, 2}")).toBe("true");
    expect(call("internal.member_2", "2", `"2"`)).toBe("false");
    expect(call("internal.member_3", "1", `"b"`, `["a", "b"]`)).toBe("true");
    expect(call("internal.member_3", "1.5", `"b"`, `["a", "b"]`)).toBe("false");
    expect(call("internal.member_3", `"k"`, "[1]", `{"k": [1.0]}`)).toBe("true");
    expect(call("internal.member_3", `"k"`, "2", `{"k": 1}`)).toBe("false");
  });
});

describe("builtins: strings", () => {
  it("concat contains startswith endswith", () => {
    expect(call("concat", `", "`, `["a", "b", "c"]`)).toBe(`"a, b, c"`);
    expect(call("concat", `"-"`, `{"b", "a"}`)).toBe(`"a-b"`);
    expect(call("concat", `"-"`, `[]`)).toBe(`""`);
    expect(err("concat", `"-"`, `["a", 1]`)).toBe("eval_type_error: concat: operand 2 must be array of strings but got array containing number");
    expect(err("concat", "1", `["a"]`)).toBe("eval_type_error: concat: operand 1 must be string but got number");
    expect(call("contains", `"abcdef"`, `"cde"`)).toBe("true");
    expect(call("contains", `"abc"`, `""`)).toBe("true");
    expect(call("contains", `"abc"`, `"x"`)).toBe("false");
    expect(call("startswith", `"abc"`, `"ab"`)).toBe("true");
    expect(call("startswith", `"abc"`, `"abcd"`)).toBe("false");
    expect(call("endswith", `"abc"`, `"bc"`)).toBe("true");
    expect(err("endswith", `"abc"`, "1")).toBe("eval_type_error: endswith: operand 2 must be string but got number");
  });

  it("indexof and indexof_n count code points", () => {
    expect(call("indexof", `"héllo"`, `"l"`)).toBe("2");
    expect(call("indexof", `"abc"`, `"z"`)).toBe("-1");
    expect(call("indexof_n", `"aaa"`, `"aa"`)).toBe("[0,1]");
    expect(call("indexof_n", `"ü-ü-ü"`, `"ü"`)).toBe("[0,2,4]");
    expect(err("indexof", `"abc"`, `""`)).toBe("eval_builtin_error: indexof: empty search character");
  });

  it("lower and upper are Unicode-aware", () => {
    expect(call("lower", `"ÀÉÎ ABC Σ Ǆ"`)).toBe(`"àéî abc σ ǆ"`);
    expect(call("upper", `"àéî abc ß ǆ ⓐ"`)).toBe(`"ÀÉÎ ABC ß Ǆ Ⓐ"`);
    expect(call("upper", `"straße"`)).toBe(`"STRAßE"`);
    expect(err("lower", "1")).toBe("eval_type_error: lower: operand 1 must be string but got number");
  });

  it("replace, strings.replace_n, split", () => {
    expect(call("replace", `"a.b.c"`, `"."`, `"::"`)).toBe(`"a::b::c"`);
    expect(call("replace", `"abc"`, `""`, `"-"`)).toBe(`"-a-b-c-"`);
    expect(call("strings.replace_n", `{"a": "1", "ab": "2", "c": "3"}`, `"abc"`)).toBe(`"1b3"`);
    expect(call("strings.replace_n", `{"ab": "x", "b": "y"}`, `"abab b"`)).toBe(`"xx y"`);
    expect(err("strings.replace_n", `{"a": 1}`, `"abc"`)).toBe("eval_type_error: strings.replace_n: operand 1 non-string value found in pattern object");
    expect(call("split", `"a,b,,c"`, `","`)).toBe(`["a","b","","c"]`);
    expect(call("split", `"hé"`, `""`)).toBe(`["h","é"]`);
    expect(call("split", `""`, `","`)).toBe(`[""]`);
  });

  it("substring follows OPA for negative and oversize arguments", () => {
    expect(call("substring", `"abcdef"`, "1", "3")).toBe(`"bcd"`);
    expect(call("substring", `"abcdef"`, "2", "-1")).toBe(`"cdef"`);
    expect(call("substring", `"abcdef"`, "4", "100")).toBe(`"ef"`);
    expect(call("substring", `"abcdef"`, "10", "1")).toBe(`""`);
    expect(call("substring", `"åäöabc"`, "1", "3")).toBe(`"äöa"`);
    expect(err("substring", `"abc"`, "-1", "1")).toBe("eval_builtin_error: substring: negative offset");
    expect(err("substring", `"abc"`, "1.5", "1")).toBe("eval_type_error: substring: operand 2 must be integer number but got floating-point number");
  });

  it("trim family", () => {
    expect(call("trim", `"xxhixx"`, `"x"`)).toBe(`"hi"`);
    expect(call("trim", `"¡¡hola!!"`, `"!¡"`)).toBe(`"hola"`);
    expect(call("trim_left", `"xxhixx"`, `"x"`)).toBe(`"hixx"`);
    expect(call("trim_right", `"xxhixx"`, `"x"`)).toBe(`"xxhi"`);
    expect(call("trim_prefix", `"prefix-x"`, `"prefix-"`)).toBe(`"x"`);
    expect(call("trim_prefix", `"x"`, `"y"`)).toBe(`"x"`);
    expect(call("trim_suffix", `"x.yaml"`, `".yaml"`)).toBe(`"x"`);
    expect(call("trim_space", String.raw`" \t\n hi \u00a0\u3000"`)).toBe(`"hi"`);
    expect(call("trim_space", `"   "`)).toBe(`""`);
  });

  it("strings.reverse, any_prefix_match, any_suffix_match, strings.count", () => {
    expect(call("strings.reverse", `"abc😀é"`)).toBe(`"é😀cba"`);
    expect(err("strings.reverse", "{}")).toBe("eval_type_error: strings.reverse: operand 1 must be string but got object");
    expect(call("strings.any_prefix_match", `"foo/bar"`, `["x", "foo/"]`)).toBe("true");
    expect(call("strings.any_prefix_match", `["a", "b"]`, `{"c"}`)).toBe("false");
    expect(call("strings.any_suffix_match", `{"a.yaml", "b.json"}`, `".json"`)).toBe("true");
    expect(err("strings.any_prefix_match", "1", `"a"`)).toBe("eval_type_error: strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number");
    expect(call("strings.count", `"cheese"`, `"e"`)).toBe("3");
    expect(call("strings.count", `"aaaa"`, `"aa"`)).toBe("2");
    expect(call("strings.count", `"five"`, `""`)).toBe("5");
  });
});

describe("builtins: sprintf", () => {
  const sp = (f: string, args: string) => call("sprintf", JSON.stringify(f), args);
  it("formats like Go's fmt with OPA's argument conversion", () => {
    expect(sp("%d items", "[3]")).toBe(`"3 items"`);
    expect(sp("%s=%v", `["a", 1.5]`)).toBe(`"a=1.5"`);
    expect(sp("%v", `[[1, "a", {"b": {2}}]]`)).toBe(String.raw`"[1, \"a\", {\"b\": {2}}]"`);
    expect(sp("%v %v %v", `[{"b": 1, "a": [true]}, set(), null]`)).toBe(String.raw`"{\"a\": [true], \"b\": 1} set() null"`);
    expect(sp("%v", "[true]")).toBe(`"true"`);
    expect(sp("%.2f", "[3.14159]")).toBe(`"3.14"`);
    expect(sp("%.2f", "[2.675]")).toBe(`"2.67"`);
    expect(sp("%f", "[1.5]")).toBe(`"1.500000"`);
    expect(sp("%5.1f|%-6d|%06d", "[3.14159, 42, -42]")).toBe(`"  3.1|42    |-00042"`);
    expect(sp("%x %X %o %b", "[255, 255, 8, 5]")).toBe(`"ff FF 10 101"`);
    expect(sp("%x", `["hi"]`)).toBe(`"6869"`);
    expect(sp("%e", "[123456.789]")).toBe(`"1.234568e+05"`);
    expect(sp("%g %g %g %g", "[0.000012345, 1e21, 100000.5, 100000]")).toBe(`"1.2345e-05 1e+21 100000.5 %!g(int=100000)"`);
    expect(sp("%v", "[1e21]")).toBe(`"1e+21"`); // not integer text: OPA passes a float64
    expect(sp("%v", "[1234567.5]")).toBe(`"1.2345675e+06"`);
    expect(sp("%q", JSON.stringify(['a"b\n']))).toBe(JSON.stringify('"a\\"b\\n"'));
    expect(sp("%t", "[true]")).toBe(`"%!t(string=true)"`);
    expect(sp("%d", `["x"]`)).toBe(`"%!d(string=x)"`);
    expect(sp("%d", "[1.5]")).toBe(`"%!d(float64=1.5)"`);
    expect(sp("%d %d", "[1]")).toBe(`"1 %!d(MISSING)"`);
    expect(sp("%d", "[1, 2]")).toBe(`"1%!(EXTRA int=2)"`);
    expect(sp("100%%", "[]")).toBe(`"100%"`);
    expect(sp("%v", "[2e308]")).toBe(`"2e308"`);
    expect(sp("%d", "[123456789012345678901234567890]")).toBe(`"123456789012345678901234567890"`);
    expect(sp("%x", "[18446744073709551616]")).toBe(`"10000000000000000"`);
    expect(sp("%v", "[1.0]")).toBe(`"1"`);
    expect(sp("%.3s|%5s|%-5s|", `["abcdef", "ab", "cd"]`)).toBe(`"abc|   ab|cd   |"`);
    expect(sp("%+d % d", "[5, 5]")).toBe(`"+5  5"`);
    expect(sp("hi %02X.%02X", "[127, 1]")).toBe(`"hi 7F.01"`);
    expect(sp("hi %02d", "[5]")).toBe(`"hi 05"`);
    expect(sp("%.1e|%.3g|%8.3f", "[0.000123456, 2.5e-7, -1.23456]")).toBe(`"1.2e-04|2.5e-07|  -1.235"`);
    expect(err("sprintf", `"%d"`, "1")).toBe("eval_type_error: sprintf: operand 2 must be array but got number");
  });
});

describe("builtins: objects, arrays, walk", () => {
  it("object.get with keys, defaults and paths", () => {
    expect(call("object.get", `{"a": 1}`, `"a"`, "0")).toBe("1");
    expect(call("object.get", `{"a": 1}`, `"b"`, `"d"`)).toBe(`"d"`);
    expect(call("object.get", `{"a": {"b": [10, {"c": 3}]}}`, `["a", "b", 1, "c"]`, "0")).toBe("3");
    expect(call("object.get", `{"a": {"b": [10]}}`, `["a", "b", 5]`, `"none"`)).toBe(`"none"`);
    expect(call("object.get", `{"a": {"s": {"x"}}}`, `["a", "s", "x"]`, "0")).toBe(`"x"`);
    expect(call("object.get", `{"a": 1}`, "[]", "0")).toBe(`{"a":1}`);
    expect(err("object.get", `"s"`, `"a"`, "0")).toBe("eval_type_error: object.get: operand 1 must be object but got string");
  });

  it("object.keys remove filter union union_n subset", () => {
    expect(call("object.keys", `{"a": 1, 2: 3}`)).toBe(`{2,"a"}`);
    expect(call("object.remove", `{"a": 1, "b": 2, "c": 3}`, `["a", "c"]`)).toBe(`{"b":2}`);
    expect(call("object.remove", `{"a": 1, "b": 2}`, `{"a": 0}`)).toBe(`{"b":2}`);
    expect(err("object.remove", "[]", `["a"]`)).toBe("eval_type_error: object.remove: operand 1 must be object but got array");
    expect(err("object.remove", "{}", "true")).toBe("eval_type_error: object.remove: operand 2 must be one of {object, set, array} but got boolean");
    expect(call("object.filter", `{"a": 1, "b": 2}`, `{"a"}`)).toBe(`{"a":1}`);
    expect(err("object.filter", "1", `["a"]`)).toBe("eval_type_error: object.filter: operand 1 must be object but got number");
    expect(call("object.union", `{"a": {"b": 1, "c": 2}, "d": 1}`, `{"a": {"b": 3}, "e": 4}`)).toBe(`{"a":{"b":3,"c":2},"d":1,"e":4}`);
    expect(call("object.union", `{"a": {"b": 1}}`, `{"a": 5}`)).toBe(`{"a":5}`);
    expect(err("object.union", "{}", "[]")).toBe("eval_type_error: object.union: operand 2 must be object but got array");
    expect(call("object.union_n", `[{"a": 1}, {"a": 2, "b": 1}, {"c": {"x": 1}}, {"c": {"y": 2}}]`)).toBe(`{"a":2,"b":1,"c":{"x":1,"y":2}}`);
    expect(call("object.subset", `{"a": "b", "c": {"x": {10, 15, 20, 25}, "y": "z"}}`, `{"c": {"x": {10, 15, 20}}}`)).toBe("true");
    expect(call("object.subset", `{"a": 1}`, `{"a": 2}`)).toBe("false");
    expect(call("object.subset", `[1, 2, 3, 4]`, `[2, 3]`)).toBe("true");
    expect(call("object.subset", `[1, 2, 3, 4]`, `[2, 4]`)).toBe("false");
    expect(call("object.subset", `[1, 2, 3]`, `{3, 1}`)).toBe("true");
    expect(call("object.subset", `{1, 2}`, `{3}`)).toBe("false");
  });

  it("object.subset follows OPA: nested kinds must match, mixed kinds are a type error", () => {
    const A = `{"a": 5, "n": {"x": 10, "s": {1, 2, 3, 4}, "arr": [6, 7, 8, 9]}}`;
    expect(call("object.subset", A, `{"a": 5, "n": {"s": {4, 1}, "arr": [6, 7]}}`)).toBe("true");
    expect(call("object.subset", A, `{"n": {"arr": [6, 8]}}`)).toBe("false");
    // A nested set is not matched against a nested array.
    expect(call("object.subset", `{"a": [1, 2]}`, `{"a": {1}}`)).toBe("false");
    expect(call("object.subset", `{1, 2, 3, {"a", "b", "c"}}`, `{3, 2, {"a", "b"}}`)).toBe("false");
    expect(call("object.subset", `[1, 2, 3]`, `[1, 2, 3, 4]`)).toBe("false");
    expect(call("object.subset", `[1, 2, 3]`, `[]`)).toBe("true");
    // Array super, set sub: OPA counts matching array elements, duplicates included.
    expect(call("object.subset", `[1, 1]`, `{1, 2}`)).toBe("true");
    expect(call("object.subset", `[]`, `set()`)).toBe("false");
    expect(call("object.subset", `[5]`, `set()`)).toBe("true");
    expect(call("object.subset", `{4, 3, 2}`, `[1, 2, 3]`)).toBeUndefined();
    expect(err("object.subset", `{4, 3, 2}`, `[1, 2, 3]`)).toBe(
      "eval_type_error: object.subset: both arguments object.subset must be of the same type or array and set",
    );
    expect(err("object.subset", `{"a": 1}`, `{"a"}`)).toBe(
      "eval_type_error: object.subset: both arguments object.subset must be of the same type or array and set",
    );
  });

  it("array.concat slice reverse", () => {
    expect(call("array.concat", "[1]", "[2, 3]")).toBe("[1,2,3]");
    expect(err("array.concat", "{}", "[]")).toBe("eval_type_error: array.concat: operand 1 must be array but got object");
    expect(call("array.slice", "[1,2,3,4,5]", "1", "3")).toBe("[2,3]");
    expect(call("array.slice", "[1,2,3]", "-5", "10")).toBe("[1,2,3]");
    expect(call("array.slice", "[1,2,3]", "2", "1")).toBe("[]");
    expect(call("array.reverse", "[1,2,3]")).toBe("[3,2,1]");
    expect(err("array.reverse", "{}")).toBe("eval_type_error: array.reverse: operand 1 must be array but got object");
  });

  it("walk returns [path, value] pairs in pre-order", () => {
    expect(call("walk", `{"b": [true], "a": {1}}`)).toBe(
      `[[[],{"a":{1},"b":[true]}],[["a"],{1}],[["a",1],1],[["b"],[true]],[["b",0],true]]`,
    );
    expect(call("walk", "1")).toBe("[[[],1]]");
  });
});

describe("builtins: encoding", () => {
  it("json.marshal unmarshal is_valid", () => {
    expect(call("json.marshal", `{"b": [1, 2.5, "<x>"], "a": {1}}`)).toBe(String.raw`"{\"a\":[1],\"b\":[1,2.5,\"\\u003cx\\u003e\"]}"`);
    expect(call("json.unmarshal", JSON.stringify(`{"a": [1, "x"]}`))).toBe(`{"a":[1,"x"]}`);
    expect(call("json.unmarshal", `"{"`)).toBeUndefined();
    expect(err("json.unmarshal", `"{"`)).toMatch(/^eval_builtin_error: json.unmarshal: /);
    expect(call("json.is_valid", `"[1]"`)).toBe("true");
    expect(call("json.is_valid", `"[1"`)).toBe("false");
    expect(call("json.is_valid", "1")).toBe("false");
  });

  it("base64, base64url, hex", () => {
    expect(call("base64.encode", `"hello"`)).toBe(`"aGVsbG8="`);
    expect(call("base64.encode", `"subjects?_d"`)).toBe(`"c3ViamVjdHM/X2Q="`);
    expect(call("base64.decode", `"c3ViamVjdHM/X2Q="`)).toBe(`"subjects?_d"`);
    expect(call("base64.decode", `"dGhlcmU="`)).toBe(`"there"`);
    expect(call("base64.is_valid", `"aGVsbG8="`)).toBe("true");
    expect(call("base64.is_valid", `"{'not':'base64'}"`)).toBe("false");
    expect(call("base64.is_valid", `"aGVsbG8"`)).toBe("false");
    expect(err("base64.decode", `"a$b="`)).toBe("eval_builtin_error: base64.decode: illegal base64 data at input byte 1");
    expect(call("base64url.encode", `"subjects?_d"`)).toBe(`"c3ViamVjdHM_X2Q="`);
    expect(call("base64url.encode_no_pad", `"subjects?_d"`)).toBe(`"c3ViamVjdHM_X2Q"`);
    expect(call("base64url.decode", `"c3ViamVjdHM_X2Q"`)).toBe(`"subjects?_d"`);
    expect(call("base64url.decode", `"c3ViamVjdHM_X2Q="`)).toBe(`"subjects?_d"`);
    expect(call("hex.encode", `"hi☃"`)).toBe(`"6869e29883"`);
    expect(call("hex.decode", `"6869E29883"`)).toBe(`"hi☃"`);
    expect(err("hex.decode", `"6g"`)).toBe("eval_builtin_error: hex.decode: encoding/hex: invalid byte: U+0067 'g'");
    expect(err("hex.decode", `"686"`)).toBe("eval_builtin_error: hex.decode: encoding/hex: odd length hex string");
  });
});

describe("builtins: json.filter, json.remove, json.patch", () => {
  const doc = `{"a": {"b": 1, "c": 2}, "d": [1, 2, 3], "e": 5}`;

  it("json.filter keeps only the given paths, sets by element", () => {
    expect(call("json.filter", doc, `["a/b", "d/1"]`)).toBe(`{"a":{"b":1},"d":[2]}`);
    expect(call("json.filter", doc, `[["a", "c"], "e"]`)).toBe(`{"a":{"c":2},"e":5}`);
    expect(call("json.filter", doc, `["a", "a/b"]`)).toBe(`{"a":{"b":1,"c":2}}`);
    expect(call("json.filter", doc, "[]")).toBe("{}");
    // A set of paths, and a set inside the document filtered by its elements.
    expect(call("json.filter", `{"a": {"x", "y", "z"}, "b": 1}`, `{"a/x", "a/z"}`)).toBe(`{"a":{"x","z"}}`);
    expect(call("json.filter", `{"a": {"b": {"c": 7, "d": 8}, "e": 9}}`, `{"a/b/c", "a/e"}`)).toBe(`{"a":{"b":{"c":7},"e":9}}`);
    expect(call("json.filter", `{"~/": 1, "x": 2}`, `["/~0~1"]`)).toBe(`{"~/":1}`);
  });

  it("json.remove drops the given paths, sets by element", () => {
    expect(call("json.remove", doc, `["a/b", "d/1", "e"]`)).toBe(`{"a":{"c":2},"d":[1,3]}`);
    expect(call("json.remove", doc, `["x/y"]`)).toBe(`{"a":{"b":1,"c":2},"d":[1,2,3],"e":5}`);
    expect(call("json.remove", `{"a": {"x", "y"}}`, `{"a/x"}`)).toBe(`{"a":{"y"}}`);
    expect(call("json.remove", `{"a": [{"b": 1, "c": 2}]}`, `[["a", "0", "b"]]`)).toBe(`{"a":[{"c":2}]}`);
  });

  it("json.filter / json.remove type-check their operands", () => {
    expect(err("json.filter", doc, "1")).toBe("eval_type_error: json.filter: operand 2 must be one of {set, array} but got number");
    expect(err("json.remove", "[]", `["a"]`)).toBe("eval_type_error: json.remove: operand 1 must be object but got array");
    expect(err("json.remove", doc, `{"y": 123}`)).toBe("eval_type_error: json.remove: operand 2 must be one of {set, array} but got object");
    expect(err("json.filter", doc, "[1]")).toBe(
      "eval_type_error: json.filter: operand 2 must be one of {set, array} containing string paths or array of path segments but got number",
    );
    expect(call("json.filter", doc, "[1]")).toBeUndefined();
  });

  it("json.patch applies RFC 6902 operations with OPA's path forms", () => {
    expect(call("json.patch", `{"a": {"foo": 1}}`, `[{"op": "add", "path": "/a/bar", "value": 2}]`)).toBe(`{"a":{"bar":2,"foo":1}}`);
    expect(call("json.patch", `{"a": {"foo": 1}}`, `[{"op": "add", "path": "a/bar", "value": 2}]`)).toBe(`{"a":{"bar":2,"foo":1}}`);
    expect(
      call(
        "json.patch",
        `{"a": [1, 2]}`,
        `[{"op": "add", "path": "/a/-", "value": 3}, {"op": "remove", "path": "/a/0"},
          {"op": "replace", "path": ["a", 0], "value": 9}, {"op": "add", "path": "/a/1", "value": 7}]`,
      ),
    ).toBe(`{"a":[9,7,3]}`);
    expect(
      call(
        "json.patch",
        `{"a": 1}`,
        `[{"op": "test", "path": "/a", "value": 1.0}, {"op": "copy", "from": "/a", "path": "/b"},
          {"op": "move", "from": "/a", "path": "/c"}]`,
      ),
    ).toBe(`{"b":1,"c":1}`);
    expect(call("json.patch", `{"a/b": {"~": 1}}`, `[{"op": "remove", "path": "/a~1b/~0"}]`)).toBe(`{"a/b":{}}`);
    expect(call("json.patch", "1", `[{"op": "add", "path": "", "value": {"x": 2}}]`)).toBe(`{"x":2}`);
    expect(call("json.patch", `{"foo": "bar"}`, `[{"op": "replace", "path": "", "value": {"baz": "qux"}}]`)).toBe(`{"baz":"qux"}`);
    expect(call("json.patch", `{"a": 1}`, "[]")).toBe(`{"a":1}`);
    expect(call("json.patch", `{"foo": ["all", "grass", "cows", "eat"]}`, `[{"op": "move", "from": "/foo/1", "path": "/foo/3"}]`)).toBe(
      `{"foo":["all","cows","eat","grass"]}`,
    );
    expect(call("json.patch", `{}`, `[{"op": "add", "path": "/", "value": 1}]`)).toBe(`{"":1}`);
  });

  it("json.patch edits sets by element", () => {
    expect(call("json.patch", `{"foo": {"a", "b", "c"}}`, `[{"op": "remove", "path": "foo/b"}]`)).toBe(`{"foo":{"a","c"}}`);
    expect(call("json.patch", `{"foo": {"a", "b", "c"}}`, `[{"op": "add", "path": "foo/d", "value": "d"}]`)).toBe(`{"foo":{"a","b","c","d"}}`);
    expect(call("json.patch", `{"foo": {"a", "b", "c"}}`, `[{"op": "add", "path": "foo/d", "value": "e"}]`)).toBeUndefined();
    expect(call("json.patch", `{"foo": {"a", "b"}, "bar": {"c", "d"}}`, `[{"op": "move", "from": "foo/a", "path": "bar/a"}]`)).toBe(
      `{"bar":{"a","c","d"},"foo":{"b"}}`,
    );
    expect(call("json.patch", `{[1]}`, `[{"op": "add", "path": [[1], 1], "value": 2}]`)).toBe(`{[1,2]}`);
  });

  it("json.patch is undefined (an error in strict mode) on failed tests, bad paths and malformed operations", () => {
    expect(err("json.patch", `{"a": 1}`, `[{"op": "test", "path": "/a", "value": 2}]`)).toBe(
      "eval_builtin_error: json.patch: value from EditTree != patch value.\n\nExpected: 2\n\nFound: 1",
    );
    expect(call("json.patch", `{"a": 1}`, `[{"op": "test", "path": "/a", "value": "1"}]`)).toBeUndefined();
    expect(err("json.patch", `{"a": 1}`, `[{"op": "remove", "path": "/b"}]`)).toMatch(/^eval_builtin_error: json.patch: /);
    expect(call("json.patch", `{"a": [1]}`, `[{"op": "add", "path": "/a/5", "value": 1}]`)).toBeUndefined();
    expect(call("json.patch", `{"a": [1]}`, `[{"op": "add", "path": "/a/-1", "value": 1}]`)).toBeUndefined();
    expect(call("json.patch", `["a", "b"]`, `[{"op": "remove", "path": "/01"}]`)).toBeUndefined();
    expect(call("json.patch", `["a", "b"]`, `[{"op": "test", "path": "/1e0", "value": "b"}]`)).toBeUndefined();
    expect(call("json.patch", `[1, 2, 3]`, `[{"op": "add", "path": "1.2", "value": "foo"}]`)).toBeUndefined();
    expect(call("json.patch", `{"q": {"bar": 2}}`, `[{"op": "add", "path": "/a/b", "value": 1}]`)).toBeUndefined();
    expect(call("json.patch", `{"a": 1}`, `[{"op": "remove", "path": ""}]`)).toBeUndefined();
    expect(err("json.patch", "{}", `[{"op": "x", "path": "/a"}]`)).toBe("eval_builtin_error: json.patch: unrecognized op: 'x'");
    expect(err("json.patch", "{}", `[{"path": "/a"}]`)).toBe("eval_builtin_error: json.patch: missing required attribute 'op'");
    expect(err("json.patch", "{}", `[{"op": "add"}]`)).toBe("eval_builtin_error: json.patch: missing required attribute 'path'");
    expect(err("json.patch", "{}", `[{"op": "add", "path": "/a"}]`)).toBe("eval_builtin_error: json.patch: missing required attribute 'value'");
    expect(err("json.patch", "{}", "[1]")).toBe(
      "eval_builtin_error: json.patch: must be an array of JSON-Patch objects, but at least one element is not an object",
    );
    expect(err("json.patch", "{}", "{}")).toBe("eval_type_error: json.patch: operand 2 must be array but got object");
  });
});

describe("builtins: net.cidr_contains_matches", () => {
  it("pairs the keys of containing and contained entries: strings, array positions, object keys, set elements", () => {
    expect(call("net.cidr_contains_matches", `"1.1.1.0/24"`, `"1.1.1.128"`)).toBe(`{["1.1.1.0/24","1.1.1.128"]}`);
    expect(call("net.cidr_contains_matches", `["1.1.1.0/24", "1.1.2.0/24"]`, `"1.1.1.128"`)).toBe(`{[0,"1.1.1.128"]}`);
    expect(call("net.cidr_contains_matches", `[["1.1.0.0/16", "foo"], "1.1.2.0/24"]`, `{"x": "1.1.1.128", "y": ["1.1.254.254", "bar"]}`)).toBe(
      `{[0,"x"],[0,"y"]}`,
    );
    expect(call("net.cidr_contains_matches", `{"a": "10.0.0.0/8"}`, `["10.1.1.1", "11.0.0.1"]`)).toBe(`{["a",0]}`);
    // Sets report their elements, tuples included.
    expect(call("net.cidr_contains_matches", `{"10.0.0.0/8", "192.168.0.0/16"}`, `{"10.2.3.4", "192.168.1.0/24", "8.8.8.8"}`)).toBe(
      `{["10.0.0.0/8","10.2.3.4"],["192.168.0.0/16","192.168.1.0/24"]}`,
    );
    expect(call("net.cidr_contains_matches", `{["1.1.1.0/24", "bar"]}`, `{["1.1.1.1", "qux"], "2.2.2.2"}`)).toBe(
      `{[["1.1.1.0/24","bar"],["1.1.1.1","qux"]]}`,
    );
    // A prefix is contained when both of its ends are.
    expect(call("net.cidr_contains_matches", `"10.0.0.0/8"`, `["10.1.0.0/16", "10.0.0.0/7"]`)).toBe(`{["10.0.0.0/8",0]}`);
  });

  it("parses addresses as Go's netip does", () => {
    expect(call("net.cidr_contains_matches", `"2001:db8::/32"`, `["2001:db8::1", "2001:db9::1", "::ffff:1.2.3.4", "2001:0db8:0:0:0:0:0:ff"]`)).toBe(
      `{["2001:db8::/32",0],["2001:db8::/32",3]}`,
    );
    // An IPv4 prefix contains the v4-mapped form of its addresses.
    expect(call("net.cidr_contains_matches", `"1.2.3.0/24"`, `"::ffff:1.2.3.4"`)).toBe(`{["1.2.3.0/24","::ffff:1.2.3.4"]}`);
    expect(call("net.cidr_contains_matches", `"::ffff:10.0.0.0/104"`, `"10.1.2.3"`)).toBe(`{["::ffff:10.0.0.0/104","10.1.2.3"]}`);
    // Leading zeros and short forms are not addresses.
    expect(call("net.cidr_contains_matches", `"1.0.0.0/8"`, `"1.2.3.04"`)).toBeUndefined();
    expect(err("net.cidr_contains_matches", `"1.0.0.0/8"`, `"1.2.3"`)).toBe(
      "eval_builtin_error: net.cidr_contains_matches: not a valid textual representation of an IP address or CIDR: 1.2.3",
    );
    expect(err("net.cidr_contains_matches", `"1.0.0.0/33"`, `"1.2.3.4"`)).toBe(
      "eval_builtin_error: net.cidr_contains_matches: invalid CIDR address: 1.0.0.0/33",
    );
  });

  it("rejects elements that are not strings or non-empty arrays", () => {
    expect(err("net.cidr_contains_matches", "[[]]", `"1.1.1.1"`)).toBe(
      "eval_builtin_error: net.cidr_contains_matches: operand 1: element must be string or non-empty array",
    );
    expect(err("net.cidr_contains_matches", `["1.1.2.0/24"]`, `["1.1.1.1", 1]`)).toBe(
      "eval_builtin_error: net.cidr_contains_matches: operand 2: element must be string or non-empty array",
    );
    expect(call("net.cidr_contains_matches", `["1.1.2.0/24"]`, `["1.1.1.1", 1]`)).toBeUndefined();
    // Array elements whose first item is not a string are skipped, as in OPA.
    expect(call("net.cidr_contains_matches", `[[1]]`, `"1.1.1.1"`)).toBe("set()");
  });
});

describe("builtins: graph.reachable, graph.reachable_paths", () => {
  it("graph.reachable collects the nodes of the graph reachable from the initial ones", () => {
    const g = `{"a": ["b"], "b": {"c"}, "c": [], "d": ["a"]}`;
    expect(call("graph.reachable", g, `["a"]`)).toBe(`{"a","b","c"}`);
    expect(call("graph.reachable", g, `{"d"}`)).toBe(`{"a","b","c","d"}`);
    // Nodes that are not keys of the graph are not reached.
    expect(call("graph.reachable", `{"a": ["x"]}`, `["a", "y"]`)).toBe(`{"a"}`);
    expect(call("graph.reachable", `{"a": ["b"], "b": ["a"]}`, `["b"]`)).toBe(`{"a","b"}`);
    expect(call("graph.reachable", g, "[]")).toBe("set()");
    expect(err("graph.reachable", `{"a": []}`, `"a"`)).toBe("eval_type_error: graph.reachable: operand 2 must be {array, set} but got string");
    expect(err("graph.reachable", "[]", `["a"]`)).toBe("eval_type_error: graph.reachable: operand 1 must be object but got array");
  });

  it("graph.reachable_paths lists the paths from each initial node", () => {
    const g = `{"one": ["two", "five"], "two": ["four"], "three": [""], "four": ["three"], "five": ["seven", "six"],
      "six": ["nine", "seven"], "seven": ["eight"], "eight": ["three"], "nine": [""]}`;
    // A neighbour outside the graph ("") ends the path; a neighbour already walked ends it at the current node.
    expect(call("graph.reachable_paths", g, `{"one"}`)).toBe(
      `{["one","five","seven","eight","three"],["one","five","six"],["one","five","six","nine"],["one","two","four","three"]}`,
    );
    expect(call("graph.reachable_paths", `{"a": {"b"}, "b": {}}`, `["a"]`)).toBe(`{["a","b"]}`);
    expect(call("graph.reachable_paths", `{"a": []}`, `["a", "z"]`)).toBe(`{["a"]}`);
    expect(err("graph.reachable_paths", `{"a": []}`, "1")).toBe(
      "eval_type_error: graph.reachable_paths: operand 2 must be {array, set} but got number",
    );
  });
});
