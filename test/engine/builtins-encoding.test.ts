// yaml.*, json.marshal_with_options and urlquery.* as OPA (Go) encodes them.
import { describe, expect, it } from "vitest";
import { HOST_BUILTINS } from "../../src/engine/builtins/index.js";
import { error, text, value } from "./host.js";


describe("yaml.marshal", () => {
  it("writes block YAML as go-yaml v2 does", () => {
    expect(value("yaml.marshal", [{ foo: [1, 2, 3] }])).toBe("- foo:\n  - 1\n  - 2\n  - 3\n");
    expect(value("yaml.marshal", { b: { c: [] }, a: {}, d: null, e: true })).toBe("a: {}\nb:\n  c: []\nd: null\ne: true\n");
    expect(value("yaml.marshal", { a10: 1, a2: 2, b: 0 })).toBe("a2: 2\na10: 1\nb: 0\n");
  });

  it("quotes strings the way go-yaml does", () => {
    const y = (s: string) => (value("yaml.marshal", { k: s }) as string).slice(3, -1);
    expect(y("hello world")).toBe("hello world");
    expect(y("true")).toBe('"true"');
    expect(y("yes")).toBe('"yes"');
    expect(y("on")).toBe('"on"');
    expect(y("123")).toBe('"123"');
    expect(y("1e3")).toBe('"1e3"');
    expect(y("0x1F")).toBe('"0x1F"');
    expect(y("~")).toBe('"~"');
    expect(y("")).toBe('""');
    expect(y("2001-12-14")).toBe('"2001-12-14"');
    expect(y("a: b")).toBe("'a: b'");
    expect(y(" x")).toBe("' x'");
    expect(y("- x")).toBe("'- x'");
    expect(y("it's")).toBe("it's");
    expect(y("multi\nline")).toBe("|-\n  multi\n  line");
    expect((value("yaml.marshal", { y: 1 }) as string).startsWith('"y": 1')).toBe(true);
  });

  it("writes numbers as Go's strconv does", () => {
    expect(value("yaml.marshal", { a: 1.5, b: 1234567.5, c: 0.00001, d: 100 })).toBe("a: 1.5\nb: 1.2345675e+06\nc: 1e-05\nd: 100\n");
  });

  it("round-trips through yaml.unmarshal", () => {
    const doc = { foo: [1, 2, 3], bar: { baz: "qux", yes: "no", n: null }, s: "1:20" };
    expect(value("yaml.unmarshal", value("yaml.marshal", doc))).toEqual(doc);
  });
});

describe("yaml.unmarshal and yaml.is_valid", () => {
  it("reads YAML 1.1 scalars as go-yaml v2", () => {
    expect(value("yaml.unmarshal", "foo:\n - qux: bar\n - baz: 2\n")).toEqual({ foo: [{ qux: "bar" }, { baz: 2 }] });
    expect(value("yaml.unmarshal", "a: yes\nb: off\nc: 0777\nd: 0x1f\ne: ~\nf: 1.5\n")).toEqual({ a: true, b: false, c: 511, d: 31, e: null, f: 1.5 });
    expect(value("yaml.unmarshal", "on: 1\nn: 2\n")).toEqual({ true: 1, false: 2 });
    expect(value("yaml.unmarshal", "1: a\n2.5: b\n")).toEqual({ 1: "a", 2.5: "b" });
  });

  it("keeps timestamps and sexagesimal-looking values as strings", () => {
    expect(value("yaml.unmarshal", "d: 2001-12-14\nt: 2001-12-14T21:59:43.10-05:00\np: 22:22\n")).toEqual({
      d: "2001-12-14",
      t: "2001-12-14T21:59:43.10-05:00",
      p: "22:22",
    });
  });

  it("keeps big integers exact, reads the first document, last duplicate key wins, aliases resolve", () => {
    expect(text("yaml.unmarshal", "big: 12345678901234567890\n")).toBe('{"big":12345678901234567890}');
    expect(value("yaml.unmarshal", "---\na: 1\n---\nb: 2\n")).toEqual({ a: 1 });
    expect(value("yaml.unmarshal", "a: 1\na: 2\n")).toEqual({ a: 2 });
    expect(value("yaml.unmarshal", "a: &x [1]\nb: *x\nc:\n  <<: {m: 1}\n  o: 2\n")).toEqual({ a: [1], b: [1], c: { m: 1, o: 2 } });
    expect(value("yaml.unmarshal", "")).toBeNull();
  });

  it("fails on malformed YAML and refuses alias bombs", () => {
    const e = error("yaml.unmarshal", "foo:\n - qux: bar\n - baz: {");
    expect(e.code).toBe("eval_builtin_error");
    expect(e.message).toMatch(/^yaml\.unmarshal: error converting YAML to JSON: yaml: line 3: /);
    // go-yaml's words where policies and OPA's tests match on them
    expect(error("yaml.unmarshal", "[1,2,3").message).toBe("yaml.unmarshal: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'");
    expect(error("yaml.unmarshal", "{a: 1").message).toMatch(/yaml: line 1: did not find expected ',' or '}'$/);
    expect(error("yaml.unmarshal", "a: b: c").message).toMatch(/yaml: line 1: mapping values are not allowed in this context$/);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
      .concat(["b", "c", "d", "e", "f", "g"].map((k, i) => `${k}: &${k} [${Array(9).fill("*" + "abcdefg"[i]).join(", ")}]`))
      .join("\n");
    expect(() => HOST_BUILTINS["yaml.unmarshal"]!(bomb)).toThrow();
  });

  it("validates YAML, false for non-strings", () => {
    expect(value("yaml.is_valid", "foo:\n - qux: bar\n - baz: 2")).toBe(true);
    expect(value("yaml.is_valid", "foo:\n - qux: bar\n - baz: {")).toBe(false);
    expect(value("yaml.is_valid", '{"json": "ok"}')).toBe(true);
    expect(value("yaml.is_valid", 1)).toBe(false);
  });
});

describe("json.marshal_with_options", () => {
  const doc = { b: [1, { c: "<&>" }], a: {} };

  it("indents with tabs when pretty, with the prefix on every line", () => {
    expect(value("json.marshal_with_options", doc, { pretty: true })).toBe(
      '{\n\t"a": {},\n\t"b": [\n\t\t1,\n\t\t{\n\t\t\t"c": "\\u003c\\u0026\\u003e"\n\t\t}\n\t]\n}',
    );
    expect(value("json.marshal_with_options", { x: [1] }, { prefix: "--", indent: "  " })).toBe('--{\n--  "x": [\n--    1\n--  ]\n--}');
    expect(value("json.marshal_with_options", doc, { prefix: "--", pretty: false })).toBe('{"a":{},"b":[1,{"c":"\\u003c\\u0026\\u003e"}]}');
    expect(value("json.marshal_with_options", [], { pretty: true })).toBe("[]");
  });

  it("rejects unknown or mistyped options", () => {
    expect(error("json.marshal_with_options", 1, { x: 1 })).toEqual({
      code: "eval_type_error",
      message: "json.marshal_with_options: operand 2 object contained unknown key \"x\"",
    });
    expect(error("json.marshal_with_options", 1, { pretty: "yes" }).message).toBe(
      "json.marshal_with_options: operand 2 key \"pretty\" failed cast to bool",
    );
    expect(error("json.marshal_with_options", 1, { indent: 2 }).message).toBe(
      "json.marshal_with_options: operand 2 key \"indent\" failed cast to string: operand 0 must be string but got number",
    );
  });
});

describe("urlquery", () => {
  it("escapes and unescapes as Go's url.QueryEscape / QueryUnescape", () => {
    expect(value("urlquery.encode", "a b&c=d/é~*")).toBe("a+b%26c%3Dd%2F%C3%A9~%2A");
    expect(value("urlquery.decode", "a+b%26c%3Dd%2F%C3%A9")).toBe("a b&c=d/é");
    expect(error("urlquery.decode", "%zz")).toEqual({ code: "eval_builtin_error", message: 'urlquery.decode: invalid URL escape "%zz"' });
    expect(error("urlquery.decode", "abc%4").message).toBe('urlquery.decode: invalid URL escape "%4"');
  });

  it("encodes objects with sorted keys and repeated values", () => {
    expect(value("urlquery.encode_object", { b: ["x y", "z"], a: "1&2", c: [] })).toBe("a=1%262&b=x+y&b=z");
    expect(error("urlquery.encode_object", { a: 1 })).toEqual({
      code: "eval_type_error",
      message: "urlquery.encode_object: operand 1 values must be string, array[string], or set[string]",
    });
  });

  it("decodes query strings into arrays of values", () => {
    expect(value("urlquery.decode_object", "a=1&b=x+y&a=2&c")).toEqual({ a: ["1", "2"], b: ["x y"], c: [""] });
    expect(value("urlquery.decode_object", "")).toEqual({});
    expect(error("urlquery.decode_object", "a=1;b=2").message).toBe("urlquery.decode_object: invalid semicolon separator in query");
  });
});

describe("json.verify_schema and json.match_schema (gojsonschema's results)", () => {
  const schema = { properties: { id: { type: "integer" }, tags: { type: "array", items: { type: "string" } } }, required: ["id"] };

  it("verify_schema accepts valid schemas and reports invalid types", () => {
    expect(value("json.verify_schema", { type: "boolean" })).toEqual([true, null]);
    expect(value("json.verify_schema", `{"type": "boolean"}`)).toEqual([true, null]);
    expect(value("json.verify_schema", { properties: { a: { type: "strin" } } })).toEqual([
      false,
      "jsonschema: has a primitive type that is NOT VALID -- given: /strin/ Expected valid values are:[array boolean integer number null object string]",
    ]);
    expect(value("json.verify_schema", "{")).toEqual([false, "jsonschema: invalid JSON string"]);
  });

  it("match_schema reports each error with its type, field and description", () => {
    expect(value("json.match_schema", { id: 5, tags: ["a"] }, schema)).toEqual([true, []]);
    expect(value("json.match_schema", `{"id": 5}`, JSON.stringify(schema))).toEqual([true, []]);
    expect(value("json.match_schema", { id: "x", tags: ["a", 1] }, schema)).toEqual([
      false,
      [
        { error: "id: Invalid type. Expected: integer, given: string", type: "invalid_type", field: "id", desc: "Invalid type. Expected: integer, given: string" },
        { error: "tags.1: Invalid type. Expected: string, given: integer", type: "invalid_type", field: "tags.1", desc: "Invalid type. Expected: string, given: integer" },
      ],
    ]);
    expect(value("json.match_schema", {}, schema)).toEqual([
      false,
      [{ error: "(root): id is required", type: "required", field: "(root)", desc: "id is required" }],
    ]);
    const [, errs] = value("json.match_schema", { a: 1, b: "x" }, { properties: { a: { enum: [2, 3] } }, additionalProperties: false }) as [boolean, { desc: string }[]];
    expect(errs.map((e) => e.desc).sort()).toEqual(["Additional property b is not allowed", "a must be one of the following: 2, 3"]);
  });

  it("match_schema fails on invalid schemas and operands", () => {
    expect(error("json.match_schema", {}, { type: "unknown" })).toEqual({
      code: "eval_builtin_error",
      message:
        "json.match_schema: has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]",
    });
    expect(error("json.match_schema", 1, {}).message).toBe("json.match_schema: wrong type, expected string or object");
  });
});
