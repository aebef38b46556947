// npm run bench:webhook — the admission webhook over HTTPS with the full policy library and evidence on
// (file backend, durable acknowledgement: group commit + fdatasync before each answer), against a bare
// fastify HTTPS server that parses the same bodies and echoes `allowed: true`, in the same run.
// Bodies: every AdmissionReview of ../shared/corpora/kubernetes/admissionreview (bare AdmissionRequests
// wrapped in admission.k8s.io/v1), cycled. autocannon runs in this process; each server runs in a
// child process of its own, so the load generator and the server do not share an event loop.
//
// Printed: req/s at saturation for both, their ratio, p50/p99 latency, and p99 at a fixed 1,000 req/s
// (goal: ratio >= 0.6, p99 <= 10 ms at 1,000 req/s on a 2-core machine). Then variants: evidence
// acknowledged before durability (async), and the ways of using the second core: a pool of worker
// threads evaluating (1 and 2 threads) and node:cluster (2 processes, each with its own evidence
// chain), each at saturation and at 1,000 req/s. Each line also shows the server's CPU time per request
// (all its threads and processes), which machine load disturbs less than req/s, and how busy its main
// thread(s) were ("loop": event-loop utilisation; near 100% means the main thread is the bottleneck).
//
//   BENCH_ROUNDS=3  interleaved rounds (medians reported; the ratio is the median of per-round ratios)
//   BENCH_SECONDS=8  duration of each run      BENCH_CONNECTIONS=16  connections at saturation
//   BENCH_POLICIES=dir[,dir]  policies instead of the shipped library   BENCH_VARIANTS=0  skip the variants
//   BENCH_PROFILE=dir  write a V8 CPU profile of each webhook server process into dir
import { fork, type ChildProcess } from "node:child_process";
import cluster from "node:cluster";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error autocannon ships no type declarations
import autocannonUntyped from "autocannon";
import Fastify from "fastify";
import { parse as parseYaml } from "yaml";
import { POLICIES_DIR } from "../src/engine/engine.js";
import { buildBundle } from "../src/rego/build.js";
import { OPA_BUILTINS } from "../src/rego/registry.js";
import { resolveWebhookConfig } from "../src/webhook/config.js";
import { ADMISSION_RESPONSE_SCHEMA } from "../src/webhook/review.js";
import { BODY_LIMIT, startWebhookServer, TLS_MIN_VERSION } from "../src/webhook/server.js";
import { makeCa, makeServerCert } from "../test/webhook/helpers.js";

interface AutocannonResult {
  requests: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => PromiseLike<AutocannonResult> & { on(ev: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = autocannonUntyped as Autocannon;

const SELF = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 16);
const RATE = 1000;
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
const CORPUS = join(process.cwd(), "../shared/corpora/kubernetes/admissionreview");

interface ServeSpec {
  kind: "bare" | "webhook";
  certFile: string;
  keyFile: string;
  bundle: string;
  evidenceDir: string;
  threads: number;
  /** node:cluster processes (0: none). */
  processes: number;
  acknowledge: "durable" | "async";
}

// ---- child: one server ------------------------------------------------------------------------

/** CPU time (µs) of this process, all threads included; a cluster primary sums its workers'. */
function answerUsage(): void {
  process.on("message", (m: { usage?: number }) => {
    if (m.usage === undefined) return;
    if (cluster.isPrimary && Object.keys(cluster.workers ?? {}).length) {
      const ws = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      let total = 0;
      let got = 0;
      const loop = { active: 0, idle: 0 };
      for (const w of ws) {
        const on = (r: { cpu?: number; loop?: { active: number; idle: number } }) => {
          if (r.cpu === undefined) return;
          w.off("message", on);
          total += r.cpu;
          loop.active += r.loop!.active;
          loop.idle += r.loop!.idle;
          if (++got === ws.length) process.send!({ usage: m.usage, cpu: total + cpuNow(), loop });
        };
        w.on("message", on);
        w.send({ usage: m.usage });
      }
      return;
    }
    process.send!(cluster.isWorker ? { cpu: cpuNow(), loop: loopNow() } : { usage: m.usage, cpu: cpuNow(), loop: loopNow() });
  });
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Event-loop (main thread) busy time in ms, for event-loop utilisation between two readings. */
function loopNow(): { active: number; idle: number } {
  const e = performance.eventLoopUtilization();
  return { active: e.active, idle: e.idle };
}

async function serve(spec: ServeSpec): Promise<void> {
  answerUsage();
  const tls = { cert: readFileSync(spec.certFile), key: readFileSync(spec.keyFile), minVersion: TLS_MIN_VERSION };
  if (spec.processes > 0 && cluster.isPrimary) {
    let ready = 0;
    cluster.schedulingPolicy = cluster.SCHED_NONE; // as src/webhook/cluster.ts
    for (let i = 0; i < spec.processes; i++) {
      const w = cluster.fork();
      w.on("message", (m: { port?: number }) => {
        if (m.port !== undefined && ++ready === spec.processes) process.send!({ port: m.port });
      });
    }
    process.on("SIGTERM", () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      setTimeout(() => process.exit(0), 2000).unref();
    });
    return;
  }
  const send = (port: number) => process.send!({ port });
  const port = cluster.isWorker ? Number(process.env["BENCH_PORT"]) : 0;
  if (spec.kind === "bare") {
    const app = Fastify({ https: tls, bodyLimit: BODY_LIMIT, logger: false });
    app.post<{ Body: { apiVersion: string; request: { uid?: string } } }>("/v1/validate", { schema: { response: { 200: ADMISSION_RESPONSE_SCHEMA } } }, async (req) => ({
      apiVersion: req.body.apiVersion,
      kind: "AdmissionReview",
      response: { uid: req.body.request?.uid ?? "", allowed: true },
    }));
    await app.listen({ port, host: "127.0.0.1" });
    send((app.server.address() as { port: number }).port);
    return;
  }
  const worker = cluster.isWorker ? `-p${cluster.worker!.id}` : "";
  const config = resolveWebhookConfig({
    logging: { level: "warn" },
    evidence: { backend: "file", dir: spec.evidenceDir, instance: `bench${worker}`, acknowledge: spec.acknowledge },
    evaluation: { threads: spec.threads },
  });
  const { server, port: bound } = await startWebhookServer({
    source: { bundle: spec.bundle },
    tls: { certFile: spec.certFile, keyFile: spec.keyFile },
    port,
    host: "127.0.0.1",
    config,
    logStream: { write: () => {} },
  });
  process.on("SIGTERM", () => void server.close().finally(() => process.exit(0)));
  send(bound);
}

// ---- parent: load and measure -----------------------------------------------------------------

function bodies(): string[] {
  const out: string[] = [];
  let n = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ya?ml)$/.test(e.name)) {
        const text = readFileSync(p, "utf8");
        const v = (p.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
        const r = v["kind"] === "AdmissionReview" ? v : { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: v };
        const req = r["request"] as Record<string, unknown>;
        req["uid"] = `bench-${++n}`;
        out.push(JSON.stringify(r));
      }
    }
  };
  walk(CORPUS);
  return out;
}

interface Measured {
  rps: number;
  /** Server CPU time per answered request (µs), all threads and processes of the server. */
  cpuPerReq: number;
  /** Event-loop utilisation of the server's main thread(s) during the run (1: saturated). */
  elu: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN;
}

let usageSeq = 0;
interface Usage {
  cpu: number;
  loop: { active: number; idle: number };
}
function serverCpu(child: ChildProcess): Promise<Usage> {
  const id = ++usageSeq;
  return new Promise((resolve) => {
    const on = (m: { usage?: number; cpu?: number; loop?: Usage["loop"] }) => {
      if (m.usage !== id) return;
      child.off("message", on);
      resolve({ cpu: m.cpu!, loop: m.loop! });
    };
    child.on("message", on);
    child.send({ usage: id });
  });
}

async function load(port: number, reqBodies: string[], opts: { connections: number; rate?: number; seconds: number; child?: ChildProcess }): Promise<Measured> {
  const samples: number[] = [];
  const u0 = opts.child ? await serverCpu(opts.child) : undefined;
  const inst = autocannon({
    url: `https://127.0.0.1:${port}/v1/validate`,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    requests: reqBodies.map((body) => ({ method: "POST" as const, path: "/v1/validate", headers: { "content-type": "application/json" }, body })),
  });
  inst.on("response", (_c, _status, _bytes, ms) => samples.push(ms));
  const res = await inst;
  const u1 = opts.child ? await serverCpu(opts.child) : undefined;
  const sorted = Float64Array.from(samples).sort();
  return { rps: res.requests.average, cpuPerReq: u0 && u1 && samples.length ? (u1.cpu - u0.cpu) / samples.length : NaN,
    elu: u0 && u1 ? (u1.loop.active - u0.loop.active) / (u1.loop.active - u0.loop.active + u1.loop.idle - u0.loop.idle) : NaN, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), errors: res.errors + res.timeouts, non2xx: res.non2xx };
}

async function startChild(spec: ServeSpec): Promise<{ child: ChildProcess; port: number }> {
  const profile = process.env["BENCH_PROFILE"] && spec.kind === "webhook" ? ["--cpu-prof", `--cpu-prof-dir=${process.env["BENCH_PROFILE"]}`] : [];
  const child = fork(SELF, ["serve", JSON.stringify(spec)], { stdio: ["ignore", "ignore", "inherit", "ipc"], execArgv: [...process.execArgv, ...profile] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`server child exited (${code})`)));
  });
  return { child, port };
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

const ms = (x: number) => `${x.toFixed(2)} ms`;
const rps = (x: number) => `${Math.round(x).toLocaleString("en-US")} req/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Config {
  label: string;
  spec: ServeSpec;
  port?: number;
  child?: ChildProcess;
  sat: Measured[];
  fixed: Measured[];
}

function summary(c: Config): { rps: number; cpu: number; elu: number; p50: number; p99: number; fixedP50: number; fixedP99: number; bad: number } {
  return {
    rps: median(c.sat.map((m) => m.rps)),
    cpu: median(c.sat.map((m) => m.cpuPerReq)),
    elu: median(c.sat.map((m) => m.elu)),
    p50: median(c.sat.map((m) => m.p50)),
    p99: median(c.sat.map((m) => m.p99)),
    fixedP50: median(c.fixed.map((m) => m.p50)),
    fixedP99: median(c.fixed.map((m) => m.p99)),
    bad: [...c.sat, ...c.fixed].reduce((n, m) => n + m.errors + m.non2xx, 0),
  };
}

function line(c: Config): string {
  const s = summary(c);
  return `  ${c.label.padEnd(30)} ${rps(s.rps).padStart(12)}  cpu ${Math.round(s.cpu)} µs/req  loop ${Math.round(s.elu * 100)}%  p50 ${ms(s.p50)}  p99 ${ms(s.p99)}   | at ${RATE} req/s: p50 ${ms(s.fixedP50)}  p99 ${ms(s.fixedP99)}${s.bad ? `  (${s.bad} errors/non-2xx!)` : ""}`;
}

async function main(): Promise<void> {
  mkdirSync(join(process.cwd(), "bench/out"), { recursive: true });
  const root = mkdtempSync(join(process.cwd(), "bench/out/webhook-"));
  const configs: Config[] = [];
  try {
    const ca = await makeCa();
    const { certPem, keyPem } = await makeServerCert(ca, "0b01");
    const certFile = join(root, "tls.crt");
    const keyFile = join(root, "tls.key");
    writeFileSync(certFile, certPem);
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
    const policies = process.env["BENCH_POLICIES"]?.split(",") ?? [POLICIES_DIR];
    const bundle = join(root, "bundle.tar.gz");
    const built = await buildBundle({ paths: policies, entrypoints: [], builtins: OPA_BUILTINS, out: bundle });
    const kubeChecks = built.sources.filter((s) => /package evident\.checks\.kubernetes\./.test(s.source)).length;
    const reqBodies = bodies();
    const sizes = reqBodies.map((b) => b.length).sort((a, b) => a - b);
    console.log(`evident webhook bench: ${cpus().length} cores; ${ROUNDS} interleaved rounds of ${SECONDS} s per server (medians shown); ${CONNECTIONS} connections at saturation, 10 at ${RATE} req/s`);
    console.log(`  policies: ${policies.join(", ")} (${built.sources.length} modules, ${kubeChecks} Kubernetes checks), bundle revision ${built.manifest.revision}`);
    console.log(`  bodies: ${reqBodies.length} AdmissionReviews from the shared corpus, ${sizes[0]}-${sizes[sizes.length - 1]} bytes`);
    console.log(`  evidence: file backend in bench/out, durable acknowledgement (group commit + fdatasync before each answer)`);
    const base: ServeSpec = { kind: "webhook", certFile, keyFile, bundle, evidenceDir: join(root, "evidence"), threads: 0, processes: 0, acknowledge: "durable" };
    const add = (label: string, spec: ServeSpec) => configs.push({ label, spec, sat: [], fixed: [] });
    add("bare fastify HTTPS echo", { ...base, kind: "bare" });
    add("evident webhook (1 process)", base);
    if (process.env["BENCH_VARIANTS"] !== "0") {
      add("1 process, evidence acknowledged async", { ...base, acknowledge: "async", evidenceDir: join(root, "evidence-async") });
      add("worker threads: pool of 1", { ...base, threads: 1, evidenceDir: join(root, "evidence-t1") });
      add("worker threads: pool of 2", { ...base, threads: 2, evidenceDir: join(root, "evidence-t2") });
      add("node:cluster: 2 processes", { ...base, processes: 2, evidenceDir: join(root, "evidence-c2") });
    }
    for (const c of configs) {
      const { child, port } = await startChild(c.spec);
      c.child = child;
      c.port = port;
      await load(port, reqBodies, { connections: CONNECTIONS, seconds: 2 }); // warm-up: JIT, TLS sessions, first segment
    }
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of configs) {
        c.sat.push(await load(c.port!, reqBodies, { connections: CONNECTIONS, seconds: SECONDS, child: c.child! }));
        c.fixed.push(await load(c.port!, reqBodies, { connections: 10, rate: RATE, seconds: SECONDS, child: c.child! }));
      }
      ratios.push(configs[1]!.sat[r]!.rps / configs[0]!.sat[r]!.rps);
    }
    const [bare, hook] = configs as [Config, Config];
    console.log(line(bare));
    console.log(line(hook));
    const ratio = median(ratios);
    const cpuRatio = summary(bare).cpu / summary(hook).cpu;
    const p99 = summary(hook).fixedP99;
    console.log(`  ratio webhook/bare: ${ratio.toFixed(3)} (median of rounds: ${ratios.map((x) => x.toFixed(2)).join(", ")}; goal >= 0.6: ${ratio >= 0.6 ? "met" : "NOT met"})`);
    console.log(`  server CPU per request, bare/webhook: ${cpuRatio.toFixed(3)} (the throughput ratio the two would reach with a core each and no other load)`);
    console.log(`  webhook p99 at ${RATE} req/s: ${ms(p99)} (goal <= 10 ms: ${p99 <= 10 ? "met" : "NOT met"})`);
    if (configs.length > 2) {
      console.log("variants (durable evidence unless said):");
      for (const c of configs.slice(2)) console.log(`${line(c)}  = ${(summary(c).rps / summary(hook).rps).toFixed(2)}x of 1 process`);
    }
    if (ratio < 0.6 || p99 > 10) process.exitCode = 1;
  } finally {
    await Promise.all(configs.filter((c) => c.child).map((c) => stopChild(c.child!)));
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === "serve") {
  const spec = JSON.parse(process.argv[3]!) as ServeSpec;
  if (cluster.isPrimary && spec.processes > 0) {
    // workers need a fixed port to share: pick one now
    const probe = Fastify();
    await probe.listen({ port: 0, host: "127.0.0.1" });
    process.env["BENCH_PORT"] = String((probe.server.address() as { port: number }).port);
    await probe.close();
    cluster.setupPrimary({ exec: SELF, args: ["serve", process.argv[3]!] });
  }
  await serve(spec);
} else {
  await main();
}
