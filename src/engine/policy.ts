// A compiled policy loaded through @open-policy-agent/opa-wasm, with Evident's host builtins
// registered as the SDK's customBuiltins. The one place the SDK is called.
import { createRequire } from "node:module";
import { parseModule } from "../rego/wasm/binary.js";
import { beginEvaluation } from "./builtins/context.js";
import { BuiltinError, HaltError, unwrapExact } from "./builtins/common.js";
import { HOST_BUILTINS, unsupportedBuiltins } from "./builtins/index.js";
import { hostBuiltinName } from "../rego/registry.js";

export type ResultSet = Record<string, unknown>[];

/** The part of @open-policy-agent/opa-wasm we use (its published types need the DOM lib). */
interface SdkPolicy {
  entrypoints: Record<string, number>;
  evaluate(input: unknown, entrypoint: string | number): unknown;
  setData(data: unknown): void;
}
interface Sdk {
  loadPolicySync(wasm: Uint8Array, memory: { initial: number }, builtins: Record<string, HostBuiltin>): SdkPolicy;
}
const opa = createRequire(import.meta.url)("@open-policy-agent/opa-wasm") as Sdk;

/** An error raised while evaluating, with OPA's code (eval_conflict_error, eval_type_error, ...). */
export class EvaluationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "EvaluationError";
  }
}

export type HostBuiltin = (...args: unknown[]) => unknown;

export interface PolicyOptions {
  /** OPA's strict-builtin-errors: a builtin error fails the evaluation instead of being undefined. */
  strictBuiltinErrors?: boolean;
  /** User-declared builtins (`--builtins module.mjs`). */
  extraBuiltins?: Record<string, HostBuiltin>;
  /** Where print() output goes (default: stderr). */
  print?: (line: string) => void;
}

/** The memory a module needs at instantiation: its memory import's minimum, in pages. */
function minimumPages(wasm: Uint8Array): number {
  const mem = parseModule(wasm).imports.find((i) => i.kind === 2);
  return Math.max(5, mem?.min ?? 0);
}

// "eval_type_error: ...", or with the Rego call site in front: "policy.rego:4: eval_type_error: ..."
const ERROR_CODE = /^(?:.*?:\d+: )?(eval_[a-z_]+_error|rego_[a-z_]+_error): /;

function toEvaluationError(e: unknown): EvaluationError {
  if (e instanceof EvaluationError) return e;
  if (e instanceof BuiltinError || e instanceof HaltError) return new EvaluationError(e.code, e.message);
  // The SDK throws strings (opa_abort) and plain {message} objects (a builtin it cannot find).
  const msg =
    typeof e === "string"
      ? e
      : e instanceof Error
        ? e.message
        : typeof (e as { message?: unknown })?.message === "string"
          ? (e as { message: string }).message
          : String(e);
  const m = ERROR_CODE.exec(msg);
  if (m) return new EvaluationError(m[1]!, msg);
  if (e instanceof Error && e.name === "RuntimeError") return new EvaluationError("eval_internal_error", `wasm trap: ${msg}`);
  return new EvaluationError("eval_internal_error", msg);
}

export class LoadedPolicy {
  private readonly policy: SdkPolicy;
  readonly entrypoints: string[];

  constructor(wasm: Uint8Array, opts: PolicyOptions = {}) {
    const strict = opts.strictBuiltinErrors ?? false;
    const print = opts.print ?? ((line: string) => process.stderr.write(line + "\n"));
    const custom: Record<string, HostBuiltin> = {};
    const wrap =
      (impl: HostBuiltin): HostBuiltin =>
      (...args) => {
        try {
          return impl(...args.map(unwrapExact));
        } catch (e) {
          // Non-strict: a builtin error makes the call undefined, as in OPA.
          if (e instanceof BuiltinError && !strict) return undefined;
          if (e instanceof BuiltinError) throw this.atCallSite(e);
          throw e;
        }
      };
    for (const [name, impl] of Object.entries(unsupportedBuiltins())) custom[name] = wrap(impl);
    for (const [name, impl] of Object.entries(HOST_BUILTINS)) custom[hostBuiltinName(name)] = custom[name] = wrap(impl);
    for (const [name, impl] of Object.entries(opts.extraBuiltins ?? {})) custom[name] = wrap(impl);
    custom["internal.print"] = (args: unknown) => {
      const parts = (args as unknown[][]).map((set) =>
        set.length === 0 ? "<undefined>" : set.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", "),
      );
      print(parts.join(" "));
      return true;
    };
    this.policy = opa.loadPolicySync(wasm, { initial: minimumPages(wasm) }, custom);
    this.entrypoints = Object.keys(this.policy.entrypoints);
  }

  /**
   * The error with the Rego expression that called the builtin in front ("policy.rego:4: eval_type_error:
   * ..."), as OPA words it, when the module records call sites (ours, compiled with strict builtin errors).
   */
  private atCallSite(e: BuiltinError): BuiltinError {
    const sdk = this.policy as unknown as { wasmInstance?: { exports: Record<string, unknown> }; mem?: { buffer: ArrayBuffer } };
    const get = sdk.wasmInstance?.exports["evident_site_get"];
    if (typeof get !== "function" || !sdk.mem) return e;
    const v = (get as () => number)();
    if (v === 0) return e;
    // a string value: [4] length, [8] bytes (runtime value.ts)
    const view = new DataView(sdk.mem.buffer);
    const site = Buffer.from(sdk.mem.buffer, view.getUint32(v + 8, true), view.getUint32(v + 4, true)).toString("utf8");
    return new BuiltinError(e.code, `${site}: ${e.code}: ${e.message}`);
  }

  setData(data: unknown): void {
    try {
      this.policy.setData(data instanceof Uint8Array ? toArrayBuffer(data) : data);
    } catch (e) {
      throw toEvaluationError(e);
    }
  }

  /**
   * Evaluates an entrypoint. `input` may be a value, JSON text as bytes (parsed inside Wasm, which keeps
   * numbers exactly as written), or undefined for no input.
   */
  evaluate(entrypoint: string, input?: unknown): ResultSet {
    beginEvaluation();
    // The SDK treats a falsy input (0, false, "", null) as no input: pass those as JSON text.
    const arg =
      input instanceof Uint8Array ? toArrayBuffer(input) : input !== undefined && !input ? toArrayBuffer(new TextEncoder().encode(JSON.stringify(input))) : input;
    try {
      return this.policy.evaluate(arg, entrypoint) as ResultSet;
    } catch (e) {
      throw toEvaluationError(e);
    }
  }
}

/** The bytes as an ArrayBuffer (the SDK's form for JSON text), without a copy when they fill their buffer. */
function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) return b.buffer;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
