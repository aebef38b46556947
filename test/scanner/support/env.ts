// Test environment for the scanner: the shared corpora, temp dirs, configs, evidence read back, and
// the CLI as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { POLICIES_DIR } from "../../../src/engine/engine.js";
import { openLogReader, subjectDigest, type EvidenceRecord } from "../../../src/evidence/index.js";
import { loadInputs, type InputDocument } from "../../../src/inputs/index.js";
import { CORPORA, ROOT } from "../../shared.js";
import { BASE_KEY } from "./aws-server.js";

type Obj = Record<string, unknown>;

export const SCANNER_POLICIES = [join(POLICIES_DIR, "evident"), join(ROOT, "test/fixtures/policies"), join(ROOT, "test/fixtures/scanner-policies")];

export function tempDir(prefix = "evident-scanner-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CorpusEvent {
  event: Obj;
  doc: InputDocument;
  digest: string;
}

let events: CorpusEvent[] | undefined;
/** Every CloudTrail record of ../shared/corpora/cloudtrail, as `evident scan` reads it. */
export async function corpusEvents(): Promise<CorpusEvent[]> {
  if (!events) {
    const r = await loadInputs([join(CORPORA, "cloudtrail")]);
    events = r.documents.map((doc) => {
      const event = (doc.input as { event: Obj }).event;
      return { event, doc, digest: subjectDigest(doc.input) };
    });
  }
  return events;
}

export interface CorpusItem {
  ci: Obj;
  doc: InputDocument;
}

let items: CorpusItem[] | undefined;
/** Every configuration item of ../shared/corpora/aws-config, as `evident scan` reads it. */
export async function corpusItems(): Promise<CorpusItem[]> {
  if (!items) {
    const r = await loadInputs([join(CORPORA, "aws-config")]);
    items = r.documents.map((doc) => ({ ci: (doc.input as { configurationItem: Obj }).configurationItem, doc }));
  }
  return items;
}

/** Spreads items over scopes so that no scope holds the same resource twice (the corpus repeats a few). */
export function spreadItems<T extends { ci: Obj }>(list: T[], scopes: number): T[][] {
  const out: T[][] = Array.from({ length: scopes }, () => []);
  const seen = new Map<string, number>();
  list.forEach((it, i) => {
    const key = `${String(it.ci.resourceType)}/${String(it.ci.resourceId)}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out[(i + n) % scopes]!.push(it);
  });
  return out;
}

export function writeConfig(dir: string, cfg: Obj, name = "scanner.yaml"): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(cfg));
  return file;
}

export async function readEvidence(dir: string): Promise<EvidenceRecord[]> {
  const reader = await openLogReader({ backend: "file", dir });
  const out: EvidenceRecord[] = [];
  for (const chain of await reader.chains()) for await (const r of reader.records(chain)) out.push(r);
  await reader.close();
  return out;
}

/** Counts records per subject reference. */
export function countByReference(records: EvidenceRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of records) m.set(r.subject.reference, (m.get(r.subject.reference) ?? 0) + 1);
  return m;
}

export const AWS_ENV = {
  AWS_ACCESS_KEY_ID: BASE_KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: BASE_KEY.secretAccessKey,
  AWS_SESSION_TOKEN: "",
  AWS_PROFILE: "",
  AWS_CONFIG_FILE: "/nonexistent",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
  AWS_EC2_METADATA_DISABLED: "true",
};

/** Puts the base test key into process.env (the SDK default chain reads it), returns a restore function. */
export function useAwsEnv(): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(AWS_ENV)) {
    saved[k] = process.env[k];
    if (v === "") delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `evident scanner ...` in a child process (tsx), with the test AWS key in its environment. */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(AWS_ENV)) {
    if (v === "") delete childEnv[k];
    else childEnv[k] = v;
  }
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "scanner", ...args], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => {
      // let the pipes drain
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    }),
  );
  return { child, done };
}
