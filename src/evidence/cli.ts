// What `evident keys generate`, `evident evidence export` and `evident evidence verify` run.
// Each returns the process exit code: 0 success, 1 verification failed / export failed, 2 usage error.
import { resolve } from "node:path";
import { EvidenceError, VerificationError } from "./errors.js";
import { exportEvidence, type PolicyBundleInput } from "./export.js";
import { generateKeyPair, loadPublicKey } from "./keys.js";
import { createKmsSigner } from "./kms.js";
import { openLogReader, type LogReaderConfig } from "./log.js";
import { fileKeySigner, type Signer } from "./signer.js";
import { STEPS, verifyBundle, type StepReport } from "./verify.js";

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const consoleIO: CliIO = { out: (l) => process.stdout.write(l + "\n"), err: (l) => process.stderr.write(l + "\n") };

/** `evident keys generate [--out PREFIX] [--force]`: PREFIX.key (0600) and PREFIX.pub. */
export async function keysGenerate(opts: { out?: string; force?: boolean }, io: CliIO = consoleIO): Promise<number> {
  const prefix = resolve(opts.out ?? "evident");
  try {
    const k = await generateKeyPair({ privateKeyPath: `${prefix}.key`, publicKeyPath: `${prefix}.pub`, overwrite: opts.force });
    io.out(`Generated an Ed25519 signing key.`);
    io.out(`  private key: ${k.privateKeyPath} (mode 0600; keep it secret)`);
    io.out(`  public key:  ${k.publicKeyPath} (give it to auditors)`);
    io.out(`  key id:      ${k.keyId}`);
    return 0;
  } catch (e) {
    io.err(`evident keys generate: ${(e as Error).message}`);
    return e instanceof EvidenceError ? 2 : 1;
  }
}

export interface ExportCmdOptions {
  from: string;
  to: string;
  out: string;
  controls?: string[];
  sources?: string[];
  log: LogReaderConfig;
  /** private key file, or... */
  key?: string;
  /** ...an AWS KMS key (id, ARN or alias) */
  kmsKeyId?: string;
  kmsRegion?: string;
  kmsEndpoint?: string;
  signerName?: string;
  catalog?: string;
  /** "path" or "path@sha256:<hex>" (the digest in force, checked) */
  bundles?: (string | PolicyBundleInput)[];
  checkpointKeys?: string[];
  title?: string;
}

export async function exportCmd(opts: ExportCmdOptions, io: CliIO = consoleIO): Promise<number> {
  let signer: Signer;
  try {
    if (opts.kmsKeyId) {
      signer = await createKmsSigner({
        keyId: opts.kmsKeyId,
        clientConfig: { ...(opts.kmsRegion ? { region: opts.kmsRegion } : {}), ...(opts.kmsEndpoint ? { endpoint: opts.kmsEndpoint } : {}) },
      });
    } else if (opts.key) {
      signer = fileKeySigner(opts.key);
    } else {
      io.err("evident evidence export: give --key <private key file> or --kms-key <KMS key id>");
      return 2;
    }
  } catch (e) {
    io.err(`evident evidence export: ${(e as Error).message}`);
    return 2;
  }
  const bundles: PolicyBundleInput[] = (opts.bundles ?? []).map((b) => {
    if (typeof b !== "string") return b;
    const at = b.lastIndexOf("@sha256:");
    return at > 0 ? { path: b.slice(0, at), digest: b.slice(at + 1) } : { path: b };
  });
  let reader;
  try {
    reader = await openLogReader(opts.log);
  } catch (e) {
    io.err(`evident evidence export: cannot open the evidence log: ${(e as Error).message}`);
    return 2;
  }
  try {
    const r = await exportEvidence({
      from: opts.from,
      to: opts.to,
      out: opts.out,
      controls: opts.controls,
      sources: opts.sources,
      reader,
      signer,
      signerName: opts.signerName,
      catalogPath: opts.catalog,
      policyBundles: bundles,
      checkpointKeys: opts.checkpointKeys,
      title: opts.title,
    });
    io.out(`Wrote ${r.out}`);
    io.out(`  period:      ${r.predicate.period.from} -> ${r.predicate.period.to}`);
    io.out(`  records:     ${r.records} in ${r.chains} chain(s), ${r.checkpoints} checkpoint(s)`);
    io.out(`  signed by:   ${r.predicate.signer.name} (key ${r.keyId}, ${r.predicate.signer.algorithm})`);
    io.out(`  verify with: evident evidence verify ${opts.out} --key <public key>`);
    return 0;
  } catch (e) {
    io.err(`evident evidence export: ${(e as Error).message}`);
    return 1;
  } finally {
    await reader.close();
  }
}

export function formatStep(s: StepReport, index: number): string {
  const head = `${s.ok ? "  ok  " : "  FAIL"} ${index + 1}/${STEPS.length} ${s.title}`;
  if (s.ok) return `${head}: ${s.detail}`;
  const e = s.error!;
  const where = e.where();
  return `${head}: ${e.code}${where ? ` in ${where}` : ""}: ${e.message}`;
}

/** `evident evidence verify BUNDLE --key pub.pem` */
export async function verifyCmd(opts: { bundle: string; key: string }, io: CliIO = consoleIO): Promise<number> {
  let keyId: string;
  try {
    keyId = loadPublicKey(opts.key).keyId;
  } catch (e) {
    io.err(`evident evidence verify: ${(e as Error).message}`);
    return 2;
  }
  io.out(`Verifying ${opts.bundle}`);
  io.out(`  trusted key ${keyId}`);
  let i = 0;
  try {
    const r = await verifyBundle(opts.bundle, { key: opts.key, onStep: (s) => io.out(formatStep(s, i++)) });
    if (r.ok) {
      const p = r.predicate!;
      io.out(`VERIFIED: ${p.totals.records} records from ${p.period.from} to ${p.period.to}, signed by ${p.signer.name}.`);
      return 0;
    }
    const e = r.reason as VerificationError;
    const where = e.where();
    io.out(`NOT VERIFIED: ${e.code} (step ${e.step})${where ? ` in ${where}` : ""}: ${e.message}`);
    return 1;
  } catch (e) {
    io.err(`evident evidence verify: cannot read ${opts.bundle}: ${(e as Error).message}`);
    return 1;
  }
}
