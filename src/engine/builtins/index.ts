// The host builtins: OPA builtins that run in JavaScript, registered with @open-policy-agent/opa-wasm
// through `customBuiltins`. Each is wrapped so that
//   - bad input throws BuiltinError with OPA's code and full message ("<name>: <detail>", the way OPA's
//     topdown reports a builtin error; eval_type_error for operand type errors, eval_builtin_error for the
//     rest). The engine decides: strict mode propagates it, otherwise the call is undefined.
//   - a result is returned in the form the SDK loads exactly (see common.ts toSdk: numbers a JS double
//     cannot carry, such as nanosecond timestamps, travel as JSON text in an ArrayBuffer).
//   - `undefined` means Rego-undefined.
//
// What the compiler and engine must know:
//   - Results declared as sets in src/rego/builtins.ts come back as JSON arrays and must be converted to
//     sets: net.cidr_expand, net.cidr_merge.
//   - Set arguments arrive as arrays. The builtins whose meaning depends on set-ness (json.patch,
//     json.filter, json.remove, net.cidr_contains_matches, object.subset, array.flatten,
//     internal.template_string...) therefore run in the Wasm runtime instead
//     (src/rego/runtime/assembly/builtins).
//   - The SDK resolves a builtin name in its own table before customBuiltins: json.is_valid, yaml.is_valid,
//     yaml.marshal, yaml.unmarshal, regex.split and sprintf are answered by opa-wasm's JS versions
//     (JS RegExp, a YAML 1.2 parser, different error behaviour) unless the compiler runs them in Wasm or
//     exports them under another name (SDK_SHADOWED_BUILTINS; hostBuiltinsFor() can map them).
//   - time.now_ns, uuid.rfc4122 and rand.intn are stable within one evaluation: call beginEvaluation()
//     before each one (it also clears the notes trace() collected).

import { CAST_BUILTINS } from "./casts.js";
import { BuiltinError, GoError, HaltError, OperandError, operandTypeErr, sdkResultText, toSdk } from "./common.js";
import { beginEvaluation, evaluation, traceNotes, wallClockNs, type EvaluationOptions } from "./context.js";
import { CRYPTO_BUILTINS } from "./crypto.js";
import { GLOB_BUILTINS } from "./glob.js";
import { GRAPHQL_BUILTINS } from "./graphql.js";
import { JSON_BUILTINS } from "./json.js";
import { JSON_SCHEMA_BUILTINS } from "./jsonschema.js";
import { JWT_BUILTINS } from "./jwt.js";
import { NET_BUILTINS } from "./net.js";
import { OPA_BUILTINS, configureRuntime, type RuntimeInfo } from "./opa.js";
import { PROVIDERS_BUILTINS, checkHttpRequestKeys } from "./providers.js";
import { REGEX_BUILTINS } from "./regex.js";
import { SEMVER_BUILTINS } from "./semver.js";
import { STRINGS_BUILTINS } from "./strings.js";
import { TEMPLATE_BUILTINS } from "./template.js";
import { TIME_BUILTINS } from "./time.js";
import { UNITS_BUILTINS } from "./units.js";
import { URI_BUILTINS } from "./uri.js";
import { URLQUERY_BUILTINS } from "./urlquery.js";
import { UUID_BUILTINS } from "./uuid.js";
import { X509_BUILTINS } from "./x509.js";
import { YAML_BUILTINS } from "./yaml.js";

export { BuiltinError, HaltError, beginEvaluation, configureRuntime, evaluation, sdkResultText, traceNotes, wallClockNs };
export type { EvaluationOptions, RuntimeInfo };

export type HostBuiltin = (...args: unknown[]) => unknown;

const IMPLEMENTATIONS: Record<string, (...args: never[]) => unknown> = {
  ...REGEX_BUILTINS,
  ...GLOB_BUILTINS,
  ...TIME_BUILTINS,
  ...UNITS_BUILTINS,
  ...SEMVER_BUILTINS,
  ...NET_BUILTINS,
  ...CRYPTO_BUILTINS,
  ...X509_BUILTINS,
  ...JWT_BUILTINS,
  ...UUID_BUILTINS,
  ...YAML_BUILTINS,
  ...JSON_BUILTINS,
  ...JSON_SCHEMA_BUILTINS,
  ...URLQUERY_BUILTINS,
  ...URI_BUILTINS,
  ...STRINGS_BUILTINS,
  ...GRAPHQL_BUILTINS,
  ...PROVIDERS_BUILTINS,
  ...OPA_BUILTINS,
  ...TEMPLATE_BUILTINS,
  ...CAST_BUILTINS,
};

/** Run a builtin body, turning Go-style failures into OPA's error for `name`. */
function wrap(name: string, fn: (...args: never[]) => unknown): HostBuiltin {
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = (fn as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      if (e instanceof BuiltinError || e instanceof HaltError) throw e;
      if (e instanceof OperandError) throw new BuiltinError("eval_type_error", `${name}: ${e.message}`);
      if (e instanceof GoError) throw new BuiltinError("eval_builtin_error", `${name}: ${e.message}`);
      throw e;
    }
    return toSdk(result);
  };
}

/** Every host builtin by its OPA name, ready for opa-wasm's `customBuiltins`. */
export const HOST_BUILTINS: Readonly<Record<string, HostBuiltin>> = Object.freeze(
  Object.fromEntries(Object.entries(IMPLEMENTATIONS).map(([name, fn]) => [name, wrap(name, fn)])),
);

/** Builtins opa-wasm answers itself before looking at customBuiltins. */
export const SDK_SHADOWED_BUILTINS: ReadonlySet<string> = new Set([
  "json.is_valid",
  "yaml.is_valid",
  "yaml.marshal",
  "yaml.unmarshal",
  "regex.split",
  "sprintf",
]);

/**
 * Builtins deliberately not implemented on the host, with the reason. A policy that calls one compiles (it
 * is a declared OPA builtin) but its evaluation fails with `eval_builtin_error: <name>: not supported by
 * Evident (<reason>)` whatever the strict mode, so that a check never passes silently because a call was
 * undefined (see unsupportedBuiltins).
 */
export const NOT_ON_HOST: Readonly<Record<string, string>> = Object.freeze({
  "http.send": "no network access from policies",
  "net.lookup_ip_addr": "no network access from policies",
  "rego.parse_module": "policies cannot parse Rego at evaluation time",
  // Never called at run time: the compiler and the engine answer these.
  "rego.metadata.chain": "compiler side: annotations are known at compile time",
  "rego.metadata.rule": "compiler side: annotations are known at compile time",
  print: "engine side: opa-wasm's print hook",
  "internal.print": "engine side: opa-wasm's print hook",
});

/** The operand checks OPA makes before an unsupported builtin would act, so a malformed call fails as in OPA. */
const UNSUPPORTED_OPERAND_CHECKS: Readonly<Record<string, (...args: unknown[]) => void>> = {
  "http.send": (req) => {
    if (typeof req !== "object" || req === null || Array.isArray(req)) throw operandTypeErr(1, req, "object");
    checkHttpRequestKeys(req as Record<string, unknown>);
  },
};

/**
 * customBuiltins for the NOT_ON_HOST builtins: each fails the evaluation with a message naming it, after
 * the operand checks OPA would make (those are ordinary builtin errors: undefined unless strict).
 */
export function unsupportedBuiltins(): Record<string, HostBuiltin> {
  return Object.fromEntries(
    Object.entries(NOT_ON_HOST).map(([name, reason]) => [
      name,
      (...args: unknown[]) => {
        try {
          UNSUPPORTED_OPERAND_CHECKS[name]?.(...args);
        } catch (e) {
          if (e instanceof OperandError) throw new BuiltinError("eval_type_error", `${name}: ${e.message}`);
          throw e;
        }
        throw new HaltError("eval_builtin_error", `${name}: not supported by Evident (${reason})`);
      },
    ]),
  );
}

/**
 * The customBuiltins map for a policy whose Wasm `builtins()` export names host builtins through
 * `rename` (e.g. "yaml.marshal" exported as "evident.yaml.marshal" to get past the SDK's own table).
 */
export function hostBuiltinsFor(rename: (name: string) => string = (n) => n): Record<string, HostBuiltin> {
  return Object.fromEntries(Object.entries(HOST_BUILTINS).map(([name, fn]) => [rename(name), fn]));
}
