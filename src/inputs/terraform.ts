// Terraform plans (`terraform show -json`, format_version 0.1–1.2): one InputDocument per plan with
// input {plan, references}, a resource listing for ResourceRefs, and cheap address -> line lookups.
//
// `references` (the shape documented in DEVELOPERS.md, "The policy input"):
//
//   references[<resource_changes address>][<attribute path>] = [<resource instance address>, ...]
//
// - one key per `resource_changes[]` entry (managed and data), its value an object (possibly empty);
// - attribute paths are those of the resource's `configuration` expressions: `bucket`, and for nested
//   blocks `logging[0].target_bucket`; `count` and `for_each` hold what count_expression /
//   for_each_expression reference;
// - values are concrete instance addresses as they appear in resource_changes / planned_values /
//   prior_state (`module.logs.aws_s3_bucket.this["raw"]`), deduplicated, in reference order; an
//   attribute whose references resolve to no resource (only var/local/each/count/path, or a
//   resource not in the plan) is absent;
// - resolution: references are relative to the referencing resource's module instance; both
//   `aws_s3_bucket.b.id` and `aws_s3_bucket.b` forms (and `data.x.y`) name the resource; when a
//   reference carries an index (`aws_s3_bucket.b[0]`) only that instance is taken (of Terraform's
//   list `x.b[0].id`, `x.b[0]`, `x.b` only the most specific reference counts); an unindexed reference from an indexed
//   resource (count/for_each) to an indexed resource keeps the instances with the same key when one
//   exists (all instances otherwise); `module.m.out` follows
//   `module_calls.m.module.outputs.out.expression.references` into every instance of module m (the
//   instance with the same key when both sides are indexed; a bare `module.m`, which is what
//   `module.m[count.index].out` becomes, follows every output of m); `var.v` inside a module follows the
//   calling module's `module_calls.<m>.expressions.v.references` into the parent module instance;
//   `each.value` (of a resource whose for_each iterates resources) resolves to the for_each
//   references' instance with the resource's own key.
import type { ResourceRef } from "../engine/finding.js";
import type { InputDocument, InputError } from "./types.js";
import { isObj, type Obj } from "./detect.js";
import { firstNonSpace, LineIndex } from "./positions.js";
import { parsePath } from "./yamlnav.js";

export type PlanReferences = Record<string, Record<string, string[]>>;

export interface PlanResource {
  address: string;
  /** "" for the root module, else e.g. `module.a["x"].module.b`. */
  moduleAddress: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  actions: string[];
  providerName?: string;
}

export interface TerraformInput {
  plan: Obj;
  references: PlanReferences;
}

// ---------------------------------------------------------------------------------------------
// Addresses and traversals

type Token = { name: string } | { key: string | number };

/**
 * Parses a Terraform traversal (`module.a["x"].aws_s3_bucket.b[0].id`) into name and index tokens,
 * each with its end offset. Stops at the first part it cannot read (`[each.key]`, `[*]`).
 */
const traversalCache = new Map<string, Token[]>();

/** Tokens of a reference string, cached (plans repeat the same references many times). */
function refTokens(s: string): Token[] {
  let t = traversalCache.get(s);
  if (!t) {
    if (traversalCache.size > 200_000) traversalCache.clear();
    t = parseTraversal(s).tokens;
    traversalCache.set(s, t);
  }
  return t;
}

function parseTraversal(s: string): { tokens: Token[]; ends: number[] } {
  const tokens: Token[] = [];
  const ends: number[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === ".") {
      i++;
      continue;
    }
    if (c === "[") {
      const q = s[i + 1];
      if (q === '"') {
        let j = i + 2;
        while (j < n && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
        if (j >= n || s[j + 1] !== "]") break;
        let key: string;
        try {
          key = JSON.parse(s.slice(i + 1, j + 1)) as string;
        } catch {
          break;
        }
        tokens.push({ key });
        i = j + 2;
        ends.push(i);
        continue;
      }
      const close = s.indexOf("]", i);
      if (close < 0) break;
      const inner = s.slice(i + 1, close);
      if (!/^[0-9]+$/.test(inner)) break;
      tokens.push({ key: Number(inner) });
      i = close + 1;
      ends.push(i);
      continue;
    }
    let j = i;
    while (j < n && s[j] !== "." && s[j] !== "[") j++;
    tokens.push({ name: s.slice(i, j) });
    ends.push(j);
    i = j;
  }
  return { tokens, ends };
}

interface ParsedAddress {
  /** Module call names from the root. */
  names: string[];
  keys: (string | number | undefined)[];
  /** Module instance address at each depth (`module.a["x"]`, `module.a["x"].module.b`). */
  moduleAddrs: string[];
  /** `aws_s3_bucket.b` or `data.aws_iam_policy_document.p`. */
  rel: string;
  /** Module call names joined with "." (the key of the module's configuration). */
  configKey: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  key?: string | number;
}

const addressCache = new Map<string, ParsedAddress | undefined>();

const EMPTY: never[] = [];
// Root-module address without module path: `type.name`, `data.type.name`, optionally `[0]` / `["k"]`.
const SIMPLE_ADDRESS = /^(?:(data)\.)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(?:\[(?:([0-9]+)|("(?:[^"\\]|\\.)*"))\])?$/;

export function parseAddress(address: string): ParsedAddress | undefined {
  const cached = addressCache.get(address);
  if (cached !== undefined || addressCache.has(address)) return cached;
  if (addressCache.size > 200_000) addressCache.clear();
  if (!address.startsWith("module.") && address.indexOf("[") < 0) {
    // `type.name` / `data.type.name`, the common case
    const parts = address.split(".");
    const data = parts.length === 3 && parts[0] === "data";
    if (parts.length === 2 || data) {
      const type = parts[data ? 1 : 0]!;
      const name = parts[data ? 2 : 1]!;
      const simple: ParsedAddress = { names: EMPTY, keys: EMPTY, moduleAddrs: EMPTY, rel: address, configKey: "", mode: data ? "data" : "managed", type, name };
      addressCache.set(address, simple);
      return simple;
    }
  }
  const m = address.startsWith("module.") ? null : SIMPLE_ADDRESS.exec(address);
  if (m) {
    const mode = m[1] ? "data" : "managed";
    const type = m[2]!;
    const name = m[3]!;
    const simple: ParsedAddress = { names: EMPTY, keys: EMPTY, moduleAddrs: EMPTY, rel: m[1] ? `data.${type}.${name}` : `${type}.${name}`, configKey: "", mode, type, name };
    if (m[4] !== undefined) simple.key = Number(m[4]);
    else if (m[5] !== undefined) {
      try {
        simple.key = JSON.parse(m[5]) as string;
      } catch {
        /* fall through to the full parser */
      }
    }
    if (m[5] === undefined || simple.key !== undefined) {
      addressCache.set(address, simple);
      return simple;
    }
  }
  const { tokens, ends } = parseTraversal(address);
  const names: string[] = [];
  const keys: (string | number | undefined)[] = [];
  const moduleAddrs: string[] = [];
  let i = 0;
  let result: ParsedAddress | undefined;
  for (;;) {
    const t = tokens[i];
    if (t && "name" in t && t.name === "module") {
      const nameTok = tokens[i + 1];
      if (!nameTok || !("name" in nameTok)) break;
      names.push(nameTok.name);
      let end = ends[i + 1]!;
      const k = tokens[i + 2];
      if (k && "key" in k) {
        keys.push(k.key);
        end = ends[i + 2]!;
        i += 3;
      } else {
        keys.push(undefined);
        i += 2;
      }
      moduleAddrs.push(address.slice(0, end));
      continue;
    }
    let mode: "managed" | "data" = "managed";
    if (t && "name" in t && t.name === "data") {
      mode = "data";
      i++;
    }
    const typeTok = tokens[i];
    const nameTok = tokens[i + 1];
    if (!typeTok || !nameTok || !("name" in typeTok) || !("name" in nameTok)) break;
    const keyTok = tokens[i + 2];
    result = {
      names,
      keys,
      moduleAddrs,
      rel: `${mode === "data" ? "data." : ""}${typeTok.name}.${nameTok.name}`,
      configKey: names.join("."),
      mode,
      type: typeTok.name,
      name: nameTok.name,
    };
    if (keyTok && "key" in keyTok) result.key = keyTok.key;
    break;
  }
  addressCache.set(address, result);
  return result;
}

function keyEq(a: string | number | undefined, b: string | number | undefined): boolean {
  return a !== undefined && b !== undefined && String(a) === String(b);
}

// ---------------------------------------------------------------------------------------------
// Resources

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

/** The resources of a plan's `resource_changes` (address, type, actions ...), in plan order. */
export function planResources(plan: unknown): PlanResource[] {
  const out: PlanResource[] = [];
  const rcs = isObj(plan) && Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  for (const rc of rcs) {
    if (!isObj(rc) || typeof rc.address !== "string") continue;
    const parsed = parseAddress(rc.address);
    const change = isObj(rc.change) ? rc.change : {};
    const r: PlanResource = {
      address: rc.address,
      moduleAddress: typeof rc.module_address === "string" ? rc.module_address : (parsed?.moduleAddrs.at(-1) ?? ""),
      mode: rc.mode === "data" ? "data" : (parsed?.mode ?? "managed"),
      type: typeof rc.type === "string" ? rc.type : (parsed?.type ?? ""),
      name: typeof rc.name === "string" ? rc.name : (parsed?.name ?? ""),
      actions: stringArray(change.actions) ?? [],
    };
    const index = rc.index ?? parsed?.key;
    if (typeof index === "string" || typeof index === "number") r.index = index;
    if (typeof rc.provider_name === "string") r.providerName = rc.provider_name;
    out.push(r);
  }
  return out;
}

export function terraformResourceRef(r: Pick<PlanResource, "address" | "type">): ResourceRef {
  const ref: ResourceRef = { kind: "terraform", address: r.address };
  if (r.type) ref.type = r.type;
  return ref;
}

// ---------------------------------------------------------------------------------------------
// References

interface ConfigModule {
  resources: Map<string, Obj>;
  calls: Obj;
  outputs: Obj;
}

interface Ctx {
  names: string[];
  keys: (string | number | undefined)[];
  addrs: string[];
}

const ROOT_CTX: Ctx = { names: [], keys: [], addrs: [] };

function ctxAddr(ctx: Ctx): string {
  return ctx.addrs.length ? ctx.addrs[ctx.addrs.length - 1]! : "";
}

/** All `references` strings inside an expression value (nested objects and arrays included). */
function collectRefs(expr: unknown, out: string[] = []): string[] {
  if (Array.isArray(expr)) {
    for (const e of expr) collectRefs(e, out);
  } else if (isObj(expr)) {
    for (const k in expr) {
      const v = expr[k];
      if (k === "references") {
        if (Array.isArray(v)) for (const r of v) if (typeof r === "string") out.push(r);
      } else if (k !== "constant_value") collectRefs(v, out);
    }
  }
  return out;
}

class ReferenceResolver {
  private readonly configs = new Map<string, ConfigModule>();
  /** module instance address -> resource (`type.name`) -> instances */
  private readonly instances = new Map<string, Map<string, { address: string; key: string | number | undefined }[]>>();
  private readonly moduleInstances = new Map<string, Map<string, { ctx: Ctx; key: string | number | undefined }>>();
  private readonly memo = new Map<string, string[]>();

  constructor(plan: Obj) {
    const cfg = isObj(plan.configuration) && isObj(plan.configuration.root_module) ? plan.configuration.root_module : undefined;
    if (cfg) this.indexConfig(cfg, []);
    const seen = new Set<string>();
    const add = (address: unknown) => {
      if (typeof address !== "string" || seen.has(address)) return;
      seen.add(address);
      this.indexInstance(address);
    };
    if (Array.isArray(plan.resource_changes)) for (const rc of plan.resource_changes) if (isObj(rc)) add(rc.address);
    const walkValues = (mod: unknown, depth: number, dataOnly: boolean) => {
      if (!isObj(mod) || depth > 64) return;
      if (Array.isArray(mod.resources)) for (const r of mod.resources) if (isObj(r) && (!dataOnly || r.mode === "data")) add(r.address);
      if (Array.isArray(mod.child_modules)) for (const c of mod.child_modules) walkValues(c, depth + 1, dataOnly);
    };
    // prior_state adds data sources read during planning (and existing resources); planned_values
    // repeats resource_changes, except for data sources in old formats.
    if (isObj(plan.prior_state) && isObj(plan.prior_state.values)) walkValues(plan.prior_state.values.root_module, 0, false);
    if (isObj(plan.planned_values)) walkValues(plan.planned_values.root_module, 0, true);
  }

  private indexConfig(mod: Obj, names: string[]) {
    if (names.length > 64) return;
    const resources = new Map<string, Obj>();
    if (Array.isArray(mod.resources)) {
      for (const r of mod.resources) {
        if (!isObj(r)) continue;
        const addr =
          typeof r.address === "string"
            ? r.address
            : typeof r.type === "string" && typeof r.name === "string"
              ? `${r.mode === "data" ? "data." : ""}${r.type}.${r.name}`
              : undefined;
        if (addr) resources.set(addr, r);
      }
    }
    const calls = isObj(mod.module_calls) ? mod.module_calls : {};
    const outputs = isObj(mod.outputs) ? mod.outputs : {};
    this.configs.set(names.join("."), { resources, calls, outputs });
    for (const name in calls) {
      const call = calls[name];
      if (isObj(call) && isObj(call.module)) this.indexConfig(call.module, [...names, name]);
    }
  }

  private indexInstance(address: string) {
    const p = parseAddress(address);
    if (!p) return;
    const modAddr = p.moduleAddrs.length ? p.moduleAddrs[p.moduleAddrs.length - 1]! : "";
    let byRel = this.instances.get(modAddr);
    if (!byRel) this.instances.set(modAddr, (byRel = new Map()));
    let list = byRel.get(p.rel);
    if (!list) byRel.set(p.rel, (list = []));
    list.push({ address, key: p.key });
    for (let d = 0; d < p.names.length; d++) {
      const parent = d === 0 ? "" : p.moduleAddrs[d - 1]!;
      const mk = `${parent}|${p.names[d]}`;
      let m = this.moduleInstances.get(mk);
      if (!m) this.moduleInstances.set(mk, (m = new Map()));
      const childAddr = p.moduleAddrs[d]!;
      if (!m.has(childAddr)) {
        m.set(childAddr, {
          ctx: { names: p.names.slice(0, d + 1), keys: p.keys.slice(0, d + 1), addrs: p.moduleAddrs.slice(0, d + 1) },
          key: p.keys[d],
        });
      }
    }
  }

  configOf(address: string): { ctx: Ctx; resource: Obj | undefined; key: string | number | undefined } | undefined {
    const p = parseAddress(address);
    if (!p) return undefined;
    const mod = this.configs.get(p.configKey);
    return {
      ctx: p.names.length === 0 ? ROOT_CTX : { names: p.names, keys: p.keys, addrs: p.moduleAddrs },
      resource: mod?.resources.get(p.rel),
      key: p.key,
    };
  }

  /** Resolves a list of references (one expression's) in a module instance. */
  resolveList(refs: readonly string[], ctx: Ctx, selfKey: string | number | undefined, depth: number, eachRefs?: readonly string[]): string[] {
    if (refs.length === 0 || depth > 32) return [];
    // Terraform lists a reference and its prefixes (`aws_s3_bucket.b[0].id`, `aws_s3_bucket.b[0]`,
    // `aws_s3_bucket.b`); keep only the most specific one, so that the index is not lost.
    const kept = refs.length === 1 ? refs : refs.filter((r, i) => !refs.some((o, j) => j !== i && o.length > r.length && o.startsWith(r) && (o[r.length] === "." || o[r.length] === "[")));
    if (kept.length === 1) {
      const only = kept[0]!;
      const tokens = refTokens(only);
      const t0 = tokens[0];
      if (!(t0 && "name" in t0 && t0.name === "each")) return this.resolveOne(only, tokens, ctx, selfKey, depth);
    }
    const out: string[] = [];
    const seen = new Set<string>();
    for (const ref of kept) {
      const p = { ref, tokens: refTokens(ref) };
      const t0 = p.tokens[0];
      const t1 = p.tokens[1];
      // `each.value` of a resource whose for_each iterates resources: the instance with the same key.
      const resolved =
        t0 && "name" in t0 && t0.name === "each"
          ? t1 && "name" in t1 && t1.name === "value" && eachRefs
            ? this.resolveList(eachRefs, ctx, selfKey, depth + 1)
            : []
          : this.resolveOne(p.ref, p.tokens, ctx, selfKey, depth);
      for (const a of resolved) {
        if (!seen.has(a)) {
          seen.add(a);
          out.push(a);
        }
      }
    }
    return out;
  }

  private resolveOne(ref: string, tokens: Token[], ctx: Ctx, selfKey: string | number | undefined, depth: number): string[] {
    const addr = ctxAddr(ctx);
    const memoKey = addr === "" && selfKey === undefined ? ref : `${addr}\u0000${ref}\u0000${selfKey === undefined ? "" : typeof selfKey + String(selfKey)}`;
    const hit = this.memo.get(memoKey);
    if (hit) return hit;
    this.memo.set(memoKey, []); // cycle guard
    const result = this.resolveUncached(tokens, ctx, selfKey, depth);
    this.memo.set(memoKey, result);
    return result;
  }

  private resolveUncached(tokens: Token[], ctx: Ctx, selfKey: string | number | undefined, depth: number): string[] {
    const name = (i: number) => {
      const t = tokens[i];
      return t && "name" in t ? t.name : undefined;
    };
    const key = (i: number) => {
      const t = tokens[i];
      return t && "key" in t ? t.key : undefined;
    };
    const root = name(0);
    if (root === undefined) return [];
    switch (root) {
      case "local":
      case "each":
      case "count":
      case "path":
      case "terraform":
      case "self":
        return [];
      case "var": {
        const v = name(1);
        const d = ctx.names.length;
        if (!v || d === 0) return [];
        const parent: Ctx = { names: ctx.names.slice(0, -1), keys: ctx.keys.slice(0, -1), addrs: ctx.addrs.slice(0, -1) };
        const call = this.configs.get(parent.names.join("."))?.calls[ctx.names[d - 1]!];
        const exprs = isObj(call) && isObj(call.expressions) ? call.expressions : undefined;
        if (!exprs) return [];
        return this.resolveList(collectRefs(exprs[v]), parent, ctx.keys[d - 1] ?? selfKey, depth + 1);
      }
      case "module": {
        const call = name(1);
        if (!call) return [];
        let i = 2;
        const pinned = key(2);
        if (pinned !== undefined) i = 3;
        const output = name(i);
        const children = this.moduleInstances.get(`${ctxAddr(ctx)}|${call}`);
        if (!children) return [];
        let list = [...children.values()];
        if (pinned !== undefined) list = list.filter((c) => keyEq(c.key, pinned));
        else if (selfKey !== undefined && list.some((c) => keyEq(c.key, selfKey))) list = list.filter((c) => keyEq(c.key, selfKey));
        const outputs = this.configs.get([...ctx.names, call].join("."))?.outputs;
        if (!outputs) return [];
        // `module.m[count.index].out` reaches the plan as a bare `module.m`: take every output.
        const names = output !== undefined ? [output] : Object.keys(outputs);
        const refs: string[] = [];
        for (const o of names) if (isObj(outputs[o])) collectRefs((outputs[o] as Obj).expression, refs);
        if (refs.length === 0) return [];
        const res: string[] = [];
        for (const c of list) res.push(...this.resolveList(refs, c.ctx, c.key === undefined ? selfKey : undefined, depth + 1));
        return res;
      }
      default: {
        let rel: string;
        let keyIndex: number;
        if (root === "data") {
          const t = name(1);
          const n = name(2);
          if (!t || !n) return [];
          rel = `data.${t}.${n}`;
          keyIndex = 3;
        } else {
          const n = name(1);
          if (!n) return [];
          rel = `${root}.${n}`;
          keyIndex = 2;
        }
        const list = this.instances.get(ctxAddr(ctx))?.get(rel);
        if (!list) return [];
        const pinned = key(keyIndex);
        if (pinned !== undefined) return list.filter((x) => keyEq(x.key, pinned)).map((x) => x.address);
        if (selfKey !== undefined && list.length > 1) {
          const same = list.filter((x) => keyEq(x.key, selfKey));
          if (same.length > 0) return same.map((x) => x.address);
        }
        return list.map((x) => x.address);
      }
    }
  }
}

function stringRefs(v: unknown[]): string[] {
  for (const r of v) if (typeof r !== "string") return v.filter((x): x is string => typeof x === "string");
  return v as string[];
}

function walkExpressions(exprs: Obj, prefix: string, visit: (path: string, refs: string[]) => void, depth: number) {
  if (depth > 32) return;
  for (const k in exprs) {
    const v = exprs[k];
    if (Array.isArray(v)) {
      const path = prefix ? `${prefix}.${k}` : k;
      for (let i = 0; i < v.length; i++) {
        const b = v[i];
        if (isObj(b)) walkExpressions(b, `${path}[${i}]`, visit, depth + 1);
      }
    } else if (isObj(v)) {
      const refs = v.references;
      if (Array.isArray(refs)) {
        if (refs.length) visit(prefix ? `${prefix}.${k}` : k, stringRefs(refs));
      } else if (!("constant_value" in v)) walkExpressions(v, prefix ? `${prefix}.${k}` : k, visit, depth + 1);
    }
  }
}

/** Resolves every configuration expression reference of every resource_changes entry (see top of file). */
export function resolveReferences(plan: Obj): PlanReferences {
  const references: PlanReferences = {};
  const rcs = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  if (rcs.length === 0) return references;
  const resolver = new ReferenceResolver(plan);
  for (const rc of rcs) {
    if (!isObj(rc) || typeof rc.address !== "string") continue;
    const attrs: Record<string, string[]> = {};
    references[rc.address] = attrs;
    const c = resolver.configOf(rc.address);
    if (!c?.resource) continue;
    const r = c.resource;
    const eachRefs = isObj(r.for_each_expression) ? collectRefs(r.for_each_expression) : undefined;
    if (isObj(r.expressions)) {
      walkExpressions(
        r.expressions,
        "",
        (path, refs) => {
          const resolved = resolver.resolveList(refs, c.ctx, c.key, 0, eachRefs);
          if (resolved.length) attrs[path] = resolved.slice();
        },
        0,
      );
    }
    if (isObj(r.count_expression)) {
      const resolved = resolver.resolveList(collectRefs(r.count_expression), c.ctx, undefined, 0);
      if (resolved.length) attrs.count = resolved.slice();
    }
    if (eachRefs?.length) {
      const resolved = resolver.resolveList(eachRefs, c.ctx, undefined, 0);
      if (resolved.length) attrs.for_each = resolved.slice();
    }
  }
  return references;
}

// ---------------------------------------------------------------------------------------------
// Positions in the plan text

/**
 * address -> offset of its `"address": "<addr>"` entry, preferring entries in resource_changes;
 * built with one regex pass over the raw text, on the first lookup.
 */
export function planLocator(text: string, lines = new LineIndex(text)) {
  let primary: Map<string, number> | undefined;
  let fallback: Map<string, number> | undefined;
  let starts: number[] = [];
  const build = () => {
    primary = new Map();
    fallback = new Map();
    const rcAt = text.indexOf('"resource_changes"');
    const re = /"address"\s*:\s*("(?:[^"\\]|\\.)*")/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      let addr: string;
      try {
        addr = JSON.parse(m[1]!) as string;
      } catch {
        continue;
      }
      const target = rcAt >= 0 && m.index > rcAt ? primary : fallback;
      if (!target.has(addr)) target.set(addr, m.index);
    }
    starts = [...primary.values()].sort((a, b) => a - b);
  };
  return (path: string | undefined, resource?: string): { line: number; column: number } | undefined => {
    if (resource === undefined) {
      const at = firstNonSpace(text);
      return lines.position(at < 0 ? 0 : at);
    }
    if (!primary) build();
    const fromRc = primary!.get(resource);
    const offset = fromRc ?? fallback!.get(resource);
    if (offset === undefined) return undefined;
    let cursor = offset;
    if (path && fromRc !== undefined) {
      // Narrow down to the path's keys, in order, within this resource_changes entry.
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= offset) lo = mid + 1;
        else hi = mid;
      }
      const end = lo < starts.length ? starts[lo]! : text.length;
      // Search only this entry: a key missing from it must not cost a scan of the rest of the plan.
      const entry = text.slice(offset, end);
      let rel = 0;
      for (const seg of parsePath(path)) {
        if (typeof seg !== "string") continue;
        const idx = entry.indexOf(JSON.stringify(seg), rel + 1);
        if (idx < 0) break;
        rel = idx;
      }
      cursor = offset + rel;
    }
    return lines.position(cursor);
  };
}

// ---------------------------------------------------------------------------------------------
// Documents

export interface TerraformContext {
  file: string;
  /** Raw text of the plan file, for locate(). */
  text?: string;
  /** The file's bytes when `text` is plain ASCII: the policy input is then spliced from them. */
  ascii?: Uint8Array;
  lines?: LineIndex;
}

const SUPPORTED = "0.1–1.2";

/** Validates the shape policies rely on. Returns [] for a usable plan. */
export function validatePlan(plan: Obj): { fatal: boolean; problems: { message: string; address?: string }[] } {
  const problems: { message: string; address?: string }[] = [];
  const fv = plan.format_version;
  if (typeof fv !== "string" || !/^[0-9]+\.[0-9]+/.test(fv)) {
    return { fatal: true, problems: [{ message: `not a Terraform plan: format_version ${JSON.stringify(fv)} is not a version string` }] };
  }
  const major = Number(fv.split(".")[0]);
  if (major > 1) {
    return { fatal: true, problems: [{ message: `unsupported plan format_version ${fv} (supported ${SUPPORTED})` }] };
  }
  if ("resource_changes" in plan && !Array.isArray(plan.resource_changes)) {
    return { fatal: true, problems: [{ message: "plan field resource_changes must be an array" }] };
  }
  if (!("resource_changes" in plan) && !isObj(plan.planned_values)) {
    return { fatal: true, problems: [{ message: "plan has neither resource_changes nor planned_values (is this `terraform show -json` of a plan?)" }] };
  }
  if ("planned_values" in plan && !isObj(plan.planned_values)) {
    problems.push({ message: "plan field planned_values must be an object" });
  }
  if ("configuration" in plan && !isObj(plan.configuration)) {
    problems.push({ message: "plan field configuration must be an object" });
  }
  const rcs = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  for (let i = 0; i < rcs.length; i++) {
    const rc = rcs[i];
    if (!isObj(rc)) {
      problems.push({ message: `resource_changes[${i}] is not an object` });
      continue;
    }
    if (typeof rc.address !== "string" || rc.address === "") {
      problems.push({ message: `resource_changes[${i}].address is missing` });
      continue;
    }
    if (!isObj(rc.change)) {
      problems.push({ message: `resource_changes[${i}] (${rc.address}): change is missing or not an object`, address: rc.address });
      continue;
    }
    if (!stringArray(rc.change.actions)) {
      problems.push({ message: `resource_changes[${i}] (${rc.address}): change.actions must be an array of strings`, address: rc.address });
    }
  }
  return { fatal: false, problems };
}

const PLAN_OPEN = Buffer.from('{"plan":');
const REFERENCES_OPEN = Buffer.from(',"references":');
const PLAN_CLOSE = Buffer.from("}");

function isSpaceByte(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The one InputDocument of a plan (or errors when the plan is of the wrong shape). */
export function terraformDocuments(plan: Obj, ctx: TerraformContext): { documents: InputDocument[]; errors: InputError[] } {
  const errors: InputError[] = [];
  const lines = ctx.lines ?? (ctx.text !== undefined ? new LineIndex(ctx.text) : undefined);
  const locate = ctx.text !== undefined && lines ? planLocator(ctx.text, lines) : undefined;
  const { fatal, problems } = validatePlan(plan);
  for (const p of problems) {
    const e: InputError = { file: ctx.file, message: p.message };
    const at = p.address && locate ? locate(undefined, p.address) : undefined;
    if (at) Object.assign(e, at);
    errors.push(e);
  }
  if (fatal) return { documents: [], errors };
  const references = resolveReferences(plan);
  let index: Map<string, PlanResource> | undefined;
  const resourceOf = (address: string): ResourceRef | undefined => {
    index ??= new Map(planResources(plan).map((r) => [r.address, r]));
    const r = index.get(address);
    if (r) return terraformResourceRef(r);
    const p = parseAddress(address);
    return p ? terraformResourceRef({ address, type: p.type }) : undefined;
  };
  const input: TerraformInput = { plan, references };
  const doc: InputDocument = { kind: "terraform", file: ctx.file, index: 0, input, resource: { kind: "terraform" }, resourceOf };
  if (locate) {
    doc.locate = locate;
    doc.line = locate(undefined)?.line ?? 1;
  }
  if (ctx.text !== undefined) {
    const text = ctx.text;
    doc.inputJson = () => `{"plan":${text.trim()},"references":${JSON.stringify(references)}}`;
  }
  if (ctx.ascii) {
    const bytes = ctx.ascii;
    doc.inputUtf8 = () => {
      let start = 0;
      let end = bytes.length;
      while (start < end && isSpaceByte(bytes[start]!)) start++;
      while (end > start && isSpaceByte(bytes[end - 1]!)) end--;
      return [PLAN_OPEN, bytes.subarray(start, end), REFERENCES_OPEN, Buffer.from(JSON.stringify(references)), PLAN_CLOSE];
    };
  }
  return { documents: [doc], errors };
}
