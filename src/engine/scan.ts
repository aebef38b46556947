// The scan pipeline, independent of how it is driven (the `evident scan` CLI, the benchmark, and later
// the periodic scanner over files): paths -> files -> each file loaded and evaluated (scan-file.ts;
// in worker threads for large scans, scan-workers.ts; Kubernetes files once data.inventory is
// complete) -> exceptions -> a ScanReport, and optionally one evidence record per evaluated document.
//
// It lives in src/engine because it is the engine applied to a set of inputs; src/report stays a set of
// pure renderers of the ScanReport this produces, and src/cli only parses flags and prints.
//
// Never throws for bad input: an unreadable file, a document whose evaluation throws, an invalid
// exceptions entry or an evidence record that could not be written each become an InputError in
// report.errors (exit code 2), and the rest of the scan goes on.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { EvidenceLog } from "../evidence/index.js";
import { inventoryFrom, walkPaths, type LoadOptions } from "../inputs/index.js";
import type { InputError } from "../inputs/types.js";
import { counts, DEFAULT_FAIL_ON, type ExceptionSummary, type ScanReport } from "../report/model.js";
import type { Engine } from "./engine.js";
import { isExpired, type ExceptionEntry } from "./exceptions.js";
import type { Finding, Severity } from "./finding.js";
import { ScanWorkers, workersFor } from "./scan-workers.js";
import { evaluateFile, loadOne, messageOf, type FileOutcome, type FileScanContext, type LoadedFile } from "./scan-file.js";

/** Progress of a scan: walking the paths ("load"), then input files loaded and evaluated. */
export interface ScanProgress {
  phase: "load" | "evaluate";
  /** Files finished (of `total`). */
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
  /** Worker threads: 1 (or 0) scans in the main thread; default by the cores and the size of the input. */
  jobs?: number;
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
  /** Worker threads started (0: the main thread alone). */
  workers: number;
  /** Files that worker threads loaded and evaluated (the main thread did the others). */
  workerFiles: number;
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
  const evidence = opts.evidence;
  const ctx: FileScanContext = { exceptions, failOn, now };
  if (evidence) {
    ctx.evidence = {
      bundle: { digest: asDigest(engine.bundle.digest), revision: engine.bundle.revision.slice(0, 256) },
      instance: evidence.instance ?? (hostname() || "cli"),
    };
  }

  opts.onProgress?.({ phase: "load", done: 0, total: opts.paths.length });
  const walked = await walkPaths(opts.paths, opts.load ?? {});
  const errors: InputError[] = [...(opts.exceptionErrors ?? []), ...walked.errors];
  const files = walked.files;

  // Files are evaluated as they load, so that a scan holds one file's documents at a time; files with
  // Kubernetes documents wait for data.inventory, which holds the Kubernetes objects of every file.
  const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
  const waiting: { at: number; loaded: LoadedFile }[] = [];
  const appender = evidence ? new OrderedAppender(evidence.log, outcomes) : undefined;
  let done = 0;
  const finished = async (at: number, outcome: FileOutcome) => {
    outcomes[at] = outcome;
    await appender?.advance();
    opts.onProgress?.({ phase: "evaluate", done: ++done, total: files.length });
  };
  engine.setInventory(inventoryFrom([]));
  const inMainThread = async (at: number) => {
    const loaded = await loadOne(files[at]!, opts.load ?? {});
    if (loaded.documents.some((d) => d.kind === "kubernetes")) waiting.push({ at, loaded });
    else await finished(at, evaluateFile(engine, loaded, ctx));
  };
  // Workers take a while to start (each loads the modules and the policy): the main thread scans
  // files meanwhile, and stops taking new ones once the workers are up.
  const jobs = await workersFor(files, opts.jobs);
  const starting = ScanWorkers.start(jobs, engine, ctx, opts.load ?? {});
  let workers: ScanWorkers | undefined;
  let next = 0;
  let workerFiles = 0;
  const mainLane = async () => {
    while (next < files.length && !workers) await inMainThread(next++);
  };
  const workerLane = async () => {
    const w = await starting;
    if (!w) return;
    workers = w;
    while (next < files.length) {
      const at = next++;
      const r = await w.run(files[at]!);
      if (r === "main") await inMainThread(at);
      else {
        workerFiles++;
        await finished(at, r);
      }
    }
  };
  try {
    await Promise.all([mainLane(), ...Array.from({ length: ScanWorkers.lanes(jobs) }, workerLane)]);
  } finally {
    await (await starting)?.close();
  }
  waiting.sort((a, b) => a.at - b.at);
  engine.setInventory(inventoryFrom(waiting.flatMap((w) => w.loaded.documents)));
  for (const w of waiting) await finished(w.at, evaluateFile(engine, w.loaded, ctx));
  if (appender) {
    await appender.advance();
    try {
      await evidence!.log.flush();
    } catch (e) {
      errors.push({ file: "(evidence log)", message: `the evidence log could not be flushed: ${messageOf(e)}` });
    }
  }

  const findings: Finding[] = [];
  const used = new Set<string>();
  const skipped = [...walked.skipped];
  const inputs: NonNullable<ScanReport["inputs"]> = [];
  let documents = 0;
  for (const o of outcomes) {
    if (!o) continue;
    documents += o.documents;
    for (const f of o.findings) findings.push(f);
    for (const e of o.errors) errors.push(e);
    for (const id of o.waivedBy) used.add(id);
    for (const r of o.recognised) inputs.push({ file: r.file, kind: r.kind, documents: r.documents });
    if (o.skipped) skipped.push(o.skipped);
  }
  if (appender) errors.push(...appender.errors);

  const expired = exceptions.filter((e) => isExpired(e, now));
  const report: ScanReport = {
    tool: opts.tool ?? TOOL,
    checks: engine.checks,
    findings,
    errors,
    inputs,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    failOn,
  };
  if (expired.length) report.expiredExceptions = expired.map(summariseException);
  return {
    report,
    exitCode: exitCodeOf(report),
    documents,
    skipped,
    unusedExceptions: exceptions.filter((e) => !used.has(e.id) && !isExpired(e, now)),
    records: appender?.appended ?? 0,
    workers: workers?.size ?? 0,
    workerFiles,
  };
}

/**
 * Appends the evidence records of finished files in file order (the order of their documents), so
 * that the log reads the same whichever file finished first. A record that cannot be written is
 * reported once; the scan goes on.
 */
class OrderedAppender {
  appended = 0;
  readonly errors: InputError[] = [];
  private next = 0;
  private draining: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: EvidenceLog,
    private readonly outcomes: readonly (FileOutcome | undefined)[],
  ) {}

  /** Appends what is ready; calls are serialised so that records keep file order. */
  advance(): Promise<void> {
    this.draining = this.draining.then(() => this.drain());
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.next < this.outcomes.length && this.outcomes[this.next]) {
      const outcome = this.outcomes[this.next++]!;
      const records = outcome.records;
      outcome.records = []; // appended: no need to hold them to the end of the scan
      for (let i = 0; i < records.length; i += EVIDENCE_BATCH) {
        const batch = records.slice(i, i + EVIDENCE_BATCH).map((r) => this.log.append(r));
        for (const r of await Promise.allSettled(batch)) {
          if (r.status === "fulfilled") this.appended++;
          else if (this.errors.length === 0) {
            this.errors.push({ file: "(evidence log)", message: `an evidence record could not be written: ${messageOf(r.reason)}` });
          }
        }
      }
    }
  }
}

function asDigest(d: string): string {
  return d.startsWith("sha256:") ? d : `sha256:${d}`;
}
