// The builtin registry the compiler consults: OPA's declarations (builtins.ts) plus user-declared
// builtins from an OPA capabilities file.
import { BUILTINS, type BuiltinDecl, type T } from "./builtins.js";
import type { BuiltinRegistry } from "./compiler.js";

function isSetType(t: T | undefined): boolean {
  return typeof t === "object" && t !== null && "set" in t;
}

export class Registry implements BuiltinRegistry {
  constructor(private readonly decls: ReadonlyMap<string, BuiltinDecl>) {}

  names(): Iterable<string> {
    return this.decls.keys();
  }
  arity(name: string): number | undefined {
    const d = this.decls.get(name);
    if (!d) return undefined;
    // Variadic builtins (print) take any number of arguments: their arity is not fixed.
    if (d.variadic) return undefined;
    return d.args.length;
  }
  has(name: string): boolean {
    return this.decls.has(name);
  }
  relation(name: string): boolean {
    return this.decls.get(name)?.relation ?? false;
  }
  returnsSet(name: string): boolean {
    return isSetType(this.decls.get(name)?.result);
  }
  decl(name: string): BuiltinDecl | undefined {
    return this.decls.get(name);
  }

  /** This registry plus builtins declared in an OPA capabilities document (`{"builtins": [{name, decl}]}`). */
  withCapabilities(caps: unknown): Registry {
    const list = (caps as { builtins?: unknown })?.builtins;
    if (!Array.isArray(list)) throw new Error("capabilities: expected an object with a `builtins` array");
    const decls = new Map(this.decls);
    for (const b of list as { name?: unknown; decl?: { args?: unknown[]; result?: unknown } }[]) {
      if (typeof b?.name !== "string") throw new Error("capabilities: every builtin needs a string `name`");
      const args = Array.isArray(b.decl?.args) ? b.decl.args.map(capType) : [];
      decls.set(b.name, { name: b.name, args, ...(b.decl?.result ? { result: capType(b.decl.result) } : {}) });
    }
    return new Registry(decls);
  }
}

/** OPA capabilities types ({"type": "set", "of": ...}) to ours; only what the compiler uses matters. */
function capType(t: unknown): T {
  const o = t as { type?: string; of?: unknown; dynamic?: unknown } | undefined;
  switch (o?.type) {
    case "set":
      return { set: capType(o.of ?? { type: "any" }) };
    case "array":
      return { array: capType(o.dynamic ?? { type: "any" }) };
    case "null":
    case "boolean":
    case "number":
    case "string":
      return o.type;
    default:
      return "any";
  }
}

export const OPA_BUILTINS = new Registry(BUILTINS);

/**
 * Builtins @open-policy-agent/opa-wasm implements itself and looks up before `customBuiltins`
 * (with JS semantics, e.g. JS regular expressions). Compiled policies name our host versions of
 * them `evident.<name>` in `builtins()`, so the SDK calls ours.
 */
export const SDK_SHADOWED = new Set(["json.is_valid", "yaml.is_valid", "yaml.marshal", "yaml.unmarshal", "regex.split", "sprintf"]);

export function hostBuiltinName(name: string): string {
  return SDK_SHADOWED.has(name) ? `evident.${name}` : name;
}
