// Prometheus metrics of one webhook server, in a registry of its own (never prom-client's global one).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type RequestMode = "enforce" | "dryrun" | "exempt";

export class WebhookMetrics {
  readonly registry = new Registry();
  /** Admission requests answered, by operation, decision (allow, deny, warn, dryrun, error) and mode. */
  readonly requests: Counter<"operation" | "decision" | "mode">;
  readonly latency: Histogram<"operation">;
  readonly violations: Counter<"check" | "severity" | "action">;
  readonly evaluationErrors: Counter<"reason">;
  readonly bundleInfo: Gauge<"revision" | "digest">;
  readonly bundleReloads: Counter<"result">;
  readonly tlsReloads: Counter<"result">;
  readonly exceptionsReloads: Counter<"result">;
  readonly evidenceErrors: Counter;
  readonly badRequests: Counter<"reason">;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const r = [this.registry];
    this.requests = new Counter({
      name: "evident_webhook_requests_total",
      help: "Admission requests answered, by operation, decision (allow, deny, warn, dryrun, error) and mode (enforce, dryrun: a dryRun request, exempt)",
      labelNames: ["operation", "decision", "mode"],
      registers: r,
    });
    this.latency = new Histogram({
      name: "evident_webhook_request_duration_seconds",
      help: "Time from the request body parsed to the answer ready (evaluation, exceptions, evidence append)",
      labelNames: ["operation"],
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    });
    this.violations = new Counter({
      name: "evident_webhook_violations_total",
      help: "Findings by check, severity and what they did (deny, warn, dryrun, waived by an exception, exempt)",
      labelNames: ["check", "severity", "action"],
      registers: r,
    });
    this.evaluationErrors = new Counter({
      name: "evident_webhook_evaluation_errors_total",
      help: "Requests answered by the failure mode, by reason (deadline, internal, evidence, not_ready)",
      labelNames: ["reason"],
      registers: r,
    });
    this.bundleInfo = new Gauge({
      name: "evident_webhook_bundle_info",
      help: "The policy bundle serving now (value 1), by revision and digest",
      labelNames: ["revision", "digest"],
      aggregator: "max", // node:cluster: processes report the same bundle
      registers: r,
    });
    this.bundleReloads = new Counter({ name: "evident_webhook_bundle_reloads_total", help: "Policy bundle loads by result (success, failure)", labelNames: ["result"], registers: r });
    this.tlsReloads = new Counter({ name: "evident_webhook_tls_reloads_total", help: "TLS certificate reloads by result (success, failure)", labelNames: ["result"], registers: r });
    this.exceptionsReloads = new Counter({ name: "evident_webhook_exceptions_reloads_total", help: "Exceptions file reloads by result", labelNames: ["result"], registers: r });
    this.evidenceErrors = new Counter({ name: "evident_webhook_evidence_errors_total", help: "Decisions whose evidence record could not be written", registers: r });
    this.badRequests = new Counter({ name: "evident_webhook_bad_requests_total", help: "Bodies refused before evaluation, by reason", labelNames: ["reason"], registers: r });
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: "evident_webhook_" });
  }

  setBundle(revision: string, digest: string): void {
    this.bundleInfo.reset();
    this.bundleInfo.set({ revision, digest }, 1);
  }
}
