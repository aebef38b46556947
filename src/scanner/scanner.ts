// The scanner: builds the engine, the evidence log (this shard's chain) and the sources from the
// config; runs each source's units of this shard with checkpoints and crash recovery; `runOnce()` for
// --once, `runDaemon()` for the scheduled loop. A failing unit (account/region, cluster, path) is
// reported and the others go on.
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { Engine, type EngineOptions } from "../engine/engine.js";
import { loadUserBuiltins } from "../engine/user-builtins.js";
import { loadExceptions, type ExceptionEntry } from "../engine/exceptions.js";
import { fileKeySigner, openEvidenceLog, openLogReader, type EvidenceLog, type EvidenceRecord, type LogReader } from "../evidence/index.js";
import type { EvidenceLogConfig, LogReaderConfig } from "../evidence/index.js";
import { AwsClients } from "./aws/clients.js";
import { CheckpointStore, writeFileAtomic, type UnitCheckpoint } from "./checkpoint.js";
import type { ScannerConfig, SourceConfig } from "./config-schema.js";
import { ScannerConfigError } from "./config.js";
import { Evaluator, outcomeOfRecord } from "./evaluator.js";
import { ScannerMetrics } from "./metrics.js";
import { recoverUnits } from "./recovery.js";
import { DEFAULT_SCHEDULE, Schedule } from "./schedule.js";
import { ownsUnit, shardIdentity, type ShardIdentity } from "./shard.js";
import { AwsConfigSource } from "./sources/awsconfig.js";
import { CloudTrailFilesSource } from "./sources/cloudtrail-files.js";
import { CloudTrailSource } from "./sources/cloudtrail.js";
import { FilesSource } from "./sources/files.js";
import { KubernetesSource } from "./sources/kubernetes.js";
import type { EvalItem, BrokenItem, Logger, Outcome, ScannerSource, Unit, UnitContext, UnitResult } from "./types.js";

export interface UnitReport {
  unit: string;
  items: number;
  recovered: number;
  ok: boolean;
  error?: string;
  warnings: string[];
  interrupted: boolean;
  /** Already completed in the run being resumed (an earlier process of the same --once run). */
  alreadyDone?: boolean;
}

export interface SourceRunReport {
  source: string;
  type: string;
  startedAt: string;
  durationMs: number;
  items: number;
  findings: number;
  units: UnitReport[];
  failures: number;
  interrupted: boolean;
}

export interface ScannerOptions {
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Minimum time between two checkpoint writes of a unit (default 1000 ms; forced saves always write). */
  saveIntervalMs?: number;
  /** Clock for CloudTrail windows (tests). */
  now?: () => number;
}

export const defaultLogger: Logger = (level, msg, fields) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
};

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (v && typeof v === "object" && !Array.isArray(v) && cur && typeof cur === "object" && !Array.isArray(cur)) deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>);
    else into[k] = v;
  }
  return into;
}

async function buildEngine(cfg: ScannerConfig): Promise<Engine> {
  const opts: EngineOptions = {};
  if (cfg.policies.data?.length) {
    const data: Record<string, unknown> = {};
    for (const f of cfg.policies.data) {
      const text = await readFile(f, "utf8");
      const v = (f.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as unknown;
      if (!v || typeof v !== "object" || Array.isArray(v)) throw new ScannerConfigError([{ file: f, field: "policies.data", message: "a data file must hold a mapping" }]);
      deepMerge(data, v as Record<string, unknown>);
    }
    opts.data = data;
  }
  if (cfg.policies.config) opts.config = cfg.policies.config;
  if (cfg.policies.capabilities || cfg.policies.builtins) {
    const user = await loadUserBuiltins({ capabilities: cfg.policies.capabilities, builtins: cfg.policies.builtins });
    opts.registry = user.registry;
    opts.extraBuiltins = user.impls;
  }
  return cfg.policies.bundle ? Engine.fromBundle(cfg.policies.bundle, opts) : Engine.fromPolicies(cfg.policies.paths!, opts);
}

export function buildSource(s: SourceConfig, aws: AwsClients, opts: ScannerOptions = {}): ScannerSource {
  switch (s.type) {
    case "cloudtrail":
      return new CloudTrailSource(s, aws, opts.now) as ScannerSource;
    case "cloudtrail-files":
      return new CloudTrailFilesSource(s) as ScannerSource;
    case "aws-config":
      return new AwsConfigSource(s, aws) as ScannerSource;
    case "kubernetes":
      return new KubernetesSource(s) as ScannerSource;
    case "files":
      return new FilesSource(s) as ScannerSource;
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export class Scanner {
  readonly metrics = new ScannerMetrics();
  private readonly recovered = new Map<string, Map<string, EvidenceRecord>>();
  private recoveryDone = new Set<string>();
  private readonly log: Logger;

  private constructor(
    readonly config: ScannerConfig,
    readonly shard: ShardIdentity,
    readonly instance: string,
    readonly engine: Engine,
    readonly evidence: EvidenceLog,
    private readonly reader: LogReader,
    readonly sources: ScannerSource[],
    private readonly aws: AwsClients,
    private readonly evaluator: Evaluator,
    private readonly checkpoints: CheckpointStore,
    private readonly opts: ScannerOptions,
  ) {
    this.log = opts.logger ?? defaultLogger;
  }

  static async create(config: ScannerConfig, opts: ScannerOptions = {}): Promise<Scanner> {
    const env = opts.env ?? process.env;
    const shard = shardIdentity(config.shard, env);
    const base = config.instance ?? env["EVIDENT_INSTANCE"] ?? "default";
    const instance = shard.count > 1 ? `${base}-${shard.index}of${shard.count}` : base;
    const engine = await buildEngine(config);
    let exceptions: ExceptionEntry[] = [];
    if (config.policies.exceptions) {
      const ex = await loadExceptions(config.policies.exceptions);
      if (ex.errors.length) {
        throw new ScannerConfigError(ex.errors.map((e) => ({ file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), field: "policies.exceptions", message: e.message })));
      }
      exceptions = ex.exceptions;
    }
    const ev = config.evidence;
    const source = { type: "scanner" as const, instance };
    const common = { chain: `scanner-${instance}`, source, ...(ev.signingKey ? { signer: fileKeySigner(ev.signingKey) } : {}) };
    const logCfg: EvidenceLogConfig =
      ev.backend === "file"
        ? { backend: "file", dir: ev.dir, ...common }
        : { backend: "postgres", spoolDir: ev.spoolDir, ...(ev.connectionString ? { connectionString: ev.connectionString } : {}), ...(ev.schema ? { schema: ev.schema } : {}), ...common };
    const readerCfg: LogReaderConfig =
      ev.backend === "file" ? { backend: "file", dir: ev.dir } : { backend: "postgres", ...(ev.connectionString ? { connectionString: ev.connectionString } : {}), ...(ev.schema ? { schema: ev.schema } : {}) };
    const evidence = await openEvidenceLog(logCfg);
    const reader = await openLogReader(readerCfg);
    const aws = new AwsClients(config.aws);
    const sources = config.sources.filter((s) => s.enabled !== false).map((s) => buildSource(s, aws, opts));
    const evaluator = new Evaluator(engine, evidence, instance, exceptions);
    const checkpoints = new CheckpointStore(join(config.stateDir, "checkpoints"));
    return new Scanner(config, shard, instance, engine, evidence, reader, sources, aws, evaluator, checkpoints, opts);
  }

  get chain(): string {
    return this.evidence.chain;
  }

  /** The units of a source this shard owns. */
  async unitsOf(source: ScannerSource): Promise<Unit[]> {
    return (await source.units()).filter((u) => ownsUnit(this.shard, u.key));
  }

  /** Finds the evaluations of interrupted batches (records after each unit's checkpoint) once per unit. */
  private async recover(source: ScannerSource, units: Unit[]): Promise<void> {
    const queries = [];
    for (const u of units) {
      if (this.recoveryDone.has(u.key)) continue;
      const cp = await this.checkpoints.load(u.key);
      queries.push({ unitKey: u.key, refPrefix: u.refPrefix, chain: cp?.chain ?? this.chain, afterSeq: cp?.evidenceSeq ?? 0 });
    }
    if (!queries.length) return;
    await this.evidence.flush();
    const found = await recoverUnits(this.reader, queries);
    for (const q of queries) {
      this.recoveryDone.add(q.unitKey);
      const m = found.get(q.unitKey)!;
      if (m.size) {
        this.recovered.set(q.unitKey, m);
        this.log("info", "recovered evaluations recorded after the last checkpoint", { source: source.name, unit: q.unitKey, records: m.size });
      }
    }
  }

  /** Runs every unit of one source (this shard's) once. Never throws for a unit's failure. */
  async runSource(source: ScannerSource, signal: AbortSignal, runStartedAt = new Date().toISOString()): Promise<SourceRunReport> {
    const started = Date.now();
    const status = this.metrics.statusOf(source.name);
    status.running = true;
    status.lastRunStart = new Date(started).toISOString();
    const report: SourceRunReport = { source: source.name, type: source.type, startedAt: status.lastRunStart, durationMs: 0, items: 0, findings: 0, units: [], failures: 0, interrupted: false };
    let units: Unit[] = [];
    try {
      units = await this.unitsOf(source);
      await this.recover(source, units);
    } catch (e) {
      report.units.push({ unit: source.name, items: 0, recovered: 0, ok: false, error: (e as Error).message, warnings: [], interrupted: false });
      this.metrics.failures.inc({ source: source.name, unit: source.name });
      this.log("error", "source failed", { source: source.name, error: (e as Error).message });
    }
    await pool(units, this.config.aws?.concurrency ?? 4, async (unit) => {
      const ur = await this.runUnit(source, unit, signal, report, runStartedAt);
      report.units.push(ur);
    });
    report.units.sort((a, b) => a.unit.localeCompare(b.unit));
    report.failures = report.units.filter((u) => !u.ok).length;
    report.interrupted = report.units.some((u) => u.interrupted);
    report.durationMs = Date.now() - started;
    status.running = false;
    status.lastRunEnd = new Date().toISOString();
    status.lastRunOk = report.failures === 0;
    if (report.failures) status.lastError = report.units.find((u) => !u.ok)?.error ?? "";
    else delete status.lastError;
    this.metrics.lastRun.set({ source: source.name }, Date.now() / 1000);
    this.metrics.lastDuration.set({ source: source.name }, report.durationMs / 1000);
    this.metrics.lastSuccess.set({ source: source.name }, report.failures === 0 ? 1 : 0);
    this.log(report.failures ? "warn" : "info", "source run finished", {
      source: source.name,
      items: report.items,
      findings: report.findings,
      failures: report.failures,
      interrupted: report.interrupted,
      durationMs: report.durationMs,
    });
    return report;
  }

  private async runUnit(source: ScannerSource, unit: Unit, signal: AbortSignal, report: SourceRunReport, runStartedAt: string): Promise<UnitReport> {
    const ur: UnitReport = { unit: unit.key, items: 0, recovered: 0, ok: true, warnings: [], interrupted: false };
    const saveInterval = this.opts.saveIntervalMs ?? 1000;
    let lastSave = 0;
    let saving: Promise<void> = Promise.resolve();
    try {
      const cp = await this.checkpoints.load<{ lastCompleted?: unknown; run?: unknown }>(unit.key);
      // A unit that completed a full pass after this run started (an earlier process of the same
      // --once run, killed later) is not run again. Incremental units (CloudTrail) keep no lastCompleted.
      const last = cp?.state?.lastCompleted;
      if (cp?.state && !cp.state.run && typeof last === "string" && last >= runStartedAt) {
        ur.alreadyDone = true;
        return ur;
      }
      const recovered = this.recovered.get(unit.key) ?? new Map<string, EvidenceRecord>();
      const ctx: UnitContext<unknown> = {
        source: source.name,
        unit,
        signal,
        state: cp?.state,
        recovered,
        save: async (state, o) => {
          if (!o?.force && Date.now() - lastSave < saveInterval) return;
          lastSave = Date.now();
          // the state as it is now, with the chain position that covers everything recorded so far
          const checkpoint: UnitCheckpoint = { v: 1, source: source.name, unit: unit.key, chain: this.chain, evidenceSeq: this.evidence.head().seq, savedAt: new Date().toISOString(), state: structuredClone(state) };
          saving = saving.then(() => this.checkpoints.save(checkpoint));
          await saving;
        },
        record: async (items: EvalItem[], broken: BrokenItem[] = []) => {
          const fresh: EvalItem[] = [];
          const freshBroken: BrokenItem[] = [];
          const done = new Map<string, Outcome>();
          for (const it of items) {
            const r = recovered.get(it.reference);
            if (r) {
              done.set(it.reference, outcomeOfRecord(r));
              recovered.delete(it.reference);
            } else fresh.push(it);
          }
          for (const b of broken) {
            const r = recovered.get(b.reference);
            if (r) {
              done.set(b.reference, outcomeOfRecord(r));
              recovered.delete(b.reference);
            } else freshBroken.push(b);
          }
          const outs = await this.evaluator.record(fresh, freshBroken);
          let findings = 0;
          for (const o of outs) {
            done.set(o.reference, o);
            for (const f of o.findings) {
              if (f.waiver !== undefined) continue;
              findings++;
              this.metrics.findings.inc({ source: source.name, severity: f.severity });
            }
          }
          this.metrics.items.inc({ source: source.name }, outs.length);
          report.items += outs.length;
          report.findings += findings;
          ur.items += outs.length;
          ur.recovered += items.length + broken.length - fresh.length - freshBroken.length;
          return [...items.map((i) => done.get(i.reference)!), ...broken.map((b) => done.get(b.reference)!)];
        },
        log: (level, msg, fields) => this.log(level, msg, { source: source.name, unit: unit.key, ...fields }),
        headSeq: () => this.evidence.head().seq,
        history: async (afterSeq) => {
          await this.evidence.flush();
          const out: EvidenceRecord[] = [];
          for await (const r of this.reader.records(this.chain)) if (r.seq > afterSeq && r.subject.reference.startsWith(unit.refPrefix)) out.push(r);
          return out;
        },
      };
      const res: UnitResult = await source.runUnit(unit, ctx);
      ur.interrupted = !!res.interrupted;
      ur.warnings = res.warnings ?? [];
      for (const w of ur.warnings) this.log("warn", w, { source: source.name, unit: unit.key });
      if (!res.interrupted) this.recovered.delete(unit.key);
    } catch (e) {
      ur.ok = false;
      ur.error = describeError(e);
      this.metrics.failures.inc({ source: source.name, unit: unit.label });
      this.log("error", "unit failed", { source: source.name, unit: unit.key, error: ur.error });
    }
    return ur;
  }

  /** Runs every source once (concurrently); resolves when all are done or stopped by `signal`. */
  /**
   * Runs every source once (concurrently). A --once run killed before it finished is resumed by the
   * next runOnce (a run marker in the state directory): units that completed in it are not run again,
   * so the two processes together evaluate each item once.
   */
  async runOnce(signal: AbortSignal = new AbortController().signal): Promise<SourceRunReport[]> {
    const markerFile = join(this.config.stateDir, `once-run-${this.instance}.json`);
    let startedAt = new Date().toISOString();
    try {
      const m = JSON.parse(await readFile(markerFile, "utf8")) as { startedAt?: unknown; finished?: unknown };
      if (m.finished === false && typeof m.startedAt === "string") {
        startedAt = m.startedAt;
        this.log("info", "resuming a run that did not finish", { startedAt });
      }
    } catch {
      /* no marker: a new run */
    }
    await mkdir(this.config.stateDir, { recursive: true });
    await writeFileAtomic(markerFile, JSON.stringify({ startedAt, finished: false }));
    const reports = await Promise.all(this.sources.map((s) => this.runSource(s, signal, startedAt)));
    if (!reports.some((r) => r.interrupted)) await writeFileAtomic(markerFile, JSON.stringify({ startedAt, finished: true }));
    return reports;
  }

  /** Runs each source on its schedule until `signal` aborts; the run in progress finishes its batch. */
  async runDaemon(signal: AbortSignal): Promise<void> {
    const loops = this.config.sources
      .filter((s) => s.enabled !== false)
      .map(async (cfg) => {
        const source = this.sources.find((s) => s.name === cfg.name)!;
        const schedule = new Schedule(cfg.schedule ?? DEFAULT_SCHEDULE);
        let { slot, at } = schedule.first(Date.now());
        while (!signal.aborted) {
          await sleep(at - Date.now(), signal);
          if (signal.aborted) break;
          await this.runSource(source, signal); // sequential: a run never overlaps itself
          const n = schedule.next(slot, Date.now());
          if (n.skipped) {
            this.metrics.skipped.inc({ source: source.name }, n.skipped);
            this.log("warn", "skipped scheduled runs: the previous run was still going", { source: source.name, skipped: n.skipped });
          }
          ({ slot, at } = n);
        }
      });
    await Promise.all(loops);
  }

  async close(): Promise<void> {
    this.aws.destroy();
    await this.evidence.close();
    await this.reader.close();
  }
}

function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err?.$metadata?.httpStatusCode;
  return `${err?.name && err.name !== "Error" ? `${err.name}: ` : ""}${err?.message ?? String(e)}${status ? ` (HTTP ${status})` : ""}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
