// uuid.*, opa.runtime, trace, rand.intn, strings.render_template, the SDK-facing wrapper, and the declaration table.
import { describe, expect, it } from "vitest";
import {
  BuiltinError,
  HOST_BUILTINS,
  SDK_SHADOWED_BUILTINS,
  beginEvaluation,
  configureRuntime,
  hostBuiltinsFor,
  traceNotes,
} from "../../src/engine/builtins/index.js";
import { text, value } from "./host.js";
import { BUILTINS, INFIX_OPERATORS, signatureString, typeName, typeString } from "../../src/rego/builtins.js";


describe("uuid", () => {
  it("generates RFC 4122 v4 UUIDs, one per key within an evaluation", () => {
    beginEvaluation();
    const a = value("uuid.rfc4122", "a") as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(value("uuid.rfc4122", "a")).toBe(a);
    expect(value("uuid.rfc4122", "b")).not.toBe(a);
    beginEvaluation();
    expect(value("uuid.rfc4122", "a")).not.toBe(a);
  });

  it("parses versions 1, 2 and 4 as OPA (google/uuid forms)", () => {
    expect(value("uuid.parse", "00000000-0000-4000-8000-000000000000")).toEqual({ version: 4, variant: "RFC4122" });
    // RFC 4122 appendix B: 6ba7b810-9dad-11d1-80b4-00c04fd430c8 (namespace DNS) is a version 1 UUID
    expect(value("uuid.parse", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toEqual({
      version: 1,
      variant: "RFC4122",
      time: 886630433151182400, // 0x1d19dad6ba7b810 100ns ticks since 1582-10-15: 1998-02-04T22:13:53.1511824Z
      nodeid: "00-c0-4f-d4-30-c8",
      macvariables: "global:unicast",
      clocksequence: 180,
    });
    expect(value("uuid.parse", "{6ba7b810-9dad-11d1-80b4-00c04fd430c8}")).toMatchObject({ version: 1 });
    expect(value("uuid.parse", "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toMatchObject({ version: 1 });
    expect(value("uuid.parse", "6ba7b8109dad11d180b400c04fd430c8")).toMatchObject({ version: 1 });
    expect(value("uuid.parse", "000003e8-2bf3-21ef-8700-325096b39f47")).toMatchObject({ version: 2, id: 1000, domain: "Person" });
    expect(value("uuid.parse", "00000000-0000-0000-c000-000000000000")).toEqual({ version: 0, variant: "Microsoft" });
  });

  it("is undefined for text that is not a UUID", () => {
    expect(text("uuid.parse", "not-a-uuid")).toBeUndefined();
    expect(text("uuid.parse", "6ba7b810-9dad-11d1-80b4-00c04fd430cx")).toBeUndefined();
  });
});

describe("opa.runtime, trace, rand.intn", () => {
  it("reports only what the engine configured", () => {
    configureRuntime(undefined);
    expect(value("opa.runtime")).toEqual({});
    configureRuntime({ version: "evident-test", commit: "abc123" });
    expect(value("opa.runtime")).toEqual({ version: "evident-test", commit: "abc123", env: {} });
    configureRuntime({ version: "evident-test", env: { REGION: "eu" } });
    expect(value("opa.runtime")).toEqual({ version: "evident-test", env: { REGION: "eu" } });
    configureRuntime(undefined);
  });

  it("records trace notes per evaluation", () => {
    beginEvaluation();
    expect(value("trace", "first")).toBe(true);
    expect(value("trace", "second")).toBe(true);
    expect(traceNotes()).toEqual(["first", "second"]);
    beginEvaluation();
    expect(traceNotes()).toEqual([]);
  });

  it("draws stable random integers below n", () => {
    beginEvaluation();
    const draws = Array.from({ length: 20 }, (_, i) => value("rand.intn", `k${i}`, 10) as number);
    for (const d of draws) expect(d >= 0 && d < 10 && Number.isInteger(d)).toBe(true);
    expect(value("rand.intn", "k3", 10)).toBe(draws[3]);
    expect(new Set(draws).size).toBeGreaterThan(1);
    expect(value("rand.intn", "x", 0)).toBe(0);
    const neg = value("rand.intn", "y", -5) as number;
    expect(neg >= 0 && neg < 5).toBe(true);
  });
});

describe("the SDK wrapper", () => {
  it("returns numbers a double cannot carry as exact JSON text in an ArrayBuffer", () => {
    const r = HOST_BUILTINS["units.parse_bytes"]!("10eib");
    expect(r).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(r as ArrayBuffer)).toBe("11529215046068469760");
    expect(HOST_BUILTINS["units.parse_bytes"]!("1kb")).toBe(1000);
  });

  it("throws BuiltinError with OPA's code for type errors and builtin errors", () => {
    const typeErr = (() => {
      try {
        HOST_BUILTINS["crypto.sha256"]!(42);
      } catch (e) {
        return e;
      }
    })();
    expect(typeErr).toBeInstanceOf(BuiltinError);
    expect(typeErr).toMatchObject({ code: "eval_type_error", message: "crypto.sha256: operand 1 must be string but got number" });
    expect(() => HOST_BUILTINS["semver.compare"]!("x", "1.0.0")).toThrow(BuiltinError);
  });

  it("lists the builtins the SDK would answer itself and can rename host builtins", () => {
    expect(SDK_SHADOWED_BUILTINS.has("yaml.marshal")).toBe(true);
    const renamed = hostBuiltinsFor((n) => `evident.${n}`);
    expect(Object.keys(renamed)).toContain("evident.yaml.marshal");
    expect(renamed["evident.crypto.md5"]!("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
  });
});

describe("strings.render_template (Go text/template, missingkey=error)", () => {
  const render = (t: string, vars: object) => value("strings.render_template", t, vars);
  const renderError = (t: string, vars: object) => {
    try {
      HOST_BUILTINS["strings.render_template"]!(t, vars);
    } catch (e) {
      expect(e).toBeInstanceOf(BuiltinError);
      return (e as BuiltinError).code + ": " + (e as BuiltinError).message;
    }
    throw new Error("did not fail");
  };

  it("prints fields, numbers as their JSON text, and nested values as fmt does", () => {
    expect(render("{{.test}}", { test: "hello world" })).toBe("hello world");
    expect(render("{{.test}}", { test: 2023 })).toBe("2023");
    expect(render("{{.a.b}} {{.c}} {{.d}}", { a: { b: 1.5 }, c: true, d: null })).toBe("1.5 true <no value>");
    expect(render("{{.l}} {{.m}}", { l: ["x", 1], m: { b: 2, a: "y" } })).toBe("[x 1] map[a:y b:2]");
    expect(render("a {{- .x -}} b", { x: "-" })).toBe("a-b");
    expect(render("{{/* a comment */}}x", {})).toBe("x");
  });

  it("runs range, if / else if / else, with and variables", () => {
    expect(render("{{range $i, $name := .names}}{{if $i}},{{end}}hello {{$name}}{{end}}", { names: ["rohan", "john doe"] })).toBe(
      "hello rohan,hello john doe",
    );
    expect(render("{{range .xs}}[{{.}}]{{else}}none{{end}}", { xs: [] })).toBe("none");
    expect(render("{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", { m: { b: 2, a: 1 } })).toBe("a=1;b=2;");
    expect(render(`{{if eq .n "a"}}A{{else if eq .n "b"}}B{{else}}C{{end}}`, { n: "b" })).toBe("B");
    expect(render("{{with .o}}{{.k}}{{else}}empty{{end}}|{{with .z}}x{{else}}empty{{end}}", { o: { k: "v" }, z: "" })).toBe("v|empty");
    expect(render(`{{$x := "a"}}{{$x = "b"}}{{$x}}{{$.top}}`, { top: "!" })).toBe("b!");
  });

  it("has text/template's functions and pipes", () => {
    expect(render(`{{len .xs}} {{index .xs 1}} {{.s | printf "%s!"}} {{not .f}} {{and 1 0}} {{or 0 "y"}}`, { xs: ["a", "b"], s: "hi", f: false })).toBe(
      "2 b hi! true 0 y",
    );
    expect(render(`{{print "a" 1 2 "b"}}`, {})).toBe("a1 2b");
  });

  it("fails on missing keys and bad templates", () => {
    expect(renderError("{{.testvarnotprovided}}", { test: "hello world" })).toBe(
      'eval_builtin_error: strings.render_template: template: template:1: executing "template" at <.testvarnotprovided>: map has no entry for key "testvarnotprovided"',
    );
    expect(renderError("{{if .a}}", { a: 1 })).toMatch(/^eval_builtin_error: strings.render_template: template: template:1: /);
    expect(renderError("{{nosuch 1}}", {})).toBe('eval_builtin_error: strings.render_template: template: template:1: function "nosuch" not defined');
  });
});

describe("the declaration table", () => {
  it("declares every OPA builtin with its arity", () => {
    expect(BUILTINS.size).toBeGreaterThan(190);
    expect(BUILTINS.get("count")!.args.length).toBe(1);
    expect(BUILTINS.get("regex.template_match")!.args.length).toBe(4);
    expect(BUILTINS.get("time.now_ns")!.args.length).toBe(0);
    expect(BUILTINS.get("object.get")!.args.length).toBe(3);
    expect(BUILTINS.get("json.patch")!.result).toBe("any");
    expect(BUILTINS.get("print")).toMatchObject({ args: [], variadic: "any" });
    expect(BUILTINS.get("print")!.result).toBeUndefined();
  });

  it("declares every host builtin", () => {
    for (const name of Object.keys(HOST_BUILTINS)) expect(BUILTINS.has(name), name).toBe(true);
  });

  it("flags relations, nondeterminism and deprecation", () => {
    const flagged = (f: "relation" | "nondeterministic" | "deprecated") =>
      [...BUILTINS.values()].filter((d) => d[f]).map((d) => d.name).sort();
    expect(flagged("relation")).toEqual(["walk"]);
    expect(flagged("nondeterministic")).toEqual([
      "http.send",
      "io.jwt.decode_verify",
      "io.jwt.encode_sign",
      "io.jwt.encode_sign_raw",
      "net.lookup_ip_addr",
      "opa.runtime",
      "rand.intn",
      "time.now_ns",
      "uuid.rfc4122",
    ]);
    expect(flagged("deprecated")).toEqual([
      "all",
      "any",
      "cast_array",
      "cast_boolean",
      "cast_null",
      "cast_object",
      "cast_set",
      "cast_string",
      "net.cidr_overlap",
      "re_match",
      "set_diff",
    ]);
  });

  it("maps infix operators to their builtins, which exist", () => {
    expect(INFIX_OPERATORS["+"]).toBe("plus");
    expect(INFIX_OPERATORS["&"]).toBe("and");
    expect(Object.keys(INFIX_OPERATORS).length).toBe(13);
    for (const [op, name] of Object.entries(INFIX_OPERATORS)) expect(BUILTINS.get(name)!.infix).toBe(op);
  });

  it("prints types and signatures as OPA's checker", () => {
    expect(signatureString(BUILTINS.get("count")!)).toBe("(any<string, array[any], object[any: any], set[any]>) => number");
    expect(signatureString(BUILTINS.get("time.diff")!)).toBe(
      "(any<number, array<number, string>>, any<number, array<number, string>>) => array<number, number, number, number, number, number>",
    );
    expect(typeString(BUILTINS.get("json.marshal_with_options")!.args[1]!)).toBe(
      "object<indent: string, prefix: string, pretty: boolean>[string: any]",
    );
    expect(signatureString(BUILTINS.get("print")!)).toBe("(any...)");
  });

  it("names runtime value types as type_name()", () => {
    expect([null, true, 1, 2n, "s", [], {}, new Set()].map(typeName)).toEqual([
      "null",
      "boolean",
      "number",
      "number",
      "string",
      "array",
      "object",
      "set",
    ]);
  });
});

describe("host coverage", () => {
  it("names a reason for every declared builtin it leaves out, and none it implements", async () => {
    const { NOT_ON_HOST } = await import("../../src/engine/builtins/index.js");
    for (const name of Object.keys(NOT_ON_HOST)) {
      expect(BUILTINS.has(name), name).toBe(true);
      expect(HOST_BUILTINS[name], name).toBeUndefined();
    }
  });
});

describe("errors in strict mode name the calling expression", () => {
  it("puts the call site in front of a builtin's error, from the Wasm runtime and from the host alike", async () => {
    const { evalErrorAsRaised: evalError } = await import("./rego.js");
    const body = "p if {\n  x := 1\n  strings.any_prefix_match(input.s, input.t)\n}\nq if {\n  units.parse(input.s)\n}";
    expect(evalError(body, "p", { input: { s: 1, t: "a" }, strict: true })).toEqual({
      code: "eval_type_error",
      message: "t.rego:4: eval_type_error: strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number",
    });
    expect(evalError(body, "q", { input: { s: "" }, strict: true })).toEqual({
      code: "eval_builtin_error",
      message: "t.rego:7: eval_builtin_error: units.parse: units.parse: no amount provided",
    });
  });

  it("records no call sites when builtin errors are not strict", async () => {
    const { compileRego } = await import("../../src/rego/compiler.js");
    const { OPA_BUILTINS } = await import("../../src/rego/registry.js");
    const { dumpIR } = await import("../../src/rego/plan/dump.js");
    const ir = (strict: boolean) =>
      dumpIR(compileRego({ sources: [{ file: "t.rego", source: "package t\np := units.parse(input.s)" }], entrypoints: ["t/p"], builtins: OPA_BUILTINS, strictBuiltinErrors: strict }).ir);
    expect(ir(true)).toContain("site src=");
    expect(ir(true)).toContain('"t.rego:2"');
    expect(ir(false)).not.toContain("site ");
  });
});
