// Builtins Evident declares (so policies written for OPA compile) but does not run: a call fails the
// evaluation with a message naming the builtin, strict mode or not, so a check cannot pass silently.
import { describe, expect, it } from "vitest";
import { evalError, evalRule } from "./rego.js";

describe("unsupported builtins", () => {
  it("fail the evaluation with eval_builtin_error naming the builtin", () => {
    const cases: [string, string][] = [
      ['p := http.send({"method": "get", "url": "https://example.com"})', "http.send: not supported by Evident (no network access from policies)"],
      ['p := net.lookup_ip_addr("example.com")', "net.lookup_ip_addr: not supported by Evident (no network access from policies)"],
      ['p := rego.parse_module("p.rego", "package p")', "rego.parse_module: not supported by Evident (policies cannot parse Rego at evaluation time)"],
    ];
    for (const [body, message] of cases) {
      expect(evalError(body)).toEqual({ code: "eval_builtin_error", message });
      expect(evalError(body, "p", { strict: true })).toEqual({ code: "eval_builtin_error", message });
    }
  });

  it("fail even where an undefined call would have made a deny rule pass", () => {
    const body = 'deny if http.send({"method": "get", "url": input.url}).status_code != 200\np := count([1 | deny])';
    expect(evalError(body, "p", { input: { url: "https://example.com" } }).message).toMatch(/^http\.send: not supported by Evident/);
  });

  it("check their operands first as OPA does: a malformed http.send request is an operand error, undefined unless strict", () => {
    const bad = 'p := http.send({"bad_key": "v", "other": 1, "method": "get", "url": "http://127.0.0.1:1"})';
    expect(evalError(bad, "p", { strict: true })).toEqual({ code: "eval_type_error", message: 'http.send: operand 1 invalid request parameters(s): {"bad_key", "other"}' });
    expect(evalError('p := http.send({"method": "get"})', "p", { strict: true }).message).toBe('http.send: operand 1 missing required request parameters(s): {"url"}');
    expect(evalError("p := http.send(input.r)", "p", { input: { r: "GET /" }, strict: true }).message).toBe("http.send: operand 1 must be object but got string");
    expect(evalRule(bad)).toBeUndefined();
  });
});
