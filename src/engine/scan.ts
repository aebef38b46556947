// The scan pipeline, independent of how it is driven (the `evident scan` CLI, the benchmark, and later
// the periodic scanner over files): paths -> loadInputs -> data.inventory -> Engine.evaluate per
// document -> exceptions -> a ScanReport, and optionally one evidence record per evaluated document.
//
// It lives in src/engine because it is the engine applied to a set of inputs; src/report stays a set of
// pure renderers of the ScanReport this produces, and src/cli only parses flags and prints.
//
// Never throws for bad input: an unreadable file, a document whose evaluation throws, an invalid
// exceptions entry or an evidence record that could not be written each become an InputError in
// report.errors (exit code 2), and the rest of the scan goes on.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { actorFromUserIdentity, actorFromUserInfo, findingsToRecord, subjectDigest, type EvidenceLog, type RecordInput } from "../evidence/index.js";
import type { RecordActor } from "../evidence/record.js";
import { inventoryFrom, loadInputs, type LoadOptions } from "../inputs/index.js";
import type { InputDocument, InputError } from "../inputs/types.js";
import { counts, DEFAULT_FAIL_ON, resourceLabel, relPath, type ExceptionSummary, type ScanReport } from "../report/model.js";
import type { Engine } from "./engine.js";
import { applyExceptions, isExpired, type ExceptionEntry } from "./exceptions.js";
import { isWaived, severityRank, type Finding, type Severity } from "./finding.js";

export interface ScanProgress {
  phase: "load" | "evaluate" | "evidence";
  done: number;
  total: number;
}

export interface ScanEvidence {
  log: EvidenceLog;
  /** `source.instance` of the records (default: the host name). */
  instance?: string;
}

export interface ScanOptions {
  paths: readonly string[];
  engine: Engine;
  /** Loaded exceptions (see loadExceptions); their load errors go in `exceptionErrors`. */
  exceptions?: readonly ExceptionEntry[];
  exceptionErrors?: readonly InputError[];
  /** Findings at or above this severity (not waived) fail the scan. Default "high". */
  failOn?: Severity;
  load?: LoadOptions;
  /** Appends one record (source type "scan") per evaluated document. */
  evidence?: ScanEvidence;
  onProgress?: (p: ScanProgress) => void;
  /** Clock for exception expiry. */
  now?: Date;
  tool?: ScanReport["tool"];
}

export interface ScanResult {
  report: ScanReport;
  /** 0 nothing failing, 1 findings at or above failOn, 2 an input (or its evaluation) failed. */
  exitCode: 0 | 1 | 2;
  documents: number;
  /** Files a directory walk found that are not inputs. */
  skipped: { file: string; reason: string }[];
  /** Exceptions in force that matched no finding. */
  unusedExceptions: ExceptionEntry[];
  /** Evidence records appended. */
  records: number;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export const TOOL: ScanReport["tool"] = { name: "evident", version: packageVersion() };

/** Documents per Wasm call when scanning many small documents (CloudTrail events, Config items). */
const BATCH_SIZE = 256;
const EVIDENCE_BATCH = 1024;

/** The exit code of a report: 2 input errors (they win: a broken plan must never pass), 1 failing findings, else 0. */
export function exitCodeOf(report: ScanReport): 0 | 1 | 2 {
  if (report.errors.length > 0) return 2;
  return counts(report).failing > 0 ? 1 : 0;
}

export function summariseException(e: ExceptionEntry): ExceptionSummary {
  return { id: e.id, check: e.check, approver: e.approver, expires: e.expires, justification: e.justification };
}

export async function runScan(opts: ScanOptions): Promise<ScanResult> {
  const startedAt = new Date();
  const now = opts.now ?? startedAt;
  const failOn = opts.failOn ?? DEFAULT_FAIL_ON;
  const engine = opts.engine;
  const exceptions = opts.exceptions ?? [];

  opts.onProgress?.({ phase: "load", done: 0, total: opts.paths.length });
  const loaded = await loadInputs(opts.paths, opts.load ?? {});
  const errors: InputError[] = [...(opts.exceptionErrors ?? []), ...loaded.errors];
  engine.setInventory(inventoryFrom(loaded.documents));

  const findings: Finding[] = [];
  const used = new Set<string>();
  const total = loaded.documents.length;
  const evidence = opts.evidence;
  const instance = evidence?.instance ?? (hostname() || "cli");
  const bundle = { digest: asDigest(engine.bundle.digest), revision: engine.bundle.revision.slice(0, 256) };
  let pending: Promise<unknown>[] = [];
  let records = 0;
  let evidenceFailed = false;
  const flushEvidence = async () => {
    const batch = pending;
    pending = [];
    for (const r of await Promise.allSettled(batch)) {
      if (r.status === "fulfilled") records++;
      else if (!evidenceFailed) {
        evidenceFailed = true;
        errors.push({ file: "(evidence log)", message: `an evidence record could not be written: ${messageOf(r.reason)}` });
      }
    }
  };

  const progressEvery = Math.max(1, Math.floor(total / 200));
  // Consecutive documents of a kind are evaluated in batches (one Wasm call each); plans alone.
  const results = new Map<number, { findings: Finding[] } | { error: unknown }>();
  const evaluateFrom = (i: number) => {
    const kind = loaded.documents[i]!.kind;
    const max = kind === "terraform" ? 1 : BATCH_SIZE;
    let j = i;
    while (j < total && j - i < max && loaded.documents[j]!.kind === kind) j++;
    engine.evaluateBatch(loaded.documents.slice(i, j)).forEach((r, k) => results.set(i + k, r));
  };
  for (let i = 0; i < total; i++) {
    const doc = loaded.documents[i]!;
    let docFindings: Finding[] = [];
    let failed = false;
    if (engine.hasEntrypoint(doc.kind)) {
      if (!results.has(i)) evaluateFrom(i);
      const r = results.get(i)!;
      results.delete(i);
      if ("findings" in r) docFindings = r.findings;
      else {
        failed = true;
        const err: InputError = { file: doc.file, message: `evaluation failed (${resourceLabel(doc.resource)}): ${messageOf(r.error)}` };
        if (doc.line !== undefined) err.line = doc.line;
        errors.push(err);
      }
    }
    if (exceptions.length && docFindings.length) {
      docFindings = applyExceptions(docFindings, exceptions, now).findings;
      for (const f of docFindings) if (f.waiver) used.add(f.waiver.exceptionId);
    }
    for (const f of docFindings) findings.push(f);
    if (evidence) {
      let input: RecordInput | undefined;
      try {
        input = recordOf(doc, docFindings, failed, failOn, bundle, instance, now);
      } catch (e) {
        errors.push({ file: doc.file, message: `no evidence record for ${resourceLabel(doc.resource)}: ${messageOf(e)}` });
      }
      if (input) {
        const p = evidence.log.append(input);
        p.catch(() => {}); // settled in flushEvidence
        pending.push(p);
      }
      if (pending.length >= EVIDENCE_BATCH) await flushEvidence();
    }
    if (opts.onProgress && (i % progressEvery === 0 || i === total - 1)) opts.onProgress({ phase: "evaluate", done: i + 1, total });
  }
  if (evidence) {
    await flushEvidence();
    try {
      await evidence.log.flush();
    } catch (e) {
      errors.push({ file: "(evidence log)", message: `the evidence log could not be flushed: ${messageOf(e)}` });
    }
  }

  const expired = exceptions.filter((e) => isExpired(e, now));
  const report: ScanReport = {
    tool: opts.tool ?? TOOL,
    checks: engine.checks,
    findings,
    errors,
    inputs: loaded.recognised.map((r) => ({ file: r.file, kind: r.kind, documents: r.documents })),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    failOn,
  };
  if (expired.length) report.expiredExceptions = expired.map(summariseException);
  return {
    report,
    exitCode: exitCodeOf(report),
    documents: total,
    skipped: loaded.skipped,
    unusedExceptions: exceptions.filter((e) => !used.has(e.id) && !isExpired(e, now)),
    records,
  };
}

/** The evidence record of one evaluated document: digests and minimum metadata, never the object. */
export function recordOf(
  doc: InputDocument,
  findings: Finding[],
  failed: boolean,
  failOn: Severity,
  bundle: { digest: string; revision: string },
  instance: string,
  time: Date = new Date(),
): RecordInput {
  const { findings: rf, exceptions } = findingsToRecord(findings);
  for (const f of rf) {
    f.check = clip(f.check, 128);
    f.message = clip(f.message, 4096);
    f.controls = f.controls.map((c) => clip(c, 128));
  }
  const failing = findings.some((f) => !isWaived(f) && severityRank(f.severity) >= severityRank(failOn));
  const where = `${relPath(doc.file)}${doc.line !== undefined ? `:${doc.line}` : ""}`;
  return {
    source: { type: "scan", instance: clip(instance, 200) },
    subject: { kind: doc.kind, reference: clip(`${resourceLabel(doc.resource)} (${where})`, 1024), digest: subjectDigest(doc.input) },
    actor: actorOf(doc),
    bundle,
    decision: failed ? "error" : failing ? "fail" : "pass",
    findings: rf,
    exceptions: exceptions.map((e) => ({ ...e, id: clip(e.id, 256), justification: clip(e.justification, 4096), approver: clip(e.approver, 512) })),
    time,
  };
}

function actorOf(doc: InputDocument): RecordActor | null {
  const input = doc.input as { userInfo?: unknown; event?: { userIdentity?: unknown } } | null;
  let a: RecordActor | null = null;
  if (doc.kind === "kubernetes") a = actorFromUserInfo(input?.userInfo);
  else if (doc.kind === "cloudtrail") a = actorFromUserIdentity(input?.event?.userIdentity);
  if (!a) return null;
  const out: RecordActor = { name: clip(a.name, 512) };
  if (a.type !== undefined) out.type = clip(a.type, 64);
  if (a.uid !== undefined) out.uid = clip(a.uid, 256);
  if (a.groups !== undefined) out.groups = a.groups.slice(0, 256).map((g) => clip(g, 256));
  return out;
}

function asDigest(d: string): string {
  return d.startsWith("sha256:") ? d : `sha256:${d}`;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function messageOf(e: unknown): string {
  if (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
  return String(e);
}
