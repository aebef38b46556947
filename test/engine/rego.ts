// Compile a small Rego module and evaluate one rule through the Wasm SDK, as the engine does.
import { compileRego } from "../../src/rego/compiler.js";
import { OPA_BUILTINS } from "../../src/rego/registry.js";
import { EvaluationError, LoadedPolicy } from "../../src/engine/policy.js";

export interface EvalOptions {
  input?: unknown;
  strict?: boolean;
}

/** The value of `data.t.<rule>` for a module written after `package t`, or undefined. */
export function evalRule(body: string, rule = "p", opts: EvalOptions = {}): unknown {
  const strict = opts.strict ?? false;
  const c = compileRego({ sources: [{ file: "t.rego", source: `package t\n${body}` }], entrypoints: [`t/${rule}`], builtins: OPA_BUILTINS, strictBuiltinErrors: strict });
  const policy = new LoadedPolicy(c.wasm, { strictBuiltinErrors: strict, print: () => {} });
  return policy.evaluate(`t/${rule}`, opts.input ?? {})[0]?.["result"];
}

/** The evaluation error (code and message) `evalRule` raises, as raised; fails the test when there is none. */
export function evalErrorAsRaised(body: string, rule = "p", opts: EvalOptions = {}): { code: string; message: string } {
  try {
    evalRule(body, rule, opts);
  } catch (e) {
    if (e instanceof EvaluationError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("evaluation did not fail");
}

/**
 * The evaluation error with the builtin's own message: strict mode puts the call site and the code in
 * front ("t.rego:2: eval_type_error: "), which these tests of builtins leave out (builtins-misc tests it).
 */
export function evalError(body: string, rule = "p", opts: EvalOptions = {}): { code: string; message: string } {
  const { code, message } = evalErrorAsRaised(body, rule, opts);
  const site = `: ${code}: `;
  const at = /^t\.rego:\d+: /.test(message) ? message.indexOf(site) : -1;
  return { code, message: at >= 0 ? message.slice(at + site.length) : message };
}
