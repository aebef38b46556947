// Offline verification of an evidence bundle, as a sequence of named steps:
//   1 signature    the DSSE envelope is signed by the trusted key over the in-toto Statement
//   2 subjects     every file of the bundle is a subject of the Statement with the same SHA-256, and no other
//   3 schemas      statement, manifest, records, checkpoints and OSCAL match their JSON Schemas
//   4 chains       each chain is continuous: every record's hash, no gap, reorder, deletion or truncation,
//                  and it starts and ends where the signed Statement says
//   5 checkpoints  every checkpoint's signature, and the Merkle root over the records it covers
//   6 report       the totals of the predicate, index.html and the OSCAL results match the records
// Each step throws a VerificationError (code, step, file, record). All steps run, so a failure is
// explained as far as possible; `reason` is the most specific failure: the first one after the
// subjects step (a digest mismatch says that a file changed, the later steps say how).
import { readTarGz } from "./archive.js";
import { checkChain } from "./chain.js";
import { checkpointMismatch, checkpointSignatureValid, type SignedCheckpoint } from "./checkpoint.js";
import { canonicalJson, sha256Hex } from "./digest.js";
import { checkEnvelope } from "./dsse.js";
import { VerificationError, type VerifyStep } from "./errors.js";
import { BUNDLE_FILES } from "./export.js";
import { loadPublicKey, type PublicKeyInfo } from "./keys.js";
import { oscalToken } from "./oscal.js";
import type { EvidenceRecord } from "./record.js";
import { readReportClaims } from "./report.js";
import { schemaErrors } from "./schemas.js";
import { INTOTO_PAYLOAD_TYPE, type EvidencePredicate, type EvidenceStatement } from "./statement.js";
import { computeSummary, type CatalogLike, type Summary } from "./summary.js";

export interface StepReport {
  step: VerifyStep;
  title: string;
  ok: boolean;
  /** what the step established (when ok) */
  detail: string;
  error?: VerificationError;
}

export interface VerifyResult {
  ok: boolean;
  bundle: string;
  trustedKeyId: string;
  steps: StepReport[];
  failures: VerificationError[];
  reason?: VerificationError;
  predicate?: EvidencePredicate;
}

interface Ctx {
  files: Map<string, Buffer>;
  archiveProblems: { path: string; reason: string }[];
  trusted: PublicKeyInfo;
  statement?: EvidenceStatement;
  records: Map<string, EvidenceRecord[]>;
  checkpoints: Map<string, SignedCheckpoint[]>;
}

type Step = { step: VerifyStep; title: string; run: (ctx: Ctx) => string };

const fail = (step: VerifyStep, code: string, message: string, where: ConstructorParameters<typeof VerificationError>[3] = {}) =>
  new VerificationError(step, code, message, where);

// 1 ---------------------------------------------------------------------------------------------
function stepSignature(ctx: Ctx): string {
  const S = "signature";
  const raw = ctx.files.get(BUNDLE_FILES.envelope);
  if (!raw) throw fail(S, "ENVELOPE_MISSING", "the bundle has no DSSE envelope", { file: BUNDLE_FILES.envelope });
  let env: unknown;
  try {
    env = JSON.parse(raw.toString("utf8"));
  } catch {
    throw fail(S, "ENVELOPE_MALFORMED", "the envelope is not JSON", { file: BUNDLE_FILES.envelope });
  }
  // Decode the statement first, so the later steps can explain a failure even when the signature does not hold.
  try {
    const payload = Buffer.from((env as { payload?: string }).payload ?? "", "base64").toString("utf8");
    ctx.statement = JSON.parse(payload) as EvidenceStatement;
  } catch {
    ctx.statement = undefined;
  }
  const check = checkEnvelope(env, INTOTO_PAYLOAD_TYPE, ctx.trusted);
  if (!check.ok) throw fail(S, check.code, check.message, { file: BUNDLE_FILES.envelope });
  if (!ctx.statement) throw fail(S, "STATEMENT_UNPARSABLE", "the signed payload is not JSON", { file: BUNDLE_FILES.envelope });
  const signer = ctx.statement.predicate?.signer;
  if (signer && signer.keyId !== ctx.trusted.keyId) {
    throw fail(S, "SIGNER_MISMATCH", `the statement names signer key ${signer.keyId}, the envelope is signed by ${ctx.trusted.keyId}`, { file: BUNDLE_FILES.envelope });
  }
  return `statement signed by key ${ctx.trusted.keyId} (${ctx.trusted.algorithm})${signer ? `, "${signer.name}"` : ""}`;
}

// 2 ---------------------------------------------------------------------------------------------
function stepSubjects(ctx: Ctx): string {
  const S = "subjects";
  for (const p of ctx.archiveProblems) throw fail(S, "ARCHIVE_ENTRY_REFUSED", p.reason, { file: p.path });
  const st = ctx.statement;
  if (!st || !Array.isArray(st.subject)) throw fail(S, "STATEMENT_UNPARSABLE", "no statement subjects to compare", { file: BUNDLE_FILES.envelope });
  const subjects = new Map<string, string>();
  for (const s of st.subject) subjects.set(s.name, s.digest?.sha256);
  for (const name of [...ctx.files.keys()].sort()) {
    if (name === BUNDLE_FILES.envelope) continue;
    if (!subjects.has(name)) throw fail(S, "SUBJECT_UNLISTED_FILE", "this file is in the bundle but not in the signed statement: it was added", { file: name });
  }
  for (const [name, digest] of subjects) {
    const data = ctx.files.get(name);
    if (!data) throw fail(S, "SUBJECT_FILE_MISSING", "the signed statement lists this file but the bundle lacks it: it was removed", { file: name });
    const actual = sha256Hex(data);
    if (actual !== digest) {
      throw fail(S, "SUBJECT_DIGEST_MISMATCH", `SHA-256 is ${actual.slice(0, 16)}…, the signed statement says ${String(digest).slice(0, 16)}…: the file was changed`, { file: name });
    }
  }
  const manifestRaw = ctx.files.get(BUNDLE_FILES.manifest);
  if (manifestRaw) {
    try {
      const m = JSON.parse(manifestRaw.toString("utf8")) as { files?: { path: string; sha256: string }[] };
      const listed = new Map((m.files ?? []).map((f) => [f.path, f.sha256]));
      for (const name of ctx.files.keys()) {
        if (name === BUNDLE_FILES.envelope || name === BUNDLE_FILES.manifest) continue;
        if (listed.get(name) !== sha256Hex(ctx.files.get(name)!)) throw fail(S, "MANIFEST_MISMATCH", "the manifest's digest of this file differs", { file: name });
      }
    } catch (e) {
      if (e instanceof VerificationError) throw e;
    }
  }
  return `${subjects.size} files, each with the SHA-256 the statement names; no file added or removed`;
}

// 3 ---------------------------------------------------------------------------------------------
function stepSchemas(ctx: Ctx): string {
  const S = "schemas";
  const st = ctx.statement;
  let first: VerificationError | undefined;
  const note = (e: VerificationError) => {
    first ??= e;
  };
  const errs = schemaErrors("predicate", st);
  if (errs.length) note(fail(S, "STATEMENT_SCHEMA_INVALID", errs.join("; "), { file: BUNDLE_FILES.envelope }));
  const manifestRaw = ctx.files.get(BUNDLE_FILES.manifest);
  try {
    const me = manifestRaw ? schemaErrors("manifest", JSON.parse(manifestRaw.toString("utf8"))) : ["missing"];
    if (me.length) note(fail(S, "MANIFEST_SCHEMA_INVALID", me.join("; "), { file: BUNDLE_FILES.manifest }));
  } catch {
    note(fail(S, "MANIFEST_SCHEMA_INVALID", "not JSON", { file: BUNDLE_FILES.manifest }));
  }
  let nRecords = 0;
  // Only files the statement lists are evidence; others were reported by the subjects step.
  const listed = new Set((st?.subject ?? []).map((x) => x.name));
  for (const [name, data] of [...ctx.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (st && !listed.has(name)) continue;
    if (name.startsWith("records/")) {
      const recs: EvidenceRecord[] = [];
      ctx.records.set(name, recs);
      const text = data.toString("utf8");
      const lines = text.split("\n");
      const trailingPartial = lines[lines.length - 1] !== "";
      lines.forEach((line, i) => {
        if (line === "" && i === lines.length - 1) return;
        const isLastPartial = trailingPartial && i === lines.length - 1;
        let r: EvidenceRecord;
        try {
          r = JSON.parse(line) as EvidenceRecord;
        } catch {
          note(
            isLastPartial
              ? fail(S, "RECORD_TRUNCATED", "the last record is cut short (no end of line, incomplete JSON): the file was truncated", { file: name, record: { line: i + 1 } })
              : fail(S, "RECORD_UNPARSABLE", "this line is not a JSON record", { file: name, record: { line: i + 1 } }),
          );
          return;
        }
        const re = schemaErrors("record", r);
        if (re.length) {
          note(fail(S, "RECORD_SCHEMA_INVALID", re.join("; "), { file: name, record: { line: i + 1, seq: r?.seq, id: r?.id, chain: r?.chain } }));
          return;
        }
        if (isLastPartial) note(fail(S, "RECORD_TRUNCATED", "the last line has no end of line: the file was truncated", { file: name, record: { line: i + 1, seq: r.seq, id: r.id } }));
        recs.push(r);
        nRecords++;
      });
    } else if (name.startsWith("checkpoints/")) {
      const cps: SignedCheckpoint[] = [];
      ctx.checkpoints.set(name, cps);
      data
        .toString("utf8")
        .split("\n")
        .forEach((line, i) => {
          if (!line) return;
          try {
            const cp = JSON.parse(line) as SignedCheckpoint;
            const ce = schemaErrors("checkpoint", cp);
            if (ce.length) note(fail(S, "CHECKPOINT_SCHEMA_INVALID", ce.join("; "), { file: name, record: { line: i + 1 } }));
            else cps.push(cp);
          } catch {
            note(fail(S, "CHECKPOINT_SCHEMA_INVALID", "not JSON", { file: name, record: { line: i + 1 } }));
          }
        });
    }
  }
  const oscalRaw = ctx.files.get(BUNDLE_FILES.oscal);
  if (oscalRaw) {
    try {
      const oe = schemaErrors("oscal-assessment-results.subset", JSON.parse(oscalRaw.toString("utf8")));
      if (oe.length) note(fail(S, "OSCAL_SCHEMA_INVALID", oe.join("; "), { file: BUNDLE_FILES.oscal }));
    } catch {
      note(fail(S, "OSCAL_SCHEMA_INVALID", "not JSON", { file: BUNDLE_FILES.oscal }));
    }
  } else {
    note(fail(S, "OSCAL_SCHEMA_INVALID", "the bundle has no OSCAL assessment results", { file: BUNDLE_FILES.oscal }));
  }
  if (first) throw first;
  return `statement, manifest, ${nRecords} records, checkpoints and OSCAL results match their schemas`;
}

// 4 ---------------------------------------------------------------------------------------------
function stepChains(ctx: Ctx): string {
  const S = "chains";
  const p = ctx.statement?.predicate;
  if (!p || !Array.isArray(p.chains)) throw fail(S, "STATEMENT_UNPARSABLE", "the statement declares no chains", { file: BUNDLE_FILES.envelope });
  const declared = new Set(p.chains.map((c) => c.file));
  for (const f of ctx.records.keys()) if (!declared.has(f)) throw fail(S, "CHAIN_UNDECLARED", "records file not declared in the signed statement", { file: f });
  let total = 0;
  for (const c of p.chains) {
    const recs = ctx.records.get(c.file) ?? [];
    const problem = checkChain(recs, { chain: c.chain, firstSeq: c.firstSeq, firstPrevHash: c.firstPrevHash, lastSeq: c.lastSeq, headHash: c.headHash });
    if (problem) {
      throw fail(S, problem.code, `chain ${c.chain}: ${problem.message}`, {
        file: c.file,
        record: { chain: c.chain, seq: problem.record?.seq, id: problem.record?.id, line: problem.index !== undefined ? problem.index + 1 : undefined },
      });
    }
    if (recs.length !== c.count) throw fail(S, "CHAIN_COUNT_MISMATCH", `chain ${c.chain} holds ${recs.length} records, the statement says ${c.count}`, { file: c.file });
    total += recs.length;
  }
  return `${p.chains.length} chain(s), ${total} records: every hash recomputed, seq and prevHash continuous from the signed start to the signed head`;
}

// 5 ---------------------------------------------------------------------------------------------
function stepCheckpoints(ctx: Ctx): string {
  const S = "checkpoints";
  const p = ctx.statement?.predicate;
  if (!p || !Array.isArray(p.checkpoints)) throw fail(S, "STATEMENT_UNPARSABLE", "the statement declares no checkpoints list", { file: BUNDLE_FILES.envelope });
  const byKey = new Map<string, SignedCheckpoint>();
  for (const [file, cps] of ctx.checkpoints) for (const cp of cps) byKey.set(`${file}|${cp.body.chain}|${cp.body.toSeq}`, cp);
  const declared = new Set(p.checkpoints.map((c) => `${c.file}|${c.chain}|${c.toSeq}`));
  for (const k of byKey.keys()) if (!declared.has(k)) throw fail(S, "CHECKPOINT_UNDECLARED", `checkpoint ${k.split("|").slice(1).join(" to seq ")} is not in the signed statement`, { file: k.split("|")[0] });
  let covered = 0;
  for (const d of p.checkpoints) {
    const cp = byKey.get(`${d.file}|${d.chain}|${d.toSeq}`);
    if (!cp) throw fail(S, "CHECKPOINT_MISSING", `checkpoint of chain ${d.chain} seq ${d.fromSeq}..${d.toSeq} is missing`, { file: d.file });
    if (cp.body.merkleRoot !== d.merkleRoot || cp.body.fromSeq !== d.fromSeq) {
      throw fail(S, "CHECKPOINT_ROOT_MISMATCH", `checkpoint seq ${d.fromSeq}..${d.toSeq} differs from the one in the signed statement`, { file: d.file });
    }
    const pem = ctx.files.get(`keys/${cp.body.keyId}.pem`);
    if (!pem) throw fail(S, "CHECKPOINT_KEY_UNKNOWN", `checkpoint seq ${d.fromSeq}..${d.toSeq} is signed by key ${cp.body.keyId}, which the bundle does not carry`, { file: d.file });
    let key: PublicKeyInfo;
    try {
      key = loadPublicKey(pem.toString("utf8"));
    } catch {
      throw fail(S, "CHECKPOINT_KEY_UNKNOWN", `keys/${cp.body.keyId}.pem is not a public key`, { file: `keys/${cp.body.keyId}.pem` });
    }
    if (key.keyId !== cp.body.keyId) throw fail(S, "CHECKPOINT_KEY_UNKNOWN", `keys/${cp.body.keyId}.pem holds key ${key.keyId}`, { file: `keys/${cp.body.keyId}.pem` });
    if (!checkpointSignatureValid(cp, key)) {
      throw fail(S, "CHECKPOINT_SIGNATURE_INVALID", `the signature of checkpoint seq ${d.fromSeq}..${d.toSeq} does not verify`, { file: d.file, record: { chain: d.chain, seq: d.toSeq } });
    }
    const chain = p.chains.find((c) => c.chain === d.chain);
    if (chain && d.fromSeq >= chain.firstSeq && d.toSeq <= chain.lastSeq) {
      const bySeq = new Map((ctx.records.get(chain.file) ?? []).map((r) => [r.seq, r.hash]));
      const hashes: string[] = [];
      for (let s = d.fromSeq; s <= d.toSeq; s++) {
        const h = bySeq.get(s);
        if (h !== undefined) hashes.push(h);
      }
      const m = checkpointMismatch(cp, hashes);
      if (m) throw fail(S, m.code, `chain ${d.chain}: ${m.message}`, { file: chain.file, record: { chain: d.chain, seq: d.toSeq } });
      covered++;
    }
  }
  return `${p.checkpoints.length} checkpoint signature(s) valid; ${covered} Merkle root(s) recomputed from the records they cover`;
}

// 6 ---------------------------------------------------------------------------------------------
function stepReport(ctx: Ctx): string {
  const S = "report";
  const p = ctx.statement?.predicate;
  if (!p) throw fail(S, "STATEMENT_UNPARSABLE", "no predicate", { file: BUNDLE_FILES.envelope });
  let catalog: CatalogLike | undefined;
  if (p.catalog) {
    try {
      catalog = JSON.parse(ctx.files.get(p.catalog.file)?.toString("utf8") ?? "null") as CatalogLike;
    } catch {
      throw fail(S, "CATALOG_UNREADABLE", "the control catalog is not JSON", { file: p.catalog.file });
    }
  }
  const all: EvidenceRecord[] = [];
  for (const c of p.chains ?? []) all.push(...(ctx.records.get(c.file) ?? []));
  const truth: Summary = computeSummary(all, { catalog: catalog ?? undefined, controls: p.filters?.controls ?? null });
  const html = ctx.files.get(BUNDLE_FILES.report)?.toString("utf8");
  if (!html) throw fail(S, "REPORT_MISSING", "the bundle has no report", { file: BUNDLE_FILES.report });
  const claims = readReportClaims(html);
  const t = truth.totals;
  const totals: [string, number][] = [["records", t.records], ["failures", t.failures], ["waived", t.waived], ...Object.entries(t.decisions).map(([d, n]) => [`decision.${d}`, n] as [string, number])];
  for (const [k, n] of totals) {
    const shown = claims.totals.get(k);
    if (shown !== n) throw fail(S, "REPORT_TOTALS_MISMATCH", `the report shows ${k} = ${String(shown)}, the records give ${n}`, { file: BUNDLE_FILES.report });
  }
  for (const c of truth.controls) {
    const fields: [string, number][] = [["evaluated", c.evaluated], ["failures", c.failures], ["waived", c.waived], ...Object.entries(c.decisions).map(([d, n]) => [`decision.${d}`, n] as [string, number])];
    for (const [f, n] of fields) {
      const shown = claims.cells.get(`${c.control}|${f}`);
      if (shown !== n) throw fail(S, "REPORT_TOTALS_MISMATCH", `the report shows ${f} of ${c.control} = ${String(shown)}, the records give ${n}`, { file: BUNDLE_FILES.report });
    }
  }
  if (claims.cells.size !== truth.controls.length * 10) {
    throw fail(S, "REPORT_TOTALS_MISMATCH", `the report lists ${claims.cells.size / 10} control rows, the records give ${truth.controls.length}`, { file: BUNDLE_FILES.report });
  }
  if (canonicalJson(claims.summary ?? null) !== canonicalJson(truth)) {
    throw fail(S, "REPORT_TOTALS_MISMATCH", "the report's embedded summary differs from the totals of the records", { file: BUNDLE_FILES.report });
  }
  if (canonicalJson(p.totals ?? null) !== canonicalJson(truth.totals) || canonicalJson(p.controls ?? null) !== canonicalJson(truth.controls)) {
    throw fail(S, "PREDICATE_TOTALS_MISMATCH", "the signed statement's totals differ from the totals of the records", { file: BUNDLE_FILES.envelope });
  }
  const oscalRaw = ctx.files.get(BUNDLE_FILES.oscal);
  if (oscalRaw) {
    const o = JSON.parse(oscalRaw.toString("utf8")) as { "assessment-results"?: { results?: { findings?: { target: { "target-id": string; status: { state: string } } }[] }[] } };
    const states = new Map<string, string>();
    for (const r of o["assessment-results"]?.results ?? []) for (const f of r.findings ?? []) states.set(f.target["target-id"], f.target.status.state);
    for (const c of truth.controls) {
      const want = c.failures ? "not-satisfied" : "satisfied";
      if (states.get(oscalToken(c.control)) !== want) {
        throw fail(S, "OSCAL_MISMATCH", `OSCAL finding for ${c.control} is ${String(states.get(oscalToken(c.control)))}, the records make it ${want}`, { file: BUNDLE_FILES.oscal });
      }
    }
  }
  return `${t.records} records: ${Object.entries(t.decisions).filter(([, n]) => n).map(([d, n]) => `${d} ${n}`).join(", ") || "none"}; ${t.failures} failure(s), ${t.waived} waived over ${truth.controls.length} control(s), as the statement, index.html and the OSCAL results say`;
}

export const STEPS: Step[] = [
  { step: "signature", title: "Signature", run: stepSignature },
  { step: "subjects", title: "Statement subjects match files", run: stepSubjects },
  { step: "schemas", title: "Schemas", run: stepSchemas },
  { step: "chains", title: "Hash chains continuous", run: stepChains },
  { step: "checkpoints", title: "Checkpoints", run: stepCheckpoints },
  { step: "report", title: "Report totals match the records", run: stepReport },
];

export interface VerifyOptions {
  /** Trusted public key: PEM text or a path to it. */
  key: string;
  /** Called after each step (for live output). */
  onStep?: (s: StepReport) => void;
}

export async function verifyBundle(bundlePath: string, opts: VerifyOptions): Promise<VerifyResult> {
  const trusted = loadPublicKey(opts.key);
  const archive = await readTarGz(bundlePath);
  return verifyFiles(bundlePath, archive.files, archive.problems, trusted, opts.onStep);
}

export function verifyFiles(
  bundle: string,
  files: Map<string, Buffer>,
  archiveProblems: { path: string; reason: string }[],
  trusted: PublicKeyInfo,
  onStep?: (s: StepReport) => void,
): VerifyResult {
  const ctx: Ctx = { files, archiveProblems, trusted, records: new Map(), checkpoints: new Map() };
  const steps: StepReport[] = [];
  const failures: VerificationError[] = [];
  for (const s of STEPS) {
    let rep: StepReport;
    try {
      rep = { step: s.step, title: s.title, ok: true, detail: s.run(ctx) };
    } catch (e) {
      const err = e instanceof VerificationError ? e : fail(s.step, "VERIFY_INTERNAL", `the step could not run: ${(e as Error).message}`);
      failures.push(err);
      rep = { step: s.step, title: s.title, ok: false, detail: err.message, error: err };
    }
    steps.push(rep);
    onStep?.(rep);
  }
  const reason = failures.find((f) => f.step !== "subjects") ?? failures[0];
  return { ok: failures.length === 0, bundle, trustedKeyId: trusted.keyId, steps, failures, reason, predicate: ctx.statement?.predicate };
}
