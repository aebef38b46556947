// User-declared builtins: an OPA capabilities JSON declares them to the compiler, a JS module supplies
// their implementations to the evaluator (`--capabilities caps.json --builtins module.mjs`). Loaded from
// file paths so that a worker thread can load them too (functions do not cross threads).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { OPA_BUILTINS, type Registry } from "../rego/registry.js";
import type { HostBuiltin } from "./policy.js";

export interface UserBuiltinFiles {
  /** OPA capabilities JSON declaring the extra builtins. */
  capabilities?: string;
  /** JS module whose (default) export maps builtin names to functions. */
  builtins?: string;
}

export interface UserBuiltins {
  registry: Registry;
  impls: Record<string, HostBuiltin>;
}

export async function loadUserBuiltins(files: UserBuiltinFiles): Promise<UserBuiltins> {
  let registry = OPA_BUILTINS;
  const impls: Record<string, HostBuiltin> = {};
  if (files.capabilities !== undefined) {
    let caps: unknown;
    try {
      caps = JSON.parse(readFileSync(files.capabilities, "utf8"));
    } catch (e) {
      throw new Error(`${files.capabilities}: capabilities: ${(e as Error).message}`);
    }
    registry = registry.withCapabilities(caps);
  }
  if (files.builtins !== undefined) {
    const mod = (await import(pathToFileURL(resolve(files.builtins)).href)) as { default?: unknown } & Record<string, unknown>;
    const table = (mod.default && typeof mod.default === "object" ? mod.default : mod) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(table)) {
      if (typeof fn !== "function") continue;
      if (!registry.has(name)) throw new Error(`${files.builtins}: builtin ${name} is not declared (declare it in the capabilities file)`);
      impls[name] = fn as HostBuiltin;
    }
  }
  return { registry, impls };
}

/** The flags' values, when given. */
export function userBuiltinFiles(o: Record<string, unknown>): UserBuiltinFiles {
  const files: UserBuiltinFiles = {};
  if (typeof o["capabilities"] === "string") files.capabilities = o["capabilities"];
  if (typeof o["builtins"] === "string") files.builtins = o["builtins"];
  return files;
}
