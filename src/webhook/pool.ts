// A pool of worker threads, each with its own copy of the policy engine. The main thread keeps TLS,
// HTTP, JSON parsing, evidence and metrics; the workers evaluate and digest. Unlike evaluation on the
// main thread, the deadline here is real: a request whose evaluation runs past it is answered at the
// deadline, and a worker still busy long after (a runaway policy) is terminated and replaced.
//
// Reload builds a complete new set of workers with the new bundle; only when every one of them has
// loaded it does the new set take new requests, and the old set is closed once its in-flight
// evaluations have answered. A bundle that fails to load leaves the old set serving.
import type { Worker } from "node:worker_threads";
import { spawnModuleWorker } from "../engine/worker-module.js";
import type { Finding, ResourceRef } from "../engine/finding.js";
import { DeadlineError, NotReadyError, describeSource, type EvalJob, type EvalResult, type Evaluator, type LoadedBundle, type PolicySource, type WebhookEngineOptions } from "./evaluator.js";

interface Pending {
  resolve: (r: EvalResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  timedOut: boolean;
}

interface WorkerReply {
  id?: number;
  findings?: Finding[];
  digest?: string;
  evalMs?: number;
  error?: string;
  code?: string;
  ready?: LoadedBundle;
  failed?: string;
}

export class WorkerError extends Error {
  constructor(
    message: string,
    readonly code = "EVALUATION_FAILED",
  ) {
    super(message);
    this.name = "WorkerError";
  }
}

function spawn(source: PolicySource, options: WebhookEngineOptions): Worker {
  // WebhookEngineOptions is plain data by construction (user builtins travel as file paths)
  return spawnModuleWorker(import.meta.url, "eval-worker", { source, options });
}

class Slot {
  readonly pending = new Map<number, Pending>();
  private hangTimer: NodeJS.Timeout | undefined;
  dead = false;

  constructor(
    readonly worker: Worker,
    private readonly bundle: LoadedBundle,
    private readonly onDead: (slot: Slot, why: string) => void,
  ) {
    worker.on("message", (m: WorkerReply) => this.reply(m));
    worker.on("error", (e) => this.die(`evaluation worker failed: ${e.message}`));
    worker.on("exit", (code) => this.die(`evaluation worker exited (code ${code})`));
  }

  get load(): number {
    return this.pending.size;
  }

  run(id: number, job: EvalJob, resource: ResourceRef, deadlineMs: number, hangMs: number): Promise<EvalResult> {
    return new Promise<EvalResult>((resolve, reject) => {
      const p: Pending = {
        resolve,
        reject,
        timedOut: false,
        timer: setTimeout(() => {
          p.timedOut = true;
          reject(new DeadlineError(deadlineMs));
          // still busy hangMs later: the worker is stuck in a runaway evaluation
          this.hangTimer ??= setTimeout(() => {
            if (this.pending.has(id)) this.kill(`evaluation worker terminated: busy ${deadlineMs + hangMs} ms on one request`);
          }, hangMs);
        }, deadlineMs),
      };
      this.pending.set(id, p);
      this.worker.postMessage(job.body !== undefined ? { id, body: job.body, resource } : { id, input: job.input, resource });
    });
  }

  private reply(m: WorkerReply): void {
    if (m.id === undefined) return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if (this.hangTimer && ![...this.pending.values()].some((x) => x.timedOut)) {
      clearTimeout(this.hangTimer);
      this.hangTimer = undefined;
    }
    if (p.timedOut) return;
    if (m.error !== undefined) p.reject(new WorkerError(m.error, m.code ?? "EVALUATION_FAILED"));
    else p.resolve({ findings: m.findings ?? [], digest: m.digest!, bundle: this.bundle, evalMs: m.evalMs ?? 0 });
  }

  kill(why: string): void {
    void this.worker.terminate();
    this.die(why);
  }

  private die(why: string): void {
    if (this.dead) return;
    this.dead = true;
    if (this.hangTimer) clearTimeout(this.hangTimer);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      if (!p.timedOut) p.reject(new WorkerError(why, "WORKER_FAILED"));
    }
    this.pending.clear();
    this.onDead(this, why);
  }

  async close(): Promise<void> {
    this.dead = true;
    if (this.hangTimer) clearTimeout(this.hangTimer);
    await this.worker.terminate();
  }
}

/** Starts a worker and waits until it has loaded the policies (or failed to). */
function startWorker(source: PolicySource, options: WebhookEngineOptions): Promise<{ worker: Worker; bundle: LoadedBundle }> {
  return new Promise((resolve, reject) => {
    const worker = spawn(source, options);
    const onMessage = (m: WorkerReply) => {
      if (m.ready) {
        cleanup();
        resolve({ worker, bundle: m.ready });
      } else if (m.failed !== undefined) {
        cleanup();
        void worker.terminate();
        reject(new Error(m.failed));
      }
    };
    const onError = (e: Error) => {
      cleanup();
      void worker.terminate();
      reject(new Error(`${describeSource(source)}: evaluation worker failed to start: ${e.message}`));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`${describeSource(source)}: evaluation worker exited while loading (code ${code})`));
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

/** One generation of workers, all with the same bundle. */
class WorkerSet {
  private slots: Slot[] = [];
  private closed = false;

  private constructor(
    readonly source: PolicySource,
    readonly bundle: LoadedBundle,
    private readonly options: WebhookEngineOptions,
    private readonly onEvent: (e: PoolEvent) => void,
  ) {}

  static async start(size: number, source: PolicySource, options: WebhookEngineOptions, onEvent: (e: PoolEvent) => void): Promise<WorkerSet> {
    const started = await Promise.allSettled(Array.from({ length: size }, () => startWorker(source, options)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) {
      for (const s of started) if (s.status === "fulfilled") void s.value.worker.terminate();
      throw failed.reason as Error;
    }
    const ok = started as PromiseFulfilledResult<{ worker: Worker; bundle: LoadedBundle }>[];
    const set = new WorkerSet(source, ok[0]!.value.bundle, options, onEvent);
    for (const s of ok) set.slots.push(new Slot(s.value.worker, set.bundle, (slot, why) => set.replace(slot, why)));
    return set;
  }

  private replace(slot: Slot, why: string): void {
    this.slots = this.slots.filter((s) => s !== slot);
    if (this.closed) return;
    this.onEvent({ type: "worker-replaced", reason: why });
    startWorker(this.source, this.options).then(
      ({ worker }) => {
        if (this.closed) void worker.terminate();
        else this.slots.push(new Slot(worker, this.bundle, (s, w) => this.replace(s, w)));
      },
      (e: Error) => this.onEvent({ type: "worker-start-failed", reason: e.message }),
    );
  }

  get size(): number {
    return this.slots.length;
  }

  run(id: number, job: EvalJob, resource: ResourceRef, deadlineMs: number, hangMs: number): Promise<EvalResult> {
    let best: Slot | undefined;
    for (const s of this.slots) if (!best || s.load < best.load) best = s;
    if (!best) return Promise.reject(new WorkerError("no evaluation worker is running (being replaced)", "NO_WORKER"));
    return best.run(id, job, resource, deadlineMs, hangMs);
  }

  /** Stops taking work; terminates the workers once their in-flight evaluations have answered (or after graceMs). */
  async drain(graceMs: number): Promise<void> {
    this.closed = true;
    const until = Date.now() + graceMs;
    while (this.slots.some((s) => s.load > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    await Promise.all(this.slots.map((s) => s.close()));
    this.slots = [];
  }
}

export type PoolEvent = { type: "worker-replaced"; reason: string } | { type: "worker-start-failed"; reason: string };

export class PoolEvaluator implements Evaluator {
  readonly kind = "threads" as const;
  private set: WorkerSet | undefined;
  private nextId = 1;

  constructor(
    readonly size: number,
    private readonly options: WebhookEngineOptions = {},
    private readonly onEvent: (e: PoolEvent) => void = () => {},
    /** How long past the deadline a worker may stay busy before it is replaced. */
    private readonly hangMs = 2000,
  ) {
    if (!(size >= 1)) throw new Error("a worker pool needs at least one thread");
  }

  current(): LoadedBundle | undefined {
    return this.set?.bundle;
  }

  async load(source: PolicySource): Promise<LoadedBundle> {
    const next = await WorkerSet.start(this.size, source, this.options, this.onEvent);
    const old = this.set;
    this.set = next;
    if (old) void old.drain(30_000);
    return next.bundle;
  }

  evaluate(job: EvalJob, resource: ResourceRef, deadlineMs: number): Promise<EvalResult> {
    const set = this.set;
    if (!set) return Promise.reject(new NotReadyError());
    return set.run(this.nextId++, job, resource, deadlineMs, this.hangMs);
  }

  async close(): Promise<void> {
    const set = this.set;
    this.set = undefined;
    if (set) await set.drain(5_000);
  }
}
