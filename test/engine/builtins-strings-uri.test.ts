// array.flatten and internal.template_string (run in the Wasm runtime, where sets are sets),
// strings.split_n, uri.parse and uri.is_valid. Expected values are OPA's own conformance cases
// (v1/test/cases/testdata/v1/{array/flatten,strings/test-splitn,uribuiltins}).
import { describe, expect, it } from "vitest";
import { evalError, evalRule } from "./rego.js";

describe("array.flatten", () => {
  it("unpacks array elements one level and keeps everything else, sets included", () => {
    expect(evalRule("p := array.flatten([])")).toEqual([]);
    expect(evalRule("p := array.flatten([[1, 2], [3, 4], [5]])")).toEqual([1, 2, 3, 4, 5]);
    expect(evalRule("p := array.flatten([[[1], [2, 3, []]], [[4, 5]]])")).toEqual([[1], [2, 3, []], [4, 5]]);
    expect(evalRule('p := array.flatten([[1, 2], "string", [3, {"a": "b"}], 4.5, [6, [7, 8]]])')).toEqual([1, 2, "string", 3, { a: "b" }, 4.5, 6, [7, 8]]);
    expect(evalRule("p := array.flatten([-1, 1, [2]])")).toEqual([-1, 1, 2]); // OPA 1.13.1's fix
    // a set element stays one element: the result has 2 entries, the second a set
    expect(evalRule("p := [count(array.flatten([[1], {2, 3}])), is_set(array.flatten([[1], {2, 3}])[1])]")).toEqual([2, true]);
  });

  it("is a type error for anything but an array", () => {
    expect(evalError("p := array.flatten(input.x)", "p", { input: { x: 42 }, strict: true })).toEqual({
      code: "eval_type_error",
      message: "array.flatten: operand 1 must be array but got number",
    });
    expect(evalRule("p := array.flatten(input.x)", "p", { input: { x: 42 } })).toBeUndefined();
  });
});

describe("strings.split_n", () => {
  const split = (s: string, d: string, n: number) => evalRule(`p := strings.split_n(${JSON.stringify(s)}, ${JSON.stringify(d)}, ${n})`);

  it("keeps the first n parts, or the last -n, and drops the rest", () => {
    expect(split("a.b.c.d", ".", 2)).toEqual(["a", "b"]);
    expect(split("a.b.c.d", ".", 1)).toEqual(["a"]);
    expect(split("a.b.c.d", ".", 4)).toEqual(["a", "b", "c", "d"]);
    expect(split("a.b.c.d", ".", 10)).toEqual(["a", "b", "c", "d"]);
    expect(split("a.b.c.d", ".", 0)).toEqual([]);
    expect(split("a.b.c.d", ".", -2)).toEqual(["c", "d"]);
    expect(split("a.b.c.d", ".", -1)).toEqual(["d"]);
    expect(split("a.b.c.d", ".", -10)).toEqual(["a", "b", "c", "d"]);
    expect(split("abc", ".", 2)).toEqual(["abc"]);
    expect(split("abc", ".", -2)).toEqual(["abc"]);
    expect(split("", ".", 2)).toEqual([""]);
    expect(split("abc", "", 2)).toEqual(["a", "b"]);
    expect(split("abc", "", -2)).toEqual(["b", "c"]);
    expect(split("ਊé", "", 5)).toEqual(["ਊ", "é"]);
    expect(evalRule('p := [name, email] if [name, email] := strings.split_n(input.user, ";", -2)', "p", { input: { user: "admin;active;alice;alice@example.com" } })).toEqual([
      "alice",
      "alice@example.com",
    ]);
  });

  it("wants an integer count", () => {
    expect(evalError('p := strings.split_n("a.b.c", ".", 1.5)', "p", { strict: true })).toEqual({
      code: "eval_type_error",
      message: "strings.split_n: operand 3 must be integer number but got floating-point number",
    });
    expect(evalRule('p := strings.split_n("a.b.c", ".", 1.5)')).toBeUndefined();
  });
});

describe("internal.template_string", () => {
  it("joins literal parts and the single value of each interpolated set", () => {
    expect(evalRule('p := internal.template_string(["foo ", 42, " ", 4.2, " ", false, " ", null])')).toBe("foo 42 4.2 false null");
    expect(evalRule('p := internal.template_string([{"foo"}, " ", {42}, " ", {false}, " ", set()])')).toBe("foo 42 false <undefined>");
    // composite values print as Rego terms (ast String()): strings quoted, sets in braces
    expect(evalRule('p := internal.template_string(["v=", {[1, "a", {2}]}, " o=", {{"k": set()}}])')).toBe('v=[1, "a", {2}] o={"k": set()}');
  });

  it("fails the evaluation, strict or not, on several values or a part that is not a set", () => {
    expect(evalError('p := internal.template_string(["a", {1, 2}])')).toEqual({
      code: "eval_conflict_error",
      message: "eval_conflict_error: template-strings must not produce multiple outputs",
    });
    expect(evalError('p := internal.template_string(["a", [1]])')).toEqual({ code: "eval_internal_error", message: "eval_internal_error: illegal argument type: array" });
  });
});

describe("uri.parse and uri.is_valid", () => {
  const parse = (u: string) => evalRule(`p := uri.parse(${JSON.stringify(u)})`);

  it("returns the non-empty components Go's net/url finds", () => {
    expect(parse("https://example.com:8080/api?q=1#top")).toEqual({
      scheme: "https",
      hostname: "example.com",
      port: "8080",
      path: "/api",
      raw_path: "/api",
      raw_query: "q=1",
      fragment: "top",
    });
    expect(parse("https://example.com?q=1#frag")).toEqual({ scheme: "https", hostname: "example.com", raw_query: "q=1", fragment: "frag" });
    expect(parse("http://[::1]:8080/path")).toEqual({ scheme: "http", hostname: "::1", port: "8080", path: "/path", raw_path: "/path" });
    expect(parse("https://example.com/path%2Fwith%2Fslashes")).toMatchObject({ path: "/path/with/slashes", raw_path: "/path%2Fwith%2Fslashes" });
    // escapes the default path encoding would write collapse raw_path to the decoded path
    expect(parse("https://example.com/a%28b%29")).toMatchObject({ path: "/a(b)", raw_path: "/a(b)" });
    expect(parse("HTTPS://user:pw@Example.COM/")).toEqual({ scheme: "https", hostname: "Example.COM", path: "/", raw_path: "/" });
    expect(parse("http://foo]bar/")).toEqual({ scheme: "http", hostname: "foo]bar", path: "/", raw_path: "/" });
    expect(parse("mailto:user@example.com")).toEqual({ scheme: "mailto" }); // opaque: no host or path
    expect(parse("/a/b?x")).toEqual({ path: "/a/b", raw_path: "/a/b", raw_query: "x" });
    expect(parse("")).toEqual({});
  });

  it("fails with Go's parse errors", () => {
    const err = (u: string) => evalError(`p := uri.parse(${JSON.stringify(u)})`, "p", { strict: true });
    expect(err("http://exa%6dple.com/")).toEqual({ code: "eval_builtin_error", message: 'uri.parse: parse "http://exa%6dple.com/": invalid URL escape "%6d"' });
    expect(err("http://a<b@example.com/").message).toBe('uri.parse: parse "http://a<b@example.com/": net/url: invalid userinfo');
    expect(err("http://example.com:٣٤/").message).toBe('uri.parse: parse "http://example.com:٣٤/": invalid port ":٣٤" after host');
    expect(err("http://[invalid").message).toBe('uri.parse: parse "http://[invalid": missing \']\' in host');
    expect(err("1a:b").message).toBe('uri.parse: parse "1a:b": first path segment in URL cannot contain colon');
    expect(evalRule('p := uri.parse("http://exa%6dple.com/")')).toBeUndefined();
  });

  it("says whether Go's net/url parses the text, and false for \"\"", () => {
    const valid = (u: string) => evalRule(`p := uri.is_valid(${JSON.stringify(u)})`);
    expect(valid("https://example.com/path?q=1")).toBe(true);
    expect(valid("")).toBe(false);
    expect(valid("http://[invalid")).toBe(false);
    expect(valid("http://exa%6dple.com/")).toBe(false);
    expect(valid("http://user name@example.com/")).toBe(false);
    expect(valid("http://foo]bar/")).toBe(true);
    expect(evalRule("p := uri.is_valid(input.x)", "p", { input: { x: 7 } })).toBe(false);
  });
});
