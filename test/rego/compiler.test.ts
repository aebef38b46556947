import { describe, expect, it } from "vitest";
import { compileRego } from "../../src/rego/compiler.js";
import { RegoErrors } from "../../src/rego/errors.js";
import { parseModule } from "../../src/rego/parser.js";
import { dumpIR } from "../../src/rego/plan/dump.js";
import { OPA_BUILTINS } from "../../src/rego/registry.js";
import { EvaluationError, LoadedPolicy } from "../../src/engine/policy.js";

function compile(source: string, entrypoints: string[], regoVersion: 0 | 1 = 1) {
  return compileRego({ sources: [{ file: "p.rego", source }], entrypoints, builtins: OPA_BUILTINS, regoVersion });
}

function evalRego(source: string, entrypoint: string, input?: unknown, data?: unknown): unknown {
  const c = compile(source, [entrypoint]);
  const p = new LoadedPolicy(c.wasm, { print: () => {} });
  if (data !== undefined) p.setData(data);
  const rs = p.evaluate(entrypoint, input);
  return rs[0]?.["result"];
}

function compileErrors(source: string, regoVersion: 0 | 1 = 1): string[] {
  try {
    compile(source, ["x/p"], regoVersion);
  } catch (e) {
    if (e instanceof RegoErrors) return e.errors.map((x) => x.format());
    throw e;
  }
  throw new Error("expected compile errors");
}

describe("parser", () => {
  it("keeps positions and reads METADATA annotations", () => {
    const m = parseModule(
      `# METADATA
# title: Privileged containers
# custom:
#   id: K8S-1
package x

# METADATA
# entrypoint: true
p := 1
`,
      "a.rego",
    );
    expect(m.package).toEqual(["x"]);
    expect(m.annotations[0]?.scope).toBe("package");
    expect(m.annotations[0]?.title).toBe("Privileged containers");
    expect(m.annotations[0]?.custom).toEqual({ id: "K8S-1" });
    expect(m.rules[0]?.annotations?.entrypoint).toBe(true);
    expect(m.rules[0]?.loc).toEqual({ file: "a.rego", row: 9, col: 1 });
  });

  it("requires `if` before a body in v1 and accepts v0 syntax when asked", () => {
    expect(() => parseModule("package x\np { true }", "a.rego")).toThrow(/`if` keyword is required/);
    const m = parseModule("package x\np[y] { y := 1 }\nq = 2 { true }", "a.rego", { regoVersion: 0 });
    expect(m.rules[0]?.head.key).toBeDefined(); // v0 partial set
    expect(m.rules[1]?.head.value).toBeDefined();
  });

  it("reads raw strings, escapes and numbers as OPA does", () => {
    expect(evalRego('package x\np := [`a\\nb`, "a\\u0041\\n", 1.5e3, -2]', "x/p")).toEqual(["a\\nb", "aA\n", 1500, -2]);
  });
});

describe("compile errors", () => {
  it("reports unsafe variables with file:line:col", () => {
    const errs = compileErrors("package x\np if {\n  x > 1\n}\n");
    expect(errs).toEqual(["p.rego:3:3: rego_unsafe_var_error: var x is unsafe"]);
  });

  it("reports several errors at once", () => {
    const errs = compileErrors("package x\np if nope(1)\nq if count(1, 2, 3)\n");
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^p\.rego:2:6: rego_type_error: undefined function nope/);
    expect(errs[1]).toMatch(/^p\.rego:3:6: rego_type_error: count: arity mismatch/);
  });

  it("rejects literal arguments of the wrong type, as OPA's type checker does", () => {
    const errs = compileErrors('package x\np := {"a": 1} | {"b": 2}\nq := startswith(1, "a")\n');
    expect(errs).toEqual([
      "p.rego:2:6: rego_type_error: or: invalid argument(s): operand 1 must be set[any] but got object",
      "p.rego:2:17: rego_type_error: or: invalid argument(s): operand 2 must be set[any] but got object",
      "p.rego:3:17: rego_type_error: startswith: invalid argument(s): operand 1 must be string but got number",
    ]);
  });

  it("rejects recursion", () => {
    const errs = compileErrors("package x\np if q\nq if p\n");
    expect(errs.join("\n")).toMatch(/rego_recursion_error: rule data\.x\.(p|q) is recursive/);
  });

  it("rejects `:=` redeclaration", () => {
    const errs = compileErrors("package x\np if {\n  a := 1\n  a := 2\n}\n");
    expect(errs[0]).toMatch(/p\.rego:4:3: rego_compile_error: var a assigned above/);
  });

  it("reports parse errors with their position", () => {
    const errs = compileErrors("package x\np := [1, 2\n");
    expect(errs[0]).toMatch(/^p\.rego:3:1: rego_parse_error/);
  });
});

describe("language", () => {
  it("evaluates partial sets, partial objects, defaults and else chains", () => {
    const src = `package x
s contains v if {
  some v in input.xs
  v > 1
}
o[k] := v if some k, v in input.m
default d := "none"
d := "some" if input.flag
grade := "a" if input.score > 90
else := "b" if input.score > 80
else := "c"
`;
    expect(evalRego(src, "x/s", { xs: [1, 2, 3] })).toEqual([2, 3]);
    expect(evalRego(src, "x/o", { m: { a: 1, b: 2 } })).toEqual({ a: 1, b: 2 });
    expect(evalRego(src, "x/d", {})).toBe("none");
    expect(evalRego(src, "x/grade", { score: 85 })).toBe("b");
    expect(evalRego(src, "x/grade", { score: 10 })).toBe("c");
  });

  it("iterates virtual documents across packages with a dynamic ref", () => {
    const src = `package checks.a
deny contains "a1" if input.a
deny contains "a2" if input.a
`;
    const main = `package main
all contains [name, m] if {
  some name
  some m in data.checks[name].deny
}
`;
    const c = compileRego({
      sources: [
        { file: "a.rego", source: src },
        { file: "b.rego", source: src.replace("checks.a", "checks.b").replace(/a1/, "b1").replace(/a2/, "b2") },
        { file: "m.rego", source: main },
      ],
      entrypoints: ["main/all"],
      builtins: OPA_BUILTINS,
    });
    const p = new LoadedPolicy(c.wasm);
    expect(p.evaluate("main/all", { a: true })[0]?.["result"]).toEqual([
      ["a", "a1"],
      ["a", "a2"],
      ["b", "b1"],
      ["b", "b2"],
    ]);
  });

  it("supports with on input, data, functions and builtins", () => {
    const src = `package x
f(a) := a * 2
g(a) := a * 3
h(_) := 42
p := [input.v, data.cfg.n, f(1), count([1])]
q := r if r := p with input.v as 7 with data.cfg.n as 8 with f as g with count as h
`;
    expect(evalRego(src, "x/q", { v: 1 }, { cfg: { n: 2 } })).toEqual([7, 8, 3, 42]);
    expect(evalRego(src, "x/p", { v: 1 }, { cfg: { n: 2 } })).toEqual([1, 2, 2, 1]);
  });

  it("raises conflicts as eval_conflict_error", () => {
    const c = compile("package x\np := v if some v in input.xs\n", ["x/p"]);
    const pol = new LoadedPolicy(c.wasm);
    expect(pol.evaluate("x/p", { xs: [1, 1] })[0]?.["result"]).toBe(1);
    let err: unknown;
    try {
      pol.evaluate("x/p", { xs: [1, 2] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EvaluationError);
    expect((err as EvaluationError).code).toBe("eval_conflict_error");
  });

  it("distinguishes undefined from false", () => {
    const src = "package x\np := false\nq if not p\nr if not input.missing\n";
    expect(evalRego(src, "x/p")).toBe(false);
    expect(evalRego(src, "x/q")).toBe(true);
    expect(evalRego(src, "x/r", {})).toBe(true);
  });
});

describe("output", () => {
  it("dumps the plan as readable IR", () => {
    const ir = dumpIR(compile("package x\np if input.a == 1\n", ["x/p"]).ir);
    expect(ir).toContain("entrypoint x/p");
    expect(ir).toMatch(/func complete:data\.x\.p \(params 2, locals \d+, memo\)/);
    expect(ir).toMatch(/equal a=l\d+ b=c\d+:1/);
  });

  it("returns the heap to its base: 100,000 evaluations leave memory as after the first", () => {
    const c = compile('package x\np contains c.name if { some c in input.containers; startswith(c.image, "docker.io/") }\n', ["x/p"]);
    const pol = new LoadedPolicy(c.wasm);
    const input = { containers: [{ name: "a", image: "docker.io/nginx" }, { name: "b", image: "ecr/x" }] };
    expect(pol.evaluate("x/p", input)[0]?.["result"]).toEqual(["a"]);
    const mem = (pol as unknown as { policy: { mem: { buffer: ArrayBuffer } } }).policy.mem;
    const after1 = mem.buffer.byteLength;
    for (let i = 0; i < 100_000; i++) pol.evaluate("x/p", input);
    expect(mem.buffer.byteLength).toBe(after1);
    expect(pol.evaluate("x/p", input)[0]?.["result"]).toEqual(["a"]);
  });
});

describe("argument order", () => {
  it("binds a variable through a ref in one argument before reading it in another", () => {
    const src = "package x\np := foo if {\n  some foo\n  foo == input.foos[foo]\n}\n";
    expect(evalRego(src, "x/p", { foos: [2, 1, 0] })).toBe(1);
    expect(evalRego(src, "x/p", { foos: ["foo"] })).toBeUndefined();
  });
});

describe("closures", () => {
  it("keeps a comprehension's variables its own inside calls and comparisons", () => {
    const src = "package t\np if count([x | x := 1]) == 1\nq if {\n  n := count({x | x := 1})\n  n == 1\n}\nr if count({k | input[k]}) > 0\n";
    expect(evalRego(src, "t/p")).toBe(true);
    expect(evalRego(src, "t/q")).toBe(true);
    expect(evalRego(src, "t/r", { a: 1 })).toBe(true);
    expect(evalRego(src, "t/r", {})).toBeUndefined();
  });
});

describe("host builtin arguments", () => {
  it("passes integers beyond 2^53 to host builtins exactly (nanosecond timestamps)", () => {
    const src = 'package t\nns := 1670006453141828752\np := time.format(ns)\nq := time.format([ns, "UTC", "2006-01-02T15:04:05.999999999Z07:00"])\n';
    expect(evalRego(src, "t/p")).toBe("2022-12-02T18:40:53.141828752Z");
    expect(evalRego(src, "t/q")).toBe("2022-12-02T18:40:53.141828752Z");
  });
});
