// `evident scan [paths...]`: wiring only. Flags -> engine, exceptions, evidence log -> runScan ->
// rendered outputs. Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 an input
// (or the exceptions file, or an evaluation, or an evidence write) failed, or a usage error.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { loadExceptions, type ExceptionEntry } from "../engine/exceptions.js";
import { SEVERITIES, type Severity } from "../engine/finding.js";
import { runScan, type ScanProgress } from "../engine/scan.js";
import { userBuiltinFiles } from "../engine/user-builtins.js";
import { openEvidenceLog, type EvidenceLog } from "../evidence/index.js";
import { fileKeySigner } from "../evidence/signer.js";
import { formatInputError, type InputError } from "../inputs/index.js";
import { render, shouldColor } from "../report/index.js";
import { runAction } from "./errors.js";
import { resolveOutputs, UsageError } from "./outputs.js";
import { loadEngine, readDataFiles } from "./policy-source.js";
import { ProgressBar } from "./progress.js";

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

interface ScanFlags {
  policies?: string[];
  bundle?: string;
  data?: string[];
  exceptions?: string;
  capabilities?: string;
  builtins?: string;
  format?: string[];
  output?: string[];
  failOn: string;
  evidenceDir?: string;
  evidenceKey?: string;
  evidenceInstance?: string;
  ignoreFile?: string;
  maxFileSize?: number;
  jobs?: number;
  progress: boolean;
  color?: boolean;
}

function writeAtomic(file: string, text: string): void {
  const abs = resolve(file);
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, abs);
}

export function registerScanCommand(program: Command): void {
  const cmd = program
    .command("scan")
    .description("scan Kubernetes manifests, Terraform plans, CloudTrail logs and AWS Config items for GxP/HIPAA findings")
    .argument("[paths...]", "files and directories (directories are walked, honouring .evidentignore)", ["."])
    .option("--policies <dir>", "Rego policies compiled in memory (repeatable; default: the shipped library)", collect)
    .option("--bundle <file>", "a policy bundle built by `evident build` (instead of --policies)")
    .option("-d, --data <file>", "data file (JSON/YAML) merged into data; organisation settings under evident.config (repeatable)", collect)
    .option("--capabilities <file>", "OPA capabilities JSON declaring extra builtins")
    .option("--builtins <module>", "JS module supplying the declared builtins")
    .option("--exceptions <file>", "YAML exceptions (documented deviations) that waive findings until they expire")
    .option("-f, --format <format>", "table, json, sarif, junit, github or markdown; FORMAT=FILE writes to FILE (repeatable; default table)", collect)
    .option("-o, --output <file>", "file for the next --format given without =FILE, in order (repeatable; default stdout)", collect)
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding (not waived) is at or above this severity").choices([...SEVERITIES]).default("high"))
    .option("--evidence-dir <dir>", "append one evidence record per evaluated document to this file evidence log")
    .option("--evidence-key <file>", "Ed25519 private key (evident keys generate) signing the log's checkpoints")
    .option("--evidence-instance <name>", "instance name in the records' source (default: host name)")
    .option("--ignore-file <file>", "an extra ignore file (gitignore syntax) besides .evidentignore")
    .option("--max-file-size <size>", "largest input file read, e.g. 512M or 2G (default 256M)", parseSize)
    .option("-j, --jobs <n>", "worker threads scanning files in parallel; 1 scans in the main thread (default: one per core, up to 4, when the inputs total 8 MiB or more)", parseJobs)
    .option("--no-progress", "never show the progress bar (it only shows on a terminal, for long scans)")
    .action(runAction((paths: string[], o: ScanFlags, c: Command) => scanAction(paths, { ...o, ...pickColor(c) })));

  // Usage errors exit 2 like every other reason a scan could not judge its inputs.
  cmd.exitOverride((err: CommanderError) => {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") process.exit(0);
    process.exit(2);
  });
}

function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError("expected a size such as 512M, 2G or 1048576");
  const unit = (m[2] ?? "").charAt(0).toLowerCase();
  const mult = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}

function parseJobs(v: string): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 64) throw new InvalidArgumentError("expected a number of worker threads from 1 to 64");
  return Number(v);
}

function pickColor(c: Command): { color?: boolean } {
  const g = c.optsWithGlobals() as { color?: boolean };
  return g.color === false ? { color: false } : {};
}

async function scanAction(paths: string[], o: ScanFlags): Promise<number> {
  const targets = resolveOutputs(o.format ?? [], o.output ?? []);
  const failOn = o.failOn as Severity;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}`);
  if (o.evidenceKey && !o.evidenceDir) throw new UsageError("--evidence-key needs --evidence-dir");
  const data = readDataFiles(o.data ?? []);
  const engine = await loadEngine({ ...(o.bundle ? { bundle: o.bundle } : {}), policies: o.policies ?? [], data, userBuiltins: userBuiltinFiles({ ...o }) });

  let exceptions: ExceptionEntry[] = [];
  let exceptionErrors: InputError[] = [];
  if (o.exceptions) {
    const ex = await loadExceptions(o.exceptions);
    exceptions = ex.exceptions;
    exceptionErrors = ex.errors;
  }

  let log: EvidenceLog | undefined;
  const instance = o.evidenceInstance ?? (hostname() || "cli");
  if (o.evidenceDir) {
    try {
      log = await openEvidenceLog({
        backend: "file",
        dir: o.evidenceDir,
        source: { type: "scan", instance },
        ...(o.evidenceKey ? { signer: fileKeySigner(o.evidenceKey), checkpoint: { every: 1000 } } : {}),
      });
    } catch (e) {
      throw new UsageError(`--evidence-dir ${o.evidenceDir}: ${(e as Error).message}`);
    }
  }

  // EVIDENT_PROGRESS_DELAY_MS: how long a scan runs before the bar shows (default 1000; tests set 0)
  const delay = Number(process.env["EVIDENT_PROGRESS_DELAY_MS"] ?? 1000);
  const bar = new ProgressBar(process.stderr, { enabled: o.progress !== false, delayMs: Number.isFinite(delay) ? delay : 1000 });
  let last: ScanProgress = { phase: "load", done: 0, total: paths.length };
  // walking a tree or loading a big file is one long await: redraw the elapsed time meanwhile
  const ticker = bar.active ? setInterval(() => bar.update(last), 250) : undefined;
  ticker?.unref();
  let result;
  try {
    result = await runScan({
      paths,
      engine,
      exceptions,
      exceptionErrors,
      failOn,
      load: { ...(o.ignoreFile ? { ignoreFile: o.ignoreFile } : {}), ...(o.maxFileSize ? { maxFileBytes: o.maxFileSize } : {}) },
      ...(log ? { evidence: { log, instance } } : {}),
      ...(o.jobs !== undefined ? { jobs: o.jobs } : {}),
      onProgress: (p) => {
        last = p;
        bar.update(p);
      },
    });
  } finally {
    if (ticker) clearInterval(ticker);
    bar.done();
    if (log) await log.close();
  }
  const report = result.report;

  for (const t of targets) {
    const color = t.file === undefined && o.color !== false && shouldColor(process.stdout);
    const text = render(t.format, report, { color });
    if (t.file === undefined) process.stdout.write(text);
    else writeAtomic(t.file, text);
  }

  // stderr: what a CI log must show whatever the formats (errors, expired exceptions, a summary)
  for (const e of report.errors) process.stderr.write(`evident: ${formatInputError(e)}\n`);
  for (const e of report.expiredExceptions ?? []) {
    process.stderr.write(`evident: exception ${e.id} (${e.check}) expired on ${e.expires}; it no longer waives findings (approver ${e.approver})\n`);
  }
  const waived = report.findings.filter((f) => f.waiver?.status === "active").length;
  const written = targets.filter((t) => t.file).map((t) => `${t.format} -> ${t.file}`);
  process.stderr.write(
    `evident: scanned ${result.documents} document(s) in ${report.inputs?.length ?? 0} file(s) with ${report.checks.length} check(s): ` +
      `${report.findings.length - waived} finding(s), ${waived} waived, ${report.errors.length} error(s)` +
      (result.skipped.length ? `, ${result.skipped.length} file(s) skipped (not inputs)` : "") +
      (result.workers ? ` (${result.workers} worker threads)` : "") +
      (log ? `; ${result.records} evidence record(s) appended to ${o.evidenceDir}` : "") +
      (written.length ? `; wrote ${written.join(", ")}` : "") +
      `\n`,
  );
  return result.exitCode;
}
