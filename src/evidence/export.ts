// exportEvidence(): the records of a period as a signed, self-verifying tar.gz bundle.
//
//   records/chain-NNN.jsonl       records of each chain in the period (contiguous seq range)
//   checkpoints/chain-NNN.jsonl   signed checkpoints overlapping that range
//   policy/bundles.json, policy/* the policy bundles in force, with digests
//   catalog/catalog.json          the control catalog
//   index.html                    the offline report
//   oscal/assessment-results.json OSCAL 1.1 assessment results
//   signer.pub.pem, keys/*.pem    public keys (bundle signer, checkpoint signers)
//   manifest.json                 every file above with its SHA-256
//   statement.dsse.json           DSSE envelope over the in-toto Statement (subjects: every file but itself)
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { writeTarGz } from "./archive.js";
import type { SignedCheckpoint } from "./checkpoint.js";
import { bytesDigest, sha256Hex } from "./digest.js";
import { signEnvelope } from "./dsse.js";
import { EvidenceError } from "./errors.js";
import { loadPublicKey } from "./keys.js";
import { defaultEngineVersion, type LogReader } from "./log.js";
import { buildAssessmentResults } from "./oscal.js";
import type { EvidenceRecord } from "./record.js";
import { renderReport } from "./report.js";
import { schemaErrors } from "./schemas.js";
import type { Signer } from "./signer.js";
import { buildStatement, INTOTO_PAYLOAD_TYPE, type ChainHeadInfo, type CheckpointInfo, type EvidencePredicate } from "./statement.js";
import { computeSummary, type CatalogLike } from "./summary.js";

export const BUNDLE_FILES = {
  envelope: "statement.dsse.json",
  manifest: "manifest.json",
  signerKey: "signer.pub.pem",
  report: "index.html",
  oscal: "oscal/assessment-results.json",
  catalog: "catalog/catalog.json",
  policyIndex: "policy/bundles.json",
} as const;

export interface PolicyBundleInput {
  path: string;
  name?: string;
  /** "sha256:<hex>"; when given it must match the file */
  digest?: string;
  revision?: string;
}

export interface ExportOptions {
  from: Date | string;
  to: Date | string;
  /** Report only these controls (records of the chains stay whole, so continuity can be proven). */
  controls?: string[];
  /** Only chains whose source matches: "webhook", "scanner", "scan", an instance name, or "type:instance". */
  sources?: string[];
  out: string;
  reader: LogReader;
  signer: Signer;
  /** Shown as "Signed by" (default: the signer's description). */
  signerName?: string;
  /** Path of the control catalog (we ship ../shared/controls/catalog.json). */
  catalogPath?: string;
  policyBundles?: PolicyBundleInput[];
  /** Public keys (PEM) of checkpoint signers other than `signer`. */
  checkpointKeys?: string[];
  title?: string;
  now?: Date;
}

export interface ExportResult {
  out: string;
  records: number;
  chains: number;
  checkpoints: number;
  keyId: string;
  files: string[];
  predicate: EvidencePredicate;
}

function sourceMatches(r: EvidenceRecord, sources: string[] | undefined): boolean {
  if (!sources || sources.length === 0) return true;
  return sources.some((s) => s === r.source.type || s === r.source.instance || s === `${r.source.type}:${r.source.instance}`);
}

function toDate(x: Date | string, what: string): Date {
  const d = x instanceof Date ? x : new Date(x);
  if (Number.isNaN(d.getTime())) throw new EvidenceError("EXPORT_BAD_PERIOD", `--${what} ${String(x)} is not a date/time`);
  return d;
}

export async function exportEvidence(opts: ExportOptions): Promise<ExportResult> {
  const from = toDate(opts.from, "from");
  const to = toDate(opts.to, "to");
  if (from > to) throw new EvidenceError("EXPORT_BAD_PERIOD", `--from ${from.toISOString()} is after --to ${to.toISOString()}`);
  const now = opts.now ?? new Date();
  const files = new Map<string, Buffer>();
  const roles = new Map<string, string>();
  const put = (path: string, data: string | Buffer, role: string) => {
    files.set(path, typeof data === "string" ? Buffer.from(data, "utf8") : data);
    roles.set(path, role);
  };

  // 1. records and checkpoints of each chain in the period
  const keys = new Map<string, string>([[opts.signer.keyId, opts.signer.publicKeyPem]]);
  for (const pem of opts.checkpointKeys ?? []) {
    const k = loadPublicKey(pem);
    keys.set(k.keyId, k.pem);
  }
  const allRecords: EvidenceRecord[] = [];
  const chains: ChainHeadInfo[] = [];
  const checkpoints: CheckpointInfo[] = [];
  let n = 0;
  for (const chain of await opts.reader.chains()) {
    const inChain: EvidenceRecord[] = [];
    for await (const r of opts.reader.records(chain, { from, to })) inChain.push(r);
    const inPeriod = inChain.map((r, i) => ({ r, i })).filter(({ r }) => {
      const t = new Date(r.time).getTime();
      return t >= from.getTime() && t <= to.getTime();
    });
    if (inPeriod.length === 0) continue;
    if (!sourceMatches(inPeriod[0]!.r, opts.sources)) continue;
    // the contiguous run from the first to the last record of the period: continuity stays provable
    const run = inChain.slice(inPeriod[0]!.i, inPeriod[inPeriod.length - 1]!.i + 1);
    n++;
    const id = `chain-${String(n).padStart(3, "0")}`;
    const recFile = `records/${id}.jsonl`;
    put(recFile, run.map((r) => JSON.stringify(r)).join("\n") + "\n", "records");
    const first = run[0]!;
    const last = run[run.length - 1]!;
    chains.push({ chain, file: recFile, firstSeq: first.seq, lastSeq: last.seq, count: run.length, firstPrevHash: first.prevHash, headHash: last.hash });
    allRecords.push(...run);
    const cps = (await opts.reader.checkpoints(chain)).filter((c: SignedCheckpoint) => c.body.toSeq >= first.seq && c.body.fromSeq <= last.seq);
    if (cps.length) {
      const cpFile = `checkpoints/${id}.jsonl`;
      put(cpFile, cps.map((c) => JSON.stringify(c)).join("\n") + "\n", "checkpoints");
      for (const c of cps) {
        if (!keys.has(c.body.keyId)) {
          throw new EvidenceError("EXPORT_CHECKPOINT_KEY", `checkpoint of chain ${chain} seq ${c.body.fromSeq}..${c.body.toSeq} is signed by key ${c.body.keyId}; pass its public key in checkpointKeys`);
        }
        checkpoints.push({ chain, file: cpFile, fromSeq: c.body.fromSeq, toSeq: c.body.toSeq, merkleRoot: c.body.merkleRoot, keyId: c.body.keyId });
      }
    }
  }

  // 2. keys
  put(BUNDLE_FILES.signerKey, opts.signer.publicKeyPem, "key");
  for (const [kid, pem] of keys) put(`keys/${kid}.pem`, pem, "key");

  // 3. policy bundles and catalog
  const policyBundles: EvidencePredicate["policyBundles"] = [];
  const usedNames = new Set<string>();
  for (const b of opts.policyBundles ?? []) {
    const data = await readFile(b.path);
    const digest = bytesDigest(data);
    if (b.digest && b.digest !== digest) {
      throw new EvidenceError("EXPORT_POLICY_DIGEST", `policy bundle ${b.path} has digest ${digest}, not the ${b.digest} in force`);
    }
    let name = basename(b.path).replace(/[^A-Za-z0-9._-]/g, "_");
    while (usedNames.has(name)) name = `_${name}`;
    usedNames.add(name);
    const file = `policy/${name}`;
    put(file, data, "policy");
    policyBundles.push({ name: b.name ?? basename(b.path), file, digest, ...(b.revision ? { revision: b.revision } : {}) });
  }
  put(BUNDLE_FILES.policyIndex, JSON.stringify(policyBundles, null, 2) + "\n", "policy");
  let catalog: CatalogLike | undefined;
  let catalogInfo: EvidencePredicate["catalog"] = null;
  if (opts.catalogPath) {
    const data = await readFile(opts.catalogPath);
    catalog = JSON.parse(data.toString("utf8")) as CatalogLike;
    put(BUNDLE_FILES.catalog, data, "catalog");
    catalogInfo = { file: BUNDLE_FILES.catalog, digest: bytesDigest(data) };
  }

  // 4. summary, report, OSCAL
  const filters = { controls: opts.controls?.length ? [...opts.controls] : null, sources: opts.sources?.length ? [...opts.sources] : null };
  const summary = computeSummary(allRecords, { catalog, controls: filters.controls });
  const period = { from: from.toISOString(), to: to.toISOString() };
  const signerName = opts.signerName ?? opts.signer.description;
  const html = renderReport({
    title: opts.title,
    period,
    generatedAt: now.toISOString(),
    signer: { name: signerName, keyId: opts.signer.keyId, algorithm: opts.signer.algorithm },
    summary,
    records: allRecords,
    chains,
    checkpoints: checkpoints.length,
    policyBundles,
    catalogDigest: catalogInfo?.digest,
    filters,
  });
  put(BUNDLE_FILES.report, html, "report");
  const oscal = buildAssessmentResults({
    title: opts.title ?? "Evident evidence bundle",
    period,
    generatedAt: now.toISOString(),
    summary,
    recordsFiles: chains.map((c) => c.file),
    policyBundles,
  });
  const oscalErrors = schemaErrors("oscal-assessment-results.subset", oscal);
  if (oscalErrors.length) throw new EvidenceError("EXPORT_OSCAL_INVALID", `OSCAL assessment results do not validate: ${oscalErrors.join("; ")}`);
  put(BUNDLE_FILES.oscal, JSON.stringify(oscal, null, 2) + "\n", "oscal");

  // 5. manifest, statement, envelope
  const manifest = {
    v: 1 as const,
    generatedAt: now.toISOString(),
    files: [...files.keys()].sort().map((p) => ({ path: p, sha256: sha256Hex(files.get(p)!), size: files.get(p)!.length, role: roles.get(p)! })),
  };
  const manifestErrors = schemaErrors("manifest", manifest);
  if (manifestErrors.length) throw new EvidenceError("EXPORT_MANIFEST_INVALID", `manifest does not validate: ${manifestErrors.join("; ")}`);
  put(BUNDLE_FILES.manifest, JSON.stringify(manifest, null, 2) + "\n", "meta");
  const predicate: EvidencePredicate = {
    v: 1,
    period,
    filters,
    generatedAt: now.toISOString(),
    generator: { name: "evident", version: defaultEngineVersion() },
    signer: { keyId: opts.signer.keyId, algorithm: opts.signer.algorithm, name: signerName },
    totals: summary.totals,
    controls: summary.controls,
    chains,
    checkpoints,
    policyBundles,
    catalog: catalogInfo,
  };
  const statement = buildStatement(
    [...files.keys()].map((p) => ({ path: p, sha256: sha256Hex(files.get(p)!) })),
    predicate,
  );
  const statementErrors = schemaErrors("predicate", statement);
  if (statementErrors.length) throw new EvidenceError("EXPORT_STATEMENT_INVALID", `statement does not validate: ${statementErrors.join("; ")}`);
  const envelope = await signEnvelope(INTOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), "utf8"), opts.signer);
  files.set(BUNDLE_FILES.envelope, Buffer.from(JSON.stringify(envelope, null, 2) + "\n", "utf8"));

  await writeTarGz(opts.out, files);
  return {
    out: opts.out,
    records: allRecords.length,
    chains: chains.length,
    checkpoints: checkpoints.length,
    keyId: opts.signer.keyId,
    files: [...files.keys()].sort(),
    predicate,
  };
}
