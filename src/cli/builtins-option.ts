// `--capabilities caps.json --builtins module.mjs`: user-declared builtins, declared to the compiler
// and supplied to the evaluator.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { OPA_BUILTINS, type Registry } from "../rego/registry.js";
import type { HostBuiltin } from "../engine/policy.js";

export interface UserBuiltins {
  registry: Registry;
  impls: Record<string, HostBuiltin>;
}

export async function loadUserBuiltins(o: Record<string, unknown>): Promise<UserBuiltins> {
  let registry = OPA_BUILTINS;
  const impls: Record<string, HostBuiltin> = {};
  if (typeof o["capabilities"] === "string") {
    registry = registry.withCapabilities(JSON.parse(readFileSync(o["capabilities"], "utf8")));
  }
  if (typeof o["builtins"] === "string") {
    const mod = (await import(pathToFileURL(resolve(o["builtins"])).href)) as { default?: unknown } & Record<string, unknown>;
    const table = (mod.default && typeof mod.default === "object" ? mod.default : mod) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(table)) {
      if (typeof fn !== "function") continue;
      if (!registry.has(name)) throw new Error(`--builtins: ${name} is not declared (declare it in --capabilities)`);
      impls[name] = fn as HostBuiltin;
    }
  }
  return { registry, impls };
}
