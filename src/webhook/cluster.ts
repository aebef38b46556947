// Several webhook processes on one port (node:cluster), to use more than one core. bench/webhook.ts
// measured the ways of using the second core of a 2-core machine against one process, with the full
// policy library and durable evidence (req/s at saturation relative to one process, medians of 2
// interleaved rounds; the machine is shared with other work, so runs spread widely):
//   node:cluster, 2 processes       1.28x  (earlier runs: 0.62x - 1.45x)
//   worker threads, pool of 1       1.01x  (earlier: 0.50x - 1.14x)
//   worker threads, pool of 2       0.99x  (earlier: 0.50x - 1.10x)
// Threads move only evaluation off the main thread, which keeps TLS, HTTP, JSON, the evidence append
// and the decision (half the work per request with the current library), and they add a copy and a
// second JSON parse per request; processes parallelise all of it. So `evident webhook --processes N`
// runs N processes (deploy/ runs 2, its CPU limit); the worker-thread pool stays available
// (evaluation.threads) for its one advantage, a hard evaluation deadline (a runaway evaluation is
// answered at the deadline and its worker replaced), and is off by default.
//
// Each process is a complete webhook with its own evidence chain ("<instance>-p<index>", the same index
// after a restart, so a file chain continues). The primary only supervises: it restarts a process that
// dies after it was serving (one that dies before serving stops the whole command, as a single process
// would fail), forwards SIGTERM/SIGINT/SIGHUP, and answers the processes' /metrics requests with the
// metrics of all of them (prom-client's AggregatorRegistry), so a scrape sees the whole pod.
import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";

export const PROCESS_INDEX_ENV = "EVIDENT_WEBHOOK_PROCESS";

interface Msg {
  evident?: "metrics" | "listening";
  id?: number;
  text?: string;
  error?: string;
}

/** This process's index in the cluster, or undefined when it is not a cluster worker. */
export function processIndex(): number | undefined {
  if (!cluster.isWorker) return undefined;
  const n = Number(process.env[PROCESS_INDEX_ENV]);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function isClusterPrimary(processes: number): boolean {
  return processes > 1 && cluster.isPrimary;
}

type Log = (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;

/** JSON log lines of the primary (the processes log through fastify's pino). */
export const primaryLog: Log = (level, msg, fields = {}) => {
  const levels = { info: 30, warn: 40, error: 50 };
  process.stdout.write(JSON.stringify({ level: levels[level], time: Date.now(), service: "evident-webhook", role: "primary", ...fields, msg }) + "\n");
};

/**
 * Runs the primary: `n` webhook processes (this same command, re-executed by node:cluster). Resolves
 * with the exit code once every process has exited after a signal, or 1 if one fails to start.
 */
export function runPrimary(n: number, opts: { restartDelayMs?: number; log?: Log } = {}): Promise<number> {
  const log = opts.log ?? primaryLog;
  const restartDelayMs = opts.restartDelayMs ?? 1000;
  const aggregator = new AggregatorRegistry();
  const workers = new Map<number, Worker>();
  let stopping = false;
  let exitCode = 0;
  // Each process accepts from the shared socket itself rather than the primary handing connections
  // round-robin: a connection handed to a process that has just died would hang until the API server's
  // timeout, while one waiting in the shared accept queue is taken by a live process.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  return new Promise<number>((resolve) => {
    const stopAll = (signal: NodeJS.Signals) => {
      stopping = true;
      for (const w of workers.values()) w.process.kill(signal);
      if (workers.size === 0) resolve(exitCode);
    };
    const start = (index: number) => {
      const w = cluster.fork({ [PROCESS_INDEX_ENV]: String(index) });
      let serving = false;
      workers.set(index, w);
      w.on("message", (m: Msg) => {
        if (m?.evident === "listening") {
          serving = true;
          log("info", "webhook process serving", { index, pid: w.process.pid });
        } else if (m?.evident === "metrics") {
          aggregator.clusterMetrics().then(
            (text) => w.isConnected() && w.send({ evident: "metrics", id: m.id, text }),
            (e: Error) => w.isConnected() && w.send({ evident: "metrics", id: m.id, error: e.message }),
          );
        }
      });
      w.on("exit", (code, signal) => {
        workers.delete(index);
        if (stopping) {
          if (workers.size === 0) resolve(exitCode);
          return;
        }
        if (!serving) {
          log("error", "webhook process failed to start; stopping", { index, code, signal });
          exitCode = 1;
          stopAll("SIGTERM");
          return;
        }
        log("error", "webhook process exited; restarting it", { index, code, signal, delayMs: restartDelayMs });
        setTimeout(() => {
          if (!stopping) start(index);
        }, restartDelayMs);
      });
    };
    process.once("SIGTERM", () => stopAll("SIGTERM"));
    process.once("SIGINT", () => stopAll("SIGTERM"));
    process.on("SIGHUP", () => {
      for (const w of workers.values()) w.process.kill("SIGHUP");
    });
    log("info", "starting webhook processes", { processes: n });
    for (let i = 0; i < n; i++) start(i);
  });
}

/**
 * In a cluster worker: lets the primary collect this process's registry, and returns the function
 * /metrics uses to get the metrics of every process from the primary.
 */
export function workerMetrics(registry: Registry, timeoutMs = 5000): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // installs prom-client's worker-side listener
  let next = 0;
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => {
        process.off("message", on);
        reject(new Error("the primary did not answer the metrics request"));
      }, timeoutMs);
      const on = (m: Msg) => {
        if (m?.evident !== "metrics" || m.id !== id) return;
        clearTimeout(timer);
        process.off("message", on);
        if (m.error !== undefined) reject(new Error(m.error));
        else resolve(m.text ?? "");
      };
      process.on("message", on);
      process.send!({ evident: "metrics", id });
    });
}

/** Tells the primary this process is serving. */
export function announceListening(): void {
  if (cluster.isWorker) process.send!({ evident: "listening" });
}
