// The AdmissionReview envelope (admission.k8s.io/v1 and v1beta1): the JSON Schema fastify validates
// request bodies with (ajv), and the response: denial message, warnings and audit annotations.
import type { Finding, Severity } from "../engine/finding.js";
import { severityRank } from "../engine/finding.js";
import type { Judged } from "./enforcement.js";

export const ADMISSION_VERSIONS = ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"] as const;
export type AdmissionVersion = (typeof ADMISSION_VERSIONS)[number];

const groupVersionKind = {
  type: "object",
  properties: { group: { type: "string" }, version: { type: "string" }, kind: { type: "string" } },
} as const;
const groupVersionResource = {
  type: "object",
  properties: { group: { type: "string" }, version: { type: "string" }, resource: { type: "string" } },
} as const;
const nullableObject = { type: ["object", "null"] } as const;

/**
 * What the API server sends. Only the fields the webhook reads are constrained; unknown fields are kept
 * (fastify's ajv is configured not to remove or coerce anything). `uid` is always sent by the API server;
 * a request without one (hand-written samples, e.g. Gatekeeper's) is answered with an empty uid.
 */
export const ADMISSION_REVIEW_SCHEMA = {
  $id: "evident:AdmissionReview",
  type: "object",
  required: ["apiVersion", "kind", "request"],
  properties: {
    apiVersion: { enum: ADMISSION_VERSIONS },
    kind: { const: "AdmissionReview" },
    request: {
      type: "object",
      required: ["operation"],
      properties: {
        uid: { type: "string", maxLength: 256 },
        kind: groupVersionKind,
        resource: groupVersionResource,
        subResource: { type: "string" },
        requestKind: groupVersionKind,
        requestResource: groupVersionResource,
        requestSubResource: { type: "string" },
        name: { type: "string" },
        namespace: { type: "string" },
        operation: { type: "string", minLength: 1 },
        userInfo: {
          type: ["object", "null"],
          properties: { username: { type: "string" }, uid: { type: "string" }, groups: { type: ["array", "null"], items: { type: "string" } } },
        },
        object: nullableObject,
        oldObject: nullableObject,
        dryRun: { type: ["boolean", "null"] },
        options: nullableObject,
      },
    },
  },
} as const;

export interface AdmissionRequest {
  uid?: string;
  kind?: { group?: string; version?: string; kind?: string };
  resource?: { group?: string; version?: string; resource?: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: string;
  userInfo?: { username?: string; uid?: string; groups?: string[] | null } | null;
  object?: Record<string, unknown> | null;
  oldObject?: Record<string, unknown> | null;
  dryRun?: boolean | null;
  [k: string]: unknown;
}

export interface AdmissionReview {
  apiVersion: AdmissionVersion;
  kind: "AdmissionReview";
  request: AdmissionRequest;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

/** Response schema, so fastify serialises with fast-json-stringify. */
export const ADMISSION_RESPONSE_SCHEMA = {
  type: "object",
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    response: {
      type: "object",
      properties: {
        uid: { type: "string" },
        allowed: { type: "boolean" },
        status: { type: "object", properties: { code: { type: "integer" }, reason: { type: "string" }, message: { type: "string" } } },
        warnings: { type: "array", items: { type: "string" } },
        auditAnnotations: { type: "object", additionalProperties: { type: "string" } },
      },
    },
  },
} as const;

// Kubernetes asks for short warnings ("120 characters or less is preferred") and few of them.
export const MAX_WARNINGS = 10;
export const MAX_WARNING_CHARS = 120;
/** Checks spelled out in a denial message; the rest are counted and named. */
export const MAX_DENIAL_CHECKS = 8;
export const MAX_FINDING_MESSAGE_CHARS = 200;
export const MAX_STATUS_MESSAGE_CHARS = 3000;
const MAX_ANNOTATION_CHARS = 1000;

const MULTI_SPACE = /\s{2,}|[\t\n\r\f\v\u00a0\u2028\u2029]/;

/** One line of at most n characters (whitespace runs become one space; an ellipsis marks a cut). */
export function truncate(s: string, n: number): string {
  const one = MULTI_SPACE.test(s) ? s.replace(/\s+/g, " ").trim() : s.trim();
  return one.length <= n ? one : `${one.slice(0, n - 1)}…`;
}

interface ByCheck {
  checkId: string;
  severity: Severity;
  messages: string[];
}

function groupByCheck(findings: Finding[]): ByCheck[] {
  const m = new Map<string, ByCheck>();
  for (const f of findings) {
    let g = m.get(f.checkId);
    if (!g) m.set(f.checkId, (g = { checkId: f.checkId, severity: f.severity, messages: [] }));
    if (!g.messages.includes(f.message)) g.messages.push(f.message);
  }
  return [...m.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.checkId.localeCompare(b.checkId));
}

/** "apps/v1 Deployment phi/api" */
export function describeSubject(kind: string | undefined, namespace: string | undefined, name: string | undefined): string {
  const n = name ? (namespace ? `${namespace}/${name}` : name) : namespace ? `in namespace ${namespace}` : "";
  return [kind ?? "object", n].filter(Boolean).join(" ");
}

/**
 * The denial message: each failed check with its severity and why, most severe first, at most
 * MAX_DENIAL_CHECKS spelled out and the rest named; each check's first message shown with a count of the others.
 */
export function denialMessage(subject: string, denied: Finding[]): string {
  const groups = groupByCheck(denied);
  const shown = groups.slice(0, MAX_DENIAL_CHECKS);
  const parts = shown.map((g) => {
    const more = g.messages.length > 1 ? ` (+${g.messages.length - 1} more)` : "";
    return `[${g.checkId} ${g.severity}] ${truncate(g.messages[0]!, MAX_FINDING_MESSAGE_CHARS)}${more}`;
  });
  const rest = groups.slice(MAX_DENIAL_CHECKS);
  let msg = `Evident denied ${subject}: ${groups.length} check${groups.length === 1 ? "" : "s"} failed: ${parts.join("; ")}`;
  if (rest.length) msg += `; and ${rest.length} more: ${rest.map((g) => g.checkId).join(", ")}`;
  return truncate(msg, MAX_STATUS_MESSAGE_CHARS);
}

/** One short warning per warn-mode check, at most MAX_WARNINGS. */
export function warningsOf(warned: Finding[]): string[] {
  const groups = groupByCheck(warned);
  const out: string[] = [];
  const room = groups.length > MAX_WARNINGS ? MAX_WARNINGS - 1 : MAX_WARNINGS;
  for (const g of groups.slice(0, room)) {
    const more = g.messages.length > 1 ? ` (+${g.messages.length - 1})` : "";
    out.push(truncate(`${g.checkId}: ${truncate(g.messages[0]!, MAX_WARNING_CHARS)}`, MAX_WARNING_CHARS - more.length) + more);
  }
  if (groups.length > room) {
    out.push(truncate(`and ${groups.length - room} more checks: ${groups.slice(room).map((g) => g.checkId).join(", ")}`, MAX_WARNING_CHARS));
  }
  return out;
}

function idList(js: Judged[], action: Judged["action"]): string | undefined {
  const ids = [...new Set(js.filter((j) => j.action === action).map((j) => j.finding.checkId))].sort();
  return ids.length ? truncate(ids.join(","), MAX_ANNOTATION_CHARS) : undefined;
}

/**
 * Audit annotations (the API server prefixes each key with the webhook's name): the decision, the check
 * ids per action, the bundle revision and the evidence record.
 */
export function auditAnnotationsOf(decision: string, judged: Judged[], extra: Record<string, string | undefined>): Record<string, string> {
  const a: Record<string, string> = { decision };
  for (const action of ["deny", "warn", "dryrun", "waived"] as const) {
    const ids = idList(judged, action);
    if (ids) a[`${action}-checks`] = ids;
  }
  for (const [k, v] of Object.entries(extra)) if (v) a[k] = truncate(v, MAX_ANNOTATION_CHARS);
  return a;
}
