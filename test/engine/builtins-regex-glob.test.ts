// regex.* (RE2 semantics), glob.* (gobwas semantics) and regex.globs_match (glob intersection).
import { describe, expect, it } from "vitest";
import { error, value } from "./host.js";


describe("regex.match and regex.is_valid", () => {
  it("searches anywhere in the string with RE2 syntax", () => {
    expect(value("regex.match", "^[a-z]+\\[[0-9]+\\]$", "foo[1]")).toBe(true);
    expect(value("regex.match", "o+", "foo")).toBe(true);
    expect(value("regex.match", "^o+", "foo")).toBe(false);
    expect(value("regex.match", "(?i)FOO", "xfoo")).toBe(true);
    expect(value("regex.match", "(?P<name>\\pL+)", "été")).toBe(true);
    expect(value("regex.match", "^.$", "😀")).toBe(true);
    expect(value("re_match", "^a+$", "aaa")).toBe(true);
  });

  it("has RE2's line semantics: ^/$ at text ends, . without newline", () => {
    expect(value("regex.match", "^b$", "a\nb")).toBe(false);
    expect(value("regex.match", "(?m)^b$", "a\nb")).toBe(true);
    expect(value("regex.match", "a.b", "a\nb")).toBe(false);
  });

  it("rejects what RE2 rejects", () => {
    expect(error("regex.match", "[a", "x")).toEqual({
      code: "eval_builtin_error",
      message: "regex.match: error parsing regexp: missing closing ]: `[a`",
    });
    expect(error("regex.match", "(a)\\1", "aa").message).toContain("invalid escape sequence");
    expect(error("regex.match", "a(?=b)", "ab").message).toContain("error parsing regexp");
    expect(value("regex.is_valid", "[a-z]+")).toBe(true);
    expect(value("regex.is_valid", "[a-z")).toBe(false);
    expect(value("regex.is_valid", "(?<=x)y")).toBe(false);
    expect(value("regex.is_valid", 5)).toBe(false);
    expect(error("regex.match", 1, "x")).toEqual({ code: "eval_type_error", message: "regex.match: operand 1 must be string but got number" });
  });

  it("runs in linear time on a catastrophic-backtracking pattern", () => {
    const start = Date.now();
    expect(value("regex.match", "^(a+)+$", "a".repeat(5000) + "!")).toBe(false);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe("regex.split, regex.find_n, regex.find_all_string_submatch_n, regex.replace", () => {
  it("splits as Go's Regexp.Split(s, -1)", () => {
    expect(value("regex.split", "^[a-z]+\\[[0-9]+\\]$", "")).toEqual([""]);
    expect(value("regex.split", "z+", "pizza")).toEqual(["pi", "a"]);
    expect(value("regex.split", "a", "banana")).toEqual(["b", "n", "n", ""]);
    expect(value("regex.split", "", "abc")).toEqual(["a", "b", "c"]);
    expect(value("regex.split", ",", "a,b,,c")).toEqual(["a", "b", "", "c"]);
  });

  it("finds up to n matches (n < 0: all), skipping empty matches next to a match", () => {
    expect(value("regex.find_n", "[oe]", "foo bar baz qux", 2)).toEqual(["o", "o"]);
    expect(value("regex.find_n", "[oe]", "foo bar baz qux", -1)).toEqual(["o", "o"]);
    expect(value("regex.find_n", "a*", "baaab", -1)).toEqual(["", "aaa", ""]);
    expect(value("regex.find_n", "x", "abc", -1)).toEqual([]);
    expect(value("regex.find_all_string_submatch_n", "a(x*)b", "-ab-axxb-", -1)).toEqual([
      ["ab", ""],
      ["axxb", "xx"],
    ]);
    expect(value("regex.find_all_string_submatch_n", "(a)|(b)", "ab", 1)).toEqual([["a", "a", ""]]);
    expect(error("regex.find_n", "a", "a", 1.5).message).toBe("regex.find_n: operand 3 must be integer number but got floating-point number");
  });

  it("replaces with Go's $-expansion", () => {
    expect(value("regex.replace", "-ab-axxb-", "a(x*)b", "T")).toBe("-T-T-");
    expect(value("regex.replace", "-ab-axxb-", "a(x*)b", "$1")).toBe("--xx-");
    expect(value("regex.replace", "-ab-axxb-", "a(x*)b", "$1W")).toBe("---");
    expect(value("regex.replace", "-ab-axxb-", "a(x*)b", "${1}W")).toBe("-W-xxW-");
    expect(value("regex.replace", "-ab-axxb-", "a(?P<x>x*)b", "[$x]")).toBe("-[]-[xx]-");
    expect(value("regex.replace", "price", "p", "$$")).toBe("$rice");
    expect(value("regex.replace", "abc", "", "-")).toBe("-a-b-c-");
    expect(value("regex.replace", "aaa", "a*", "X")).toBe("X");
  });
});

describe("regex.template_match", () => {
  it("matches templates whose parts are regexes between delimiters", () => {
    expect(value("regex.template_match", "urn:foo:{.*}", "urn:foo:bar:baz", "{", "}")).toBe(true);
    expect(value("regex.template_match", "urn:foo.bar.com:{.*}", "urn:foo.bar.com:bar:baz", "{", "}")).toBe(true);
    expect(value("regex.template_match", "urn:foo.bar.com:{.*}", "urn:fooxbar.com:bar:baz", "{", "}")).toBe(false);
    expect(value("regex.template_match", "urn:foo:<[0-9]{2,10}>", "urn:foo:123", "<", ">")).toBe(true);
    expect(value("regex.template_match", "urn:foo:<[0-9]{2,10}>", "urn:foo:1", "<", ">")).toBe(false);
  });

  it("rejects unbalanced templates and long delimiters", () => {
    expect(error("regex.template_match", "urn:foo:{.*", "x", "{", "}").message).toBe(
      'regex.template_match: unbalanced braces in "urn:foo:{.*"',
    );
    expect(error("regex.template_match", "x", "x", "{{", "}").message).toBe(
      "regex.template_match: start delimiter has to be exactly one character long but is 2 long",
    );
  });
});

describe("regex.globs_match", () => {
  it("decides whether two glob-like patterns can match a common string", () => {
    expect(value("regex.globs_match", "a.a.[0-9]+z", ".b.b2359825792*594823z")).toBe(true);
    expect(value("regex.globs_match", "[a-z]+", "[0-9]*")).toBe(false);
    expect(value("regex.globs_match", "[a-z]+\\[[0-9]+\\]", "foo\\[1\\]")).toBe(true);
    expect(value("regex.globs_match", "[a-z]+\\[[0-9]+\\]", 'foo["bar"]')).toBe(false);
    expect(value("regex.globs_match", "a.*", "ab+")).toBe(true);
    expect(value("regex.globs_match", "abc", "abd")).toBe(false);
  });

  it("reports the library's input errors", () => {
    expect(error("regex.globs_match", "pqrs]", "[a-b]+")).toEqual({
      code: "eval_builtin_error",
      message: "regex.globs_match: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid",
    });
    expect(error("regex.globs_match", "*a", "a").message).toBe(
      "regex.globs_match: input:*a, pos:1, flag '*' must be preceded by a non-flag: the input provided is invalid",
    );
    expect(error("regex.globs_match", "[ab", "a").message).toBe(
      "regex.globs_match: input:[ab, pos:3, found [ without matching ]: the input provided is invalid",
    );
  });
});

describe("glob.match", () => {
  const m = (p: string, d: unknown, s: string) => value("glob.match", p, d, s);

  it("follows OPA's documented examples", () => {
    expect(m("*.github.com", [], "api.github.com")).toBe(true);
    expect(m("*.github.com", [], "api.cdn.github.com")).toBe(false);
    expect(m("*hub.com", null, "api.cdn.github.com")).toBe(true);
    expect(m("*:github:com", [":"], "api:github:com")).toBe(true);
    expect(m("api.**.com", [], "api.github.com")).toBe(true);
    expect(m("api.**.com", [], "api.cdn.github.com")).toBe(true);
    expect(m("?at", [], "cat")).toBe(true);
    expect(m("?at", [], "at")).toBe(false);
    expect(m("[abc]at", [], "bat")).toBe(true);
    expect(m("[abc]at", [], "fat")).toBe(false);
    expect(m("[!abc]at", [], "fat")).toBe(true);
    expect(m("[a-c]at", [], "cat")).toBe(true);
    expect(m("[!a-c]at", [], "cat")).toBe(false);
    expect(m("{cat,bat,[fr]at}", [], "rat")).toBe(true);
    expect(m("{cat,bat,[fr]at}", [], "at")).toBe(false);
  });

  it("keeps ? and * within delimiters and matches the whole string", () => {
    expect(m("a?c", ["."], "a.c")).toBe(false);
    expect(m("a?c", null, "a.c")).toBe(true);
    expect(m("*.com", ["."], "com")).toBe(false);
    expect(m("abc", [], "xabcx")).toBe(false);
    expect(m("a\\*c", [], "a*c")).toBe(true);
    expect(m("a\\*c", [], "abc")).toBe(false);
    expect(m("a/*/c", ["/"], "a/b.x/c")).toBe(true);
    expect(m("{a,b{c,d}}", [], "bd")).toBe(true);
  });

  it("reports pattern and operand errors", () => {
    expect(error("glob.match", "[a", [], "a")).toEqual({ code: "eval_builtin_error", message: "glob.match: unexpected end of input" });
    expect(error("glob.match", "[a-zA-Z]", [], "a").message).toBe("glob.match: expected close range character");
    expect(error("glob.match", "a", 5, "a")).toEqual({
      code: "eval_type_error",
      message: "glob.match: operand 2 must be one of {array, null} but got number",
    });
    expect(error("glob.match", "a", ["ab"], "a")).toEqual({
      code: "eval_type_error",
      message: "glob.match: operand 0 must be array of rune but got string",
    });
  });

  it("quotes glob metacharacters", () => {
    expect(value("glob.quote_meta", "*.github.com")).toBe("\\*.github.com");
    expect(value("glob.quote_meta", "api.github.com")).toBe("api.github.com");
    expect(value("glob.quote_meta", "[x]{y}?\\")).toBe("\\[x\\]\\{y\\}\\?\\\\");
    const quoted = value("glob.quote_meta", "a*b?") as string;
    expect(m(quoted, [], "a*b?")).toBe(true);
    expect(m(quoted, [], "axbx")).toBe(false);
  });
});
