// One input file's part of a scan: its loaded documents evaluated (in batches of one Wasm call),
// exceptions applied, and one evidence record per document prepared. The outcome is plain data, so
// that it can be computed in a worker thread (scan-workers.ts) as well as in the main thread.
//
// It imports the evidence record and digest modules, not the evidence barrel: a scan worker need not
// load the log backends (the KMS client alone takes ~150 ms to load).
import { subjectDigest } from "../evidence/digest.js";
import { actorFromUserIdentity, actorFromUserInfo, clipField, findingsToRecord, type RecordActor, type RecordInput } from "../evidence/record.js";
import { loadFile, type LoadOptions, type Recognised, type TextLoadResult } from "../inputs/index.js";
import type { InputDocument, InputError } from "../inputs/types.js";
import type { Skipped, WalkedFile } from "../inputs/walk.js";
import { resourceLabel, relPath } from "../report/model.js";
import type { Engine } from "./engine.js";
import { applyExceptions, type ExceptionEntry } from "./exceptions.js";
import { isWaived, severityRank, type Finding, type Severity } from "./finding.js";

/** Documents per Wasm call when scanning many small documents (CloudTrail events, Config items). */
const BATCH_SIZE = 256;

/** What one input file contributed to a scan. */
export interface FileOutcome {
  documents: number;
  findings: Finding[];
  errors: InputError[];
  recognised: Recognised[];
  skipped?: Skipped;
  /** One evidence record per evaluated document, in document order (when evidence is on). */
  records: RecordInput[];
  /** Ids of the exceptions that waived a finding. */
  waivedBy: string[];
}

/** What evaluating a file needs besides the engine; plain data. */
export interface FileScanContext {
  exceptions: readonly ExceptionEntry[];
  failOn: Severity;
  /** Clock for exception expiry and evidence record times. */
  now: Date;
  /** Set when each document gets an evidence record. */
  evidence?: { bundle: { digest: string; revision: string }; instance: string };
}

export type LoadedFile = TextLoadResult & { skipped?: Skipped };

/** Loads one walked file; a loader bug becomes an InputError, never an exception. */
export async function loadOne(f: WalkedFile, opts: LoadOptions): Promise<LoadedFile> {
  try {
    return await loadFile(f.path, { ...opts, explicit: f.explicit });
  } catch (e) {
    return { documents: [], errors: [{ file: f.path, message: `internal error while loading: ${messageOf(e)}` }], recognised: [] };
  }
}

/** Evaluates the documents of one loaded file. Never throws: a failing evaluation is an InputError. */
export function evaluateFile(engine: Engine, loaded: LoadedFile, ctx: FileScanContext): FileOutcome {
  const out: FileOutcome = { documents: loaded.documents.length, findings: [], errors: [...loaded.errors], recognised: loaded.recognised, records: [], waivedBy: [] };
  if (loaded.skipped) out.skipped = loaded.skipped;
  const docs = loaded.documents;
  // Consecutive documents of a kind are evaluated in batches (one Wasm call each); plans alone.
  for (let i = 0; i < docs.length; ) {
    const kind = docs[i]!.kind;
    let j = i + 1;
    const group = docs[i]!.group;
    const max = kind === "terraform" ? 1 : group ? Math.max(group.size, BATCH_SIZE) : BATCH_SIZE;
    while (j < docs.length && j - i < max && docs[j]!.kind === kind) j++;
    const batch = docs.slice(i, j);
    const results = engine.hasEntrypoint(kind) ? engine.evaluateBatch(batch) : batch.map(() => ({ findings: [] as Finding[] }));
    batch.forEach((doc, k) => documentOutcome(doc, results[k]!, ctx, out));
    i = j;
  }
  return out;
}

function documentOutcome(doc: InputDocument, r: { findings: Finding[] } | { error: unknown }, ctx: FileScanContext, out: FileOutcome) {
  let findings: Finding[] = [];
  let failed = false;
  if ("findings" in r) findings = r.findings;
  else {
    failed = true;
    const err: InputError = { file: doc.file, message: `evaluation failed (${resourceLabel(doc.resource)}): ${messageOf(r.error)}` };
    if (doc.line !== undefined) err.line = doc.line;
    out.errors.push(err);
  }
  if (ctx.exceptions.length && findings.length) {
    findings = applyExceptions(findings, ctx.exceptions, ctx.now).findings;
    for (const f of findings) if (f.waiver) out.waivedBy.push(f.waiver.exceptionId);
  }
  for (const f of findings) out.findings.push(f);
  if (ctx.evidence) {
    try {
      out.records.push(recordOf(doc, findings, failed, ctx.failOn, ctx.evidence.bundle, ctx.evidence.instance, ctx.now));
    } catch (e) {
      out.errors.push({ file: doc.file, message: `no evidence record for ${resourceLabel(doc.resource)}: ${messageOf(e)}` });
    }
  }
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
  const failing = findings.some((f) => !isWaived(f) && severityRank(f.severity) >= severityRank(failOn));
  const where = `${relPath(doc.file)}${doc.line !== undefined ? `:${doc.line}` : ""}`;
  return {
    source: { type: "scan", instance: clipField(instance, 200) },
    subject: { kind: doc.kind, reference: clipField(`${resourceLabel(doc.resource)} (${where})`, 1024), digest: subjectDigest(doc.input) },
    actor: actorOf(doc),
    bundle,
    decision: failed ? "error" : failing ? "fail" : "pass",
    findings: rf,
    exceptions,
    time,
  };
}

function actorOf(doc: InputDocument): RecordActor | null {
  const input = doc.input as { userInfo?: unknown; event?: { userIdentity?: unknown } } | null;
  if (doc.kind === "kubernetes") return actorFromUserInfo(input?.userInfo);
  if (doc.kind === "cloudtrail") return actorFromUserIdentity(input?.event?.userIdentity);
  return null;
}

export function messageOf(e: unknown): string {
  if (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
  return String(e);
}
