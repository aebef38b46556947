// Worker threads for a scan of many or large files, so that a scan uses every core: each worker loads
// and evaluates whole files (scan-worker.ts) and sends back their outcome as plain data. Whatever a
// worker cannot do (a file with Kubernetes documents, a worker that failed or died) comes back as
// "main" and the main thread does it itself, so nothing is lost.
import { availableParallelism } from "node:os";
import { stat } from "node:fs/promises";
import type { Worker } from "node:worker_threads";
import type { LoadOptions } from "../inputs/index.js";
import type { WalkedFile } from "../inputs/walk.js";
import type { Engine } from "./engine.js";
import type { FileOutcome, FileScanContext } from "./scan-file.js";
import type { ScanTask, ScanWorkerData } from "./scan-worker.js";
import { spawnModuleWorker } from "./worker-module.js";

/** Below this much input, starting workers (each compiles the policy module) costs more than it saves. */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
/** A gzipped file counts as this many times its size. */
const GZIP_FACTOR = 8;
const MAX_AUTO_JOBS = 4;

type Reply = { id: number; outcome: FileOutcome } | { id: number; kubernetes: true } | { id: number; error: string };

/** How many workers a scan of `files` should use: `jobs` if given, else by the cores and the input size. */
export async function workersFor(files: readonly WalkedFile[], jobs: number | undefined): Promise<number> {
  if (jobs !== undefined) return jobs > 1 && files.length > 1 ? Math.min(jobs, files.length) : 0;
  const cores = Math.min(availableParallelism(), MAX_AUTO_JOBS);
  if (cores < 2 || files.length < 2) return 0;
  let bytes = 0;
  for (const f of files) {
    const size = await stat(f.path).then((s) => s.size, () => 0);
    bytes += /\.gz$/i.test(f.path) ? size * GZIP_FACTOR : size;
    if (bytes >= PARALLEL_MIN_BYTES) return Math.min(cores, files.length);
  }
  return 0;
}

interface Pending {
  resolve(r: FileOutcome | "main"): void;
}

class ScanWorker {
  readonly pending = new Map<number, Pending>();
  dead = false;
  constructor(readonly worker: Worker) {
    worker.on("message", (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      p.resolve("outcome" in m ? m.outcome : "main");
    });
    const fail = () => {
      this.dead = true;
      for (const p of this.pending.values()) p.resolve("main");
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", fail);
  }
}

export class ScanWorkers {
  private nextId = 0;
  private constructor(private readonly workers: ScanWorker[]) {}

  /** Starts `n` workers; undefined if none could start (the scan then runs in the main thread). */
  static async start(n: number, engine: Engine, ctx: FileScanContext, load: LoadOptions): Promise<ScanWorkers | undefined> {
    const portable = engine.portable();
    if (!portable || n < 1) return undefined;
    const data: ScanWorkerData = { engine: portable, ctx, load };
    const started = await Promise.all(
      Array.from({ length: n }, async () => {
        let w: Worker;
        try {
          w = spawnModuleWorker(import.meta.url, "scan-worker", data);
        } catch {
          return undefined;
        }
        const ok = await new Promise<boolean>((resolve) => {
          w.once("message", (m: { ready?: boolean }) => resolve(m.ready === true));
          w.once("error", () => resolve(false));
          w.once("exit", () => resolve(false));
        });
        if (!ok) {
          await w.terminate();
          return undefined;
        }
        return new ScanWorker(w);
      }),
    );
    const workers = started.filter((w): w is ScanWorker => w !== undefined);
    return workers.length ? new ScanWorkers(workers) : undefined;
  }

  /** The outcome of one file, or "main" for a file the main thread must load and evaluate itself. */
  run(file: WalkedFile): Promise<FileOutcome | "main"> {
    const live = this.workers.filter((w) => !w.dead);
    if (live.length === 0) return Promise.resolve("main");
    const w = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      w.pending.set(id, { resolve });
      const task: ScanTask = { id, file };
      w.worker.postMessage(task);
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Files to keep in flight for `n` workers: two each, so that one loads while the other evaluates. */
  static lanes(n: number): number {
    return n * 2;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
