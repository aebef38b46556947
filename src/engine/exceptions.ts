// Exceptions (GxP "documented deviations"): a YAML file of entries that waive findings of a check on
// matching resources until an expiry date. Waived findings are kept and marked (Finding.waiver, status
// "active"); once an exception has expired it stops applying, the finding stands, and the waiver is
// reported with status "expired".
//
//   exceptions:
//     - id: DEV-2025-014                  # unique
//       check: K8S-PRIVILEGED-*           # check id or glob (* any characters, ? one character)
//       resource:                         # one family of fields, each a glob; all given must match
//         kind: DaemonSet                 #   kubernetes: kind, namespace, name, apiVersion
//         namespace: gpu-operator         #   terraform:  address
//         name: nvidia-*                  #   cloudtrail: eventName, eventSource, actor
//                                         #   aws-config: resourceType, resourceId, accountId, region
//       justification: The NVIDIA driver DaemonSet needs privileged mode; node pool is isolated.
//       approver: qa-lead@acme.example
//       expires: 2025-12-31               # YYYY-MM-DD, in force through that day (UTC)
//       ticket: CAPA-1234                 # optional change-control reference
import { readFile } from "node:fs/promises";
import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import { parseDocument, type Document } from "yaml";
import type { Finding, InputKind, ResourceRef, Waiver } from "./finding.js";
import type { InputError } from "../inputs/types.js";
import { LineIndex } from "../inputs/positions.js";
import { nodeOffset, type PathSegment } from "../inputs/yamlnav.js";

export interface ResourceMatcher {
  // kubernetes
  kind?: string;
  namespace?: string;
  name?: string;
  apiVersion?: string;
  // terraform
  address?: string;
  // cloudtrail
  eventName?: string;
  eventSource?: string;
  actor?: string;
  // aws-config
  resourceType?: string;
  resourceId?: string;
  accountId?: string;
  region?: string;
}

export interface ExceptionEntry {
  id: string;
  check: string;
  resource: ResourceMatcher;
  justification: string;
  approver: string;
  expires: string;
  ticket?: string;
  /** Where the entry is (file and line), for reports. */
  source?: { file: string; line?: number };
}

export interface ExceptionsLoad {
  exceptions: ExceptionEntry[];
  /** Invalid entries are left out (their findings stand) and reported here. */
  errors: InputError[];
}

const FAMILIES: Record<InputKind, readonly (keyof ResourceMatcher)[]> = {
  kubernetes: ["kind", "namespace", "name", "apiVersion"],
  terraform: ["address"],
  cloudtrail: ["eventName", "eventSource", "actor"],
  "aws-config": ["resourceType", "resourceId", "accountId", "region"],
};

const glob = { type: "string", minLength: 1 } as const;

/** JSON Schema of one exceptions entry. */
export const EXCEPTION_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["id", "check", "resource", "justification", "approver", "expires"],
  properties: {
    id: { type: "string", minLength: 1, pattern: "^\\S+$" },
    check: glob,
    resource: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: Object.fromEntries(Object.values(FAMILIES).flat().map((k) => [k, glob])),
    },
    justification: { type: "string", minLength: 1, pattern: "\\S" },
    approver: { type: "string", minLength: 1, pattern: "\\S" },
    expires: { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", format: "date" },
    ticket: { type: "string" },
  },
} as const;

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv, formats?: string[]) => Ajv;

let validateEntry: ReturnType<Ajv["compile"]> | undefined;
function entryValidator() {
  if (!validateEntry) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv, ["date"]);
    validateEntry = ajv.compile(EXCEPTION_SCHEMA);
  }
  return validateEntry;
}

function describeAjvError(e: ErrorObject): { field: string; message: string } {
  const path = e.instancePath.replace(/^\//, "").split("/").filter(Boolean);
  if (e.keyword === "required") {
    const p = (e.params as { missingProperty: string }).missingProperty;
    return { field: [...path, p].join("."), message: "is required" };
  }
  if (e.keyword === "additionalProperties") {
    const p = (e.params as { additionalProperty: string }).additionalProperty;
    const field = [...path, p].join(".");
    const hint = path[0] === "resource" ? ` (resource fields: ${Object.values(FAMILIES).flat().join(", ")})` : "";
    return { field, message: `is not a known field${hint}` };
  }
  if (e.keyword === "format" || (e.keyword === "pattern" && path.join(".") === "expires")) {
    return { field: path.join("."), message: "must be a real date written YYYY-MM-DD" };
  }
  if (e.keyword === "pattern" && path.join(".") === "id") return { field: "id", message: "must not contain spaces" };
  if (e.keyword === "pattern" || e.keyword === "minLength") return { field: path.join("."), message: "must not be empty" };
  if (e.keyword === "minProperties") return { field: path.join("."), message: "must name at least one field to match" };
  return { field: path.join(".") || "(entry)", message: e.message ?? e.keyword };
}

/** Parses and validates an exceptions file's text. Never throws. */
export function parseExceptions(text: string, file: string): ExceptionsLoad {
  const out: ExceptionsLoad = { exceptions: [], errors: [] };
  const lines = new LineIndex(text);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: true });
  } catch (e) {
    out.errors.push({ file, message: `invalid YAML: ${(e as Error).message}` });
    return out;
  }
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const e: InputError = { file, message: `invalid YAML: ${(err.message.split(/:\n/)[0] ?? err.message).replace(/ at line \d+, column \d+$/, "")}` };
    const lp = err.linePos?.[0];
    if (lp) {
      e.line = lp.line;
      e.column = lp.col;
    }
    out.errors.push(e);
    return out;
  }
  const at = (segs: PathSegment[]) => {
    const off = nodeOffset(doc, segs);
    return off === undefined ? {} : lines.position(off);
  };
  const value = doc.toJS() as unknown;
  let entries: unknown[];
  let base: PathSegment[];
  if (Array.isArray(value)) {
    entries = value;
    base = [];
  } else if (value && typeof value === "object" && Array.isArray((value as { exceptions?: unknown }).exceptions)) {
    const keys = Object.keys(value as object).filter((k) => k !== "exceptions" && k !== "version");
    if (keys.length) out.errors.push({ file, ...at([keys[0]!]), message: `unknown top-level field ${JSON.stringify(keys[0])} (expected "exceptions")` });
    entries = (value as { exceptions: unknown[] }).exceptions;
    base = ["exceptions"];
  } else if (value === null || value === undefined) {
    return out; // an empty exceptions file: no exceptions
  } else {
    out.errors.push({ file, line: 1, message: 'expected a list of exceptions or a mapping with an "exceptions" list' });
    return out;
  }
  const validate = entryValidator();
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const path = [...base, i];
    const label = `${base.length ? "exceptions" : "entry "}[${i}]${entry && typeof entry === "object" && typeof (entry as { id?: unknown }).id === "string" ? ` (${(entry as { id: string }).id})` : ""}`;
    const errs: InputError[] = [];
    if (!validate(entry)) {
      const reported = new Set<string>();
      for (const e of validate.errors ?? []) {
        const { field, message } = describeAjvError(e);
        const key = `${field}:${message}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const segs = e.instancePath.replace(/^\//, "").split("/").filter(Boolean);
        errs.push({ file, ...at([...path, ...segs]), message: `${label}: ${field}: ${message}` });
      }
    } else {
      const ex = entry as ExceptionEntry;
      const families = (Object.keys(FAMILIES) as InputKind[]).filter((k) => FAMILIES[k].some((f) => ex.resource[f] !== undefined));
      if (families.length > 1) {
        errs.push({ file, ...at([...path, "resource"]), message: `${label}: resource: mixes ${families.join(" and ")} fields; one exception matches one kind of resource` });
      }
      const prev = seen.get(ex.id);
      if (prev !== undefined) errs.push({ file, ...at([...path, "id"]), message: `${label}: id: duplicates exceptions[${prev}]` });
      else seen.set(ex.id, i);
    }
    if (errs.length) {
      out.errors.push(...errs);
      return;
    }
    const ex = { ...(entry as ExceptionEntry) };
    const line = (at(path) as { line?: number }).line;
    ex.source = line !== undefined ? { file, line } : { file };
    out.exceptions.push(ex);
  });
  return out;
}

/** Reads and validates an exceptions file. Never throws. */
export async function loadExceptions(file: string): Promise<ExceptionsLoad> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { exceptions: [], errors: [{ file, message: code === "ENOENT" ? "exceptions file not found" : `cannot read exceptions file: ${(e as Error).message}` }] };
  }
  return parseExceptions(text, file);
}

const globCache = new Map<string, RegExp>();

/** `*` matches any characters (including `.` and `/`), `?` one character; everything else literally. */
export function globToRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    let src = "";
    for (const ch of pattern) {
      if (ch === "*") src += "[\\s\\S]*";
      else if (ch === "?") src += "[\\s\\S]";
      else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
    re = new RegExp(`^${src}$`, "u");
    globCache.set(pattern, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string | undefined): boolean {
  return globToRegExp(pattern).test(value ?? "");
}

function familyOf(m: ResourceMatcher): InputKind | undefined {
  for (const k of Object.keys(FAMILIES) as InputKind[]) if (FAMILIES[k].some((f) => m[f] !== undefined)) return k;
  return undefined;
}

function resourceField(r: ResourceRef, field: keyof ResourceMatcher): string | undefined {
  if (field === "kind") return r.objectKind;
  return r[field as keyof ResourceRef] as string | undefined;
}

/** Whether the exception's check and resource matcher cover this finding (expiry not considered). */
export function exceptionMatches(ex: ExceptionEntry, f: Finding): boolean {
  if (!globMatch(ex.check, f.checkId)) return false;
  const family = familyOf(ex.resource);
  if (!family || family !== f.resource.kind) return false;
  for (const field of FAMILIES[family]) {
    const pattern = ex.resource[field];
    if (pattern !== undefined && !globMatch(pattern, resourceField(f.resource, field))) return false;
  }
  return true;
}

/** `now` as YYYY-MM-DD in UTC. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** An exception is in force through its expiry day (UTC). */
export function isExpired(ex: Pick<ExceptionEntry, "expires">, now: Date): boolean {
  return utcDate(now) > ex.expires;
}

export interface ExceptionsApplied {
  /** The findings, each a copy; matching ones carry `waiver` (active or expired). */
  findings: Finding[];
  /** Exceptions past their expiry date (whether or not they matched a finding). */
  expired: ExceptionEntry[];
  /** Exceptions in force that matched no finding (candidates for retirement). */
  unused: ExceptionEntry[];
}

/**
 * Marks findings covered by an exception. An active exception waives the finding (status "active");
 * if only expired exceptions match, the finding stands and carries the expired waiver (status
 * "expired"). With several matches the first active one in file order wins.
 */
export function applyExceptions(findings: readonly Finding[], exceptions: readonly ExceptionEntry[], now: Date = new Date()): ExceptionsApplied {
  const expiredSet = new Set(exceptions.filter((e) => isExpired(e, now)));
  const used = new Set<ExceptionEntry>();
  const out = findings.map((f) => {
    let active: ExceptionEntry | undefined;
    let expired: ExceptionEntry | undefined;
    for (const ex of exceptions) {
      if (!exceptionMatches(ex, f)) continue;
      if (expiredSet.has(ex)) expired ??= ex;
      else {
        active = ex;
        break;
      }
    }
    const chosen = active ?? expired;
    const copy: Finding = { ...f };
    if (chosen) {
      used.add(chosen);
      const waiver: Waiver = {
        exceptionId: chosen.id,
        justification: chosen.justification,
        approver: chosen.approver,
        expires: chosen.expires,
        status: active ? "active" : "expired",
      };
      copy.waiver = waiver;
    } else delete copy.waiver;
    return copy;
  });
  return {
    findings: out,
    expired: exceptions.filter((e) => expiredSet.has(e)),
    unused: exceptions.filter((e) => !expiredSet.has(e) && !used.has(e)),
  };
}
