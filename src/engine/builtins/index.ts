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
//     json.filter, json.remove, net.cidr_contains_matches, object.subset...) therefore run in the Wasm
//     runtime instead (src/rego/runtime/assembly/builtins).
//   - The SDK resolves a builtin name in its own table before customBuiltins: json.is_valid, yaml.is_valid,
//     yaml.marshal, yaml.unmarshal, regex.split and sprintf are answered by opa-wasm's JS versions
//     (JS RegExp, a YAML 1.2 parser, different error behaviour) unless the compiler runs them in Wasm or
//     exports them under another name (SDK_SHADOWED_BUILTINS; hostBuiltinsFor() can map them).
//   - time.now_ns, uuid.rfc4122 and rand.intn are stable within one evaluation: call beginEvaluation()
//     before each one (it also clears the notes trace() collected).

import { CAST_BUILTINS } from "./casts.js";
import { BuiltinError, GoError, OperandError, sdkResultText, toSdk } from "./common.js";
import { beginEvaluation, evaluation, traceNotes, wallClockNs, type EvaluationOptions } from "./context.js";
import { CRYPTO_BUILTINS } from "./crypto.js";
import { GLOB_BUILTINS } from "./glob.js";
import { JSON_BUILTINS } from "./json.js";
import { JSON_SCHEMA_BUILTINS } from "./jsonschema.js";
import { JWT_BUILTINS } from "./jwt.js";
import { NET_BUILTINS } from "./net.js";
import { OPA_BUILTINS, configureRuntime, type RuntimeInfo } from "./opa.js";
import { REGEX_BUILTINS } from "./regex.js";
import { SEMVER_BUILTINS } from "./semver.js";
import { TEMPLATE_BUILTINS } from "./template.js";
import { TIME_BUILTINS } from "./time.js";
import { UNITS_BUILTINS } from "./units.js";
import { URLQUERY_BUILTINS } from "./urlquery.js";
import { UUID_BUILTINS } from "./uuid.js";
import { YAML_BUILTINS } from "./yaml.js";

export { BuiltinError, beginEvaluation, configureRuntime, evaluation, sdkResultText, traceNotes, wallClockNs };
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
  ...JWT_BUILTINS,
  ...UUID_BUILTINS,
  ...YAML_BUILTINS,
  ...JSON_BUILTINS,
  ...JSON_SCHEMA_BUILTINS,
  ...URLQUERY_BUILTINS,
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
      if (e instanceof BuiltinError) throw e;
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
 * Builtins deliberately not implemented on the host, with the reason, so the compiler can reject a policy
 * that needs one (unless the Wasm runtime exports it) instead of failing at evaluation time.
 */
export const NOT_ON_HOST: Readonly<Record<string, string>> = Object.freeze({
  "http.send": "needs network I/O, and opa-wasm calls builtins synchronously",
  "net.lookup_ip_addr": "needs DNS, and opa-wasm calls builtins synchronously",
  "crypto.x509.parse_and_verify_certificates": "Go's chain verification rules are not reproduced",
  "crypto.x509.parse_and_verify_certificates_with_options": "Go's chain verification rules are not reproduced",
  "crypto.x509.parse_certificate_request": "Go's JSON for x509.CertificateRequest is not reproduced",
  "crypto.x509.parse_keypair": "Go's JSON for tls.Certificate is not reproduced",
  "crypto.parse_private_keys": "Go's JSON for private key structs is not reproduced",
  "graphql.is_valid": "no GraphQL parser",
  "graphql.parse": "no GraphQL parser",
  "graphql.parse_and_verify": "no GraphQL parser",
  "graphql.parse_query": "no GraphQL parser",
  "graphql.parse_schema": "no GraphQL parser",
  "graphql.schema_is_valid": "no GraphQL parser",
  "providers.aws.sign_req": "not implemented",
  "rego.parse_module": "needs the Rego parser (compiler side)",
  "rego.metadata.chain": "compiler side: annotations are known at compile time",
  "rego.metadata.rule": "compiler side: annotations are known at compile time",
  print: "engine side: opa-wasm's print hook",
  "internal.print": "engine side: opa-wasm's print hook",
});

/**
 * The customBuiltins map for a policy whose Wasm `builtins()` export names host builtins through
 * `rename` (e.g. "yaml.marshal" exported as "evident.yaml.marshal" to get past the SDK's own table).
 */
export function hostBuiltinsFor(rename: (name: string) => string = (n) => n): Record<string, HostBuiltin> {
  return Object.fromEntries(Object.entries(HOST_BUILTINS).map(([name, fn]) => [rename(name), fn]));
}
