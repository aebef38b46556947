// The evidence record: one decision of the webhook, `evident scan` or the scanner.
// Records hold digests and minimum metadata, never the evaluated object (unless the log is configured
// with `includeContents`). A record's `hash` is SHA-256 over the RFC 8785 canonical JSON of the record
// without its `hash` field; `prevHash` links it to the previous record of the same chain.
import { v7 as uuidv7 } from "uuid";
import type { Finding } from "../engine/finding.js";
import { canonicalJson, sha256Hex } from "./digest.js";

export const RECORD_VERSION = 1 as const;
/** prevHash of the first record of a chain. */
export const GENESIS_HASH = "0".repeat(64);

export type SourceType = "webhook" | "scan" | "scanner";
export type Decision = "allow" | "deny" | "warn" | "dryrun" | "pass" | "fail" | "error";
export const DECISIONS: readonly Decision[] = ["allow", "deny", "warn", "dryrun", "pass", "fail", "error"];

export interface RecordSource {
  type: SourceType;
  /** webhook replica / scanner shard / CLI host name. */
  instance: string;
}

export interface RecordSubject {
  /** Input kind: kubernetes, terraform, cloudtrail, aws-config. */
  kind: string;
  /** Human reference: "apps/v1 Deployment phi/api", a Terraform address, a CloudTrail eventID ... */
  reference: string;
  /** "sha256:<hex>" of the canonical JSON of what was evaluated (see subjectDigest()). */
  digest: string;
  /** The evaluated object itself: only accepted when the log is opened with includeContents: true. */
  content?: unknown;
}

/** Who made the change, reduced to identifiers (never tokens or `extra` fields). */
export interface RecordActor {
  name: string;
  type?: string;
  uid?: string;
  groups?: string[];
}

export interface RecordFinding {
  check: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  controls: string[];
  message: string;
  /** id of the exception (in `exceptions`) that waives this finding. */
  waiver?: string;
}

export interface RecordException {
  id: string;
  justification: string;
  approver: string;
  /** YYYY-MM-DD */
  expires: string;
  status?: "active" | "expired";
}

/** What a caller gives to append(). */
export interface RecordInput {
  source: RecordSource;
  subject: RecordSubject;
  actor?: RecordActor | null;
  bundle: { digest: string; revision: string };
  decision: Decision;
  findings: RecordFinding[];
  exceptions?: RecordException[];
  /** Decision time; defaults to now. */
  time?: string | Date;
  engineVersion?: string;
}

export interface EvidenceRecord {
  v: typeof RECORD_VERSION;
  id: string;
  time: string;
  chain: string;
  seq: number;
  prevHash: string;
  source: RecordSource;
  subject: RecordSubject;
  actor: RecordActor | null;
  bundle: { digest: string; revision: string };
  decision: Decision;
  findings: RecordFinding[];
  exceptions: RecordException[];
  engine: { version: string };
  hash: string;
}

export type UnhashedRecord = Omit<EvidenceRecord, "hash">;

export function newRecordId(): string {
  return uuidv7();
}

/** SHA-256 (hex) over the canonical JSON of the record without `hash`. */
export function recordHash(record: UnhashedRecord | EvidenceRecord): string {
  const { hash: _omit, ...rest } = record as EvidenceRecord;
  return sha256Hex(canonicalJson(rest));
}

/** The record fields that do not depend on the chain position, fixed when append() is called. */
export type PendingRecord = Omit<UnhashedRecord, "chain" | "seq" | "prevHash">;

export function pendingFromInput(input: RecordInput, defaults: { engineVersion: string }): PendingRecord {
  const time = input.time === undefined ? new Date() : new Date(input.time);
  const subject: RecordSubject = { kind: input.subject.kind, reference: input.subject.reference, digest: input.subject.digest };
  if (input.subject.content !== undefined) subject.content = input.subject.content;
  return {
    v: RECORD_VERSION,
    id: newRecordId(),
    time: Number.isNaN(time.getTime()) ? String(input.time) : time.toISOString(),
    source: { type: input.source.type, instance: input.source.instance },
    subject,
    actor: input.actor ? pickActor(input.actor) : null,
    bundle: { digest: input.bundle.digest, revision: input.bundle.revision },
    decision: input.decision,
    findings: input.findings.map((f) => {
      const out: RecordFinding = { check: f.check, severity: f.severity, controls: [...f.controls], message: f.message };
      if (f.waiver !== undefined) out.waiver = f.waiver;
      return out;
    }),
    exceptions: (input.exceptions ?? []).map((e) => {
      const out: RecordException = { id: e.id, justification: e.justification, approver: e.approver, expires: e.expires };
      if (e.status !== undefined) out.status = e.status;
      return out;
    }),
    engine: { version: input.engineVersion ?? defaults.engineVersion },
  };
}

/** Places a pending record at a chain position and seals it with its hash. */
export function sealRecord(p: PendingRecord, chain: string, seq: number, prevHash: string): EvidenceRecord {
  return sealRecordWithLine(p, chain, seq, prevHash).record;
}

/**
 * Seals a record and returns its log line too. Without subject.content (the opt-in), the canonical text
 * comes from fastCanonicalText() (one JSON.stringify over an object built in RFC 8785 key order), which
 * the tests prove equal to the canonicalize package's output; with content it comes from canonicalize.
 * Verification always recomputes hashes with canonicalize.
 */
export function sealRecordWithLine(p: PendingRecord, chain: string, seq: number, prevHash: string): { record: EvidenceRecord; line: string } {
  const record: EvidenceRecord = {
    v: p.v,
    id: p.id,
    time: p.time,
    chain,
    seq,
    prevHash,
    source: p.source,
    subject: p.subject,
    actor: p.actor,
    bundle: p.bundle,
    decision: p.decision,
    findings: p.findings,
    exceptions: p.exceptions,
    engine: p.engine,
    hash: "",
  };
  const text = p.subject.content === undefined ? fastCanonicalText(record) : canonicalJson(withoutHash(record));
  record.hash = sha256Hex(text);
  // the canonical text plus the hash: one JSON object per line
  return { record, line: `${text.slice(0, -1)},"hash":"${record.hash}"}` };
}

function withoutHash(r: EvidenceRecord): UnhashedRecord {
  const { hash: _omit, ...rest } = r;
  return rest;
}

/**
 * RFC 8785 canonical text of a record without subject.content and without its hash. JCS sorts keys by
 * UTF-16 code units and serialises strings and numbers as ECMAScript JSON.stringify does; building every
 * object with its keys already in that order and calling JSON.stringify once yields the same text.
 * (No key here is an integer-like string, which JavaScript would reorder.)
 */
export function fastCanonicalText(r: EvidenceRecord | UnhashedRecord): string {
  const a = r.actor;
  return JSON.stringify({
    actor: a === null ? null : { groups: a.groups, name: a.name, type: a.type, uid: a.uid },
    bundle: { digest: r.bundle.digest, revision: r.bundle.revision },
    chain: r.chain,
    decision: r.decision,
    engine: { version: r.engine.version },
    exceptions: r.exceptions.map((e) => ({ approver: e.approver, expires: e.expires, id: e.id, justification: e.justification, status: e.status })),
    findings: r.findings.map((f) => ({ check: f.check, controls: f.controls, message: f.message, severity: f.severity, waiver: f.waiver })),
    id: r.id,
    prevHash: r.prevHash,
    seq: r.seq,
    source: { instance: r.source.instance, type: r.source.type },
    subject: { digest: r.subject.digest, kind: r.subject.kind, reference: r.subject.reference },
    time: r.time,
    v: r.v,
  });
}

function pickActor(a: RecordActor): RecordActor {
  const out: RecordActor = { name: a.name };
  if (a.type !== undefined) out.type = a.type;
  if (a.uid !== undefined) out.uid = a.uid;
  if (a.groups !== undefined) out.groups = [...a.groups];
  return out;
}

/** `s` cut to `max` characters, the cut marked with an ellipsis: record fields have bounds (record.schema.json). */
export function clipField(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** An actor within the record's bounds (an empty name becomes "?": the schema wants one). */
function boundedActor(a: RecordActor): RecordActor {
  const out: RecordActor = { name: clipField(a.name, 512) || "?" };
  if (a.type !== undefined) out.type = clipField(a.type, 64);
  if (a.uid !== undefined) out.uid = clipField(a.uid, 256);
  if (a.groups !== undefined) out.groups = a.groups.slice(0, 256).map((g) => clipField(g, 256));
  return out;
}

/** Minimal actor from a Kubernetes AdmissionReview `userInfo` (drops `extra`, which may hold tokens). */
export function actorFromUserInfo(userInfo: unknown): RecordActor | null {
  if (!userInfo || typeof userInfo !== "object") return null;
  const u = userInfo as { username?: unknown; uid?: unknown; groups?: unknown };
  if (typeof u.username !== "string") return null;
  const a: RecordActor = { name: u.username, type: u.username.startsWith("system:serviceaccount:") ? "serviceaccount" : "user" };
  if (typeof u.uid === "string") a.uid = u.uid;
  if (Array.isArray(u.groups)) a.groups = u.groups.filter((g): g is string => typeof g === "string");
  return boundedActor(a);
}

/** Minimal actor from a CloudTrail `userIdentity`. */
export function actorFromUserIdentity(ui: unknown): RecordActor | null {
  if (!ui || typeof ui !== "object") return null;
  const u = ui as { type?: unknown; arn?: unknown; principalId?: unknown; userName?: unknown; invokedBy?: unknown };
  const name = [u.arn, u.userName, u.invokedBy, u.principalId].find((x): x is string => typeof x === "string");
  if (!name) return null;
  const a: RecordActor = { name };
  if (typeof u.type === "string") a.type = u.type;
  if (typeof u.principalId === "string") a.uid = u.principalId;
  return boundedActor(a);
}

/** Engine findings -> record findings and the exceptions that matched them, within the record's bounds. */
export function findingsToRecord(findings: Finding[]): { findings: RecordFinding[]; exceptions: RecordException[] } {
  const exceptions = new Map<string, RecordException>();
  const out = findings.map((f) => {
    const rf: RecordFinding = { check: clipField(f.checkId, 128), severity: f.severity, controls: f.controls.map((c) => clipField(c, 128)), message: clipField(f.message, 4096) };
    if (f.waiver) {
      const id = clipField(f.waiver.exceptionId, 256);
      exceptions.set(id, {
        id,
        justification: clipField(f.waiver.justification, 4096),
        approver: clipField(f.waiver.approver, 512),
        expires: f.waiver.expires,
        status: f.waiver.status,
      });
      if (f.waiver.status === "active") rf.waiver = id;
    }
    return rf;
  });
  return { findings: out, exceptions: [...exceptions.values()] };
}

/** A finding counts as waived when it names an exception of the record that is not expired. */
export function isFindingWaived(r: Pick<EvidenceRecord, "exceptions">, f: RecordFinding): boolean {
  if (!f.waiver) return false;
  const e = r.exceptions.find((x) => x.id === f.waiver);
  return !!e && e.status !== "expired";
}
