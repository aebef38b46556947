// /metrics (Prometheus, prom-client) and /healthz (fastify): per source the last run's time, duration
// and outcome, items evaluated, findings by severity, failures, runs skipped because the previous one
// was still running.
import Fastify, { type FastifyInstance } from "fastify";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export interface SourceStatus {
  lastRunStart?: string;
  lastRunEnd?: string;
  lastRunOk?: boolean;
  running: boolean;
  lastError?: string;
}

export class ScannerMetrics {
  readonly registry = new Registry();
  readonly lastRun = new Gauge({ name: "evident_scanner_last_run_timestamp_seconds", help: "When the source's last run ended (Unix time)", labelNames: ["source"], registers: [this.registry] });
  readonly lastDuration = new Gauge({ name: "evident_scanner_last_run_duration_seconds", help: "How long the source's last run took", labelNames: ["source"], registers: [this.registry] });
  readonly lastSuccess = new Gauge({ name: "evident_scanner_last_run_success", help: "1 when every unit of the source's last run succeeded", labelNames: ["source"], registers: [this.registry] });
  readonly items = new Counter({ name: "evident_scanner_items_evaluated_total", help: "Items (events, configuration items, objects, documents) evaluated and recorded", labelNames: ["source"], registers: [this.registry] });
  readonly findings = new Counter({ name: "evident_scanner_findings_total", help: "Findings not waived by an exception", labelNames: ["source", "severity"], registers: [this.registry] });
  readonly failures = new Counter({ name: "evident_scanner_failures_total", help: "Units (account/region, cluster, path) whose run failed", labelNames: ["source", "unit"], registers: [this.registry] });
  readonly skipped = new Counter({ name: "evident_scanner_runs_skipped_total", help: "Scheduled runs skipped because the previous run was still going", labelNames: ["source"], registers: [this.registry] });
  readonly status = new Map<string, SourceStatus>();
  stopping = false;

  constructor(defaultMetrics = false) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  statusOf(source: string): SourceStatus {
    let s = this.status.get(source);
    if (!s) this.status.set(source, (s = { running: false }));
    return s;
  }
}

/** Starts the HTTP server; /healthz is 200 while the scanner runs, 503 once it is shutting down. */
export async function startMetricsServer(metrics: ScannerMetrics, host: string, port: number): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  app.get("/metrics", async (_req, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get("/healthz", async (_req, reply) => {
    const sources = Object.fromEntries(metrics.status);
    reply.code(metrics.stopping ? 503 : 200);
    return { status: metrics.stopping ? "stopping" : "ok", sources };
  });
  const url = await app.listen({ host, port });
  return { app, url };
}
