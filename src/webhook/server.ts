// The admission webhook server: fastify over HTTPS (TLS >= 1.2), three encapsulated plugins (probes,
// metrics, admission) sharing one WebhookRuntime object that this file creates per server; nothing
// lives in module globals. Hot reload: the TLS certificate and key (setSecureContext: new connections
// get the new certificate, open ones go on), the policy bundle (a bundle that fails to load is refused,
// logged and counted; the old one keeps serving) and the exceptions file.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createSecureContext, type SecureContextOptions } from "node:tls";
import type { Server as HttpsServer } from "node:https";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyPluginAsync } from "fastify";
import type { UserBuiltinFiles } from "../engine/user-builtins.js";
import { loadExceptions, type ExceptionEntry } from "../engine/exceptions.js";
import { fileKeySigner, openEvidenceLog, type EvidenceLog, type EvidenceLogConfig } from "../evidence/index.js";
import { resolveWebhookConfig, type WebhookConfig } from "./config.js";
import { Decider, type DeciderState } from "./decide.js";
import { InlineEvaluator, describeSource, type Evaluator, type LoadedBundle, type PolicySource, type WebhookEngineOptions } from "./evaluator.js";
import { WebhookMetrics } from "./metrics.js";
import { PoolEvaluator } from "./pool.js";
import { ADMISSION_RESPONSE_SCHEMA, ADMISSION_REVIEW_SCHEMA, ADMISSION_VERSIONS, type AdmissionReview } from "./review.js";
import { FileWatcher } from "./watch.js";

/** The API server's own request body limit. */
export const BODY_LIMIT = 3 * 1024 * 1024;
export const TLS_MIN_VERSION = "TLSv1.2" as const;

export interface WebhookServerOptions {
  source: PolicySource;
  tls: { certFile: string; keyFile: string };
  port?: number;
  host?: string;
  /** A resolved config (see loadWebhookConfig); default: all defaults. */
  config?: WebhookConfig;
  /** Where JSON log lines go (default stdout). */
  logStream?: { write(line: string): void };
  /** Evidence chain id; default "webhook-<instance>" (file backend), a fresh one per start (PostgreSQL). */
  chain?: string;
  /** User-declared builtins (`--capabilities`, `--builtins`), loaded by every evaluator (threads too). */
  userBuiltins?: UserBuiltinFiles;
  /** Where /metrics text comes from; default this server's registry (a cluster worker asks the primary). */
  metricsText?: (registry: WebhookMetrics) => Promise<string>;
}

/** Everything a server instance owns; handed to its plugins. */
export interface WebhookRuntime {
  config: WebhookConfig;
  metrics: WebhookMetrics;
  metricsText(): Promise<string>;
  decider: Decider;
  ready(): { ready: boolean; reason?: string; bundle?: LoadedBundle };
}

const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.body",
  "body",
  "request.object",
  "request.oldObject",
  "object",
  "oldObject",
  "*.object",
  "*.oldObject",
  "userInfo.extra",
  "*.userInfo.extra",
];

async function readTls(tls: WebhookServerOptions["tls"]): Promise<SecureContextOptions> {
  const [cert, key] = await Promise.all([readFile(tls.certFile), readFile(tls.keyFile)]);
  const opts: SecureContextOptions = { cert, key, minVersion: TLS_MIN_VERSION };
  createSecureContext(opts); // throws on a key that does not match the certificate, or unreadable PEM
  return opts;
}

// ---- plugins --------------------------------------------------------------------------------------

const probesPlugin: FastifyPluginAsync<{ runtime: WebhookRuntime }> = async (app, { runtime }) => {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    const r = runtime.ready();
    if (!r.ready) return reply.code(503).send({ status: "not ready", reason: r.reason });
    return { status: "ready", bundle: { revision: r.bundle!.revision, digest: r.bundle!.digest } };
  });
};

const metricsPlugin: FastifyPluginAsync<{ runtime: WebhookRuntime }> = async (app, { runtime }) => {
  app.get("/metrics", async (req, reply) => {
    let text: string;
    try {
      text = await runtime.metricsText();
    } catch (e) {
      req.log.warn({ err: { message: (e as Error)?.message } }, "metrics not collected");
      return reply.code(503).send({ status: "metrics unavailable", reason: (e as Error)?.message });
    }
    return reply.type(runtime.metrics.registry.contentType).send(text);
  });
};

function describeValidation(err: FastifyError): string {
  const v = err.validation?.[0];
  if (!v) return err.message;
  const field = ["body", ...v.instancePath.split("/").slice(1)].join(".");
  if (v.keyword === "required") return `${field}.${(v.params as { missingProperty: string }).missingProperty} is required`;
  if (v.keyword === "enum" && field === "body.apiVersion") return `body.apiVersion must be one of ${ADMISSION_VERSIONS.join(", ")}`;
  if (v.keyword === "const") return `${field} must be ${JSON.stringify((v.params as { allowedValue: unknown }).allowedValue)}`;
  return `${field} ${v.message ?? v.keyword}`;
}

const admissionPlugin: FastifyPluginAsync<{ runtime: WebhookRuntime }> = async (app, { runtime }) => {
  const { metrics, decider } = runtime;
  // fastify's own JSON parser (prototype-poisoning protection included), keeping the text: worker
  // threads get the text of the review rather than a clone of the parsed object
  const bodies = new WeakMap<object, string>();
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: BODY_LIMIT }, (req, body, done) => {
    if (runtime.config.evaluation.threads > 0) bodies.set(req, body as string);
    parseJson(req, body as string, done);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = err.statusCode ?? 500;
    let reason = "internal";
    let message: string;
    if (err.validation) {
      status = 400;
      reason = "not_admission_review";
      message = `not an AdmissionReview (${ADMISSION_VERSIONS.join(" or ")}): ${describeValidation(err)}`;
    } else if (err.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || (status === 400 && err instanceof SyntaxError)) {
      reason = "malformed_json";
      message = `the body is not valid JSON: ${err.message}`;
    } else if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      reason = "too_large";
      message = `the body is larger than ${BODY_LIMIT} bytes (3 MiB, the API server's limit)`;
    } else if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      reason = "media_type";
      message = "the body must be application/json";
    } else if (status >= 400 && status < 500) {
      reason = "bad_request";
      message = err.message;
    } else {
      message = "internal error";
      req.log.error({ err: { message: err.message, code: err.code } }, "admission request failed");
    }
    metrics.badRequests.inc({ reason });
    req.log.info({ status, reason }, "request refused");
    return reply.code(status).send({ statusCode: status, error: reason, message });
  });

  app.post<{ Body: AdmissionReview }>(
    "/v1/validate",
    { schema: { body: ADMISSION_REVIEW_SCHEMA, response: { 200: ADMISSION_RESPONSE_SCHEMA } } },
    async (req) => {
      const review = req.body;
      const outcome = await decider.decide(review.request, bodies.get(req));
      return { apiVersion: review.apiVersion, kind: "AdmissionReview", response: outcome.response };
    },
  );
};

// ---- the server --------------------------------------------------------------------------------

export class WebhookServer {
  readonly app: FastifyInstance;
  readonly metrics: WebhookMetrics;
  readonly log: FastifyBaseLogger;
  private evaluator: Evaluator;
  private exceptions: readonly ExceptionEntry[] = [];
  private evidence: EvidenceLog | undefined;
  private watchers: FileWatcher[] = [];
  private bundleError: string | undefined = "not loaded yet";
  private draining = false;
  private readonly state: DeciderState;

  private constructor(
    readonly options: WebhookServerOptions,
    readonly config: WebhookConfig,
    tls: SecureContextOptions,
  ) {
    this.metrics = new WebhookMetrics();
    this.app = Fastify({
      https: { ...tls },
      bodyLimit: BODY_LIMIT,
      logger: {
        level: config.logging.level,
        redact: { paths: REDACT, censor: "[redacted]" },
        base: { service: "evident-webhook" },
        ...(options.logStream ? { stream: options.logStream } : {}),
      },
      logController: new LogController({ disableRequestLogging: true }),
      ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
      return503OnClosing: true,
      keepAliveTimeout: 65_000,
      forceCloseConnections: "idle",
    }) as unknown as FastifyInstance;
    this.log = this.app.log;
    const engineOpts: WebhookEngineOptions = {};
    if (config.policyConfig) engineOpts.config = config.policyConfig;
    if (options.userBuiltins) engineOpts.userBuiltins = options.userBuiltins;
    this.evaluator =
      config.evaluation.threads > 0
        ? new PoolEvaluator(
            config.evaluation.threads,
            engineOpts,
            (e) => this.log.warn({ event: e.type, reason: e.reason }, "evaluation worker replaced"),
            config.evaluation.replaceStuckAfterMs,
          )
        : new InlineEvaluator(engineOpts);
    this.state = { config, evaluator: this.evaluator, exceptions: [], evidence: undefined, instance: this.instance };
    const decider = new Decider(() => this.state, this.metrics, this.log);
    const metricsText = options.metricsText;
    const runtime: WebhookRuntime = {
      config,
      metrics: this.metrics,
      metricsText: metricsText ? () => metricsText(this.metrics) : () => this.metrics.registry.metrics(),
      decider,
      ready: () => this.readiness(),
    };
    void this.app.register(probesPlugin, { runtime });
    void this.app.register(metricsPlugin, { runtime });
    void this.app.register(admissionPlugin, { runtime });
  }

  get instance(): string {
    return this.config.evidence.backend === "none" ? "webhook" : this.config.evidence.instance;
  }

  /** Creates a server: reads TLS (fails if unusable), opens evidence, loads policies (readiness waits for them). */
  static async create(options: WebhookServerOptions): Promise<WebhookServer> {
    const config = options.config ?? resolveWebhookConfig({});
    const tls = await readTls(options.tls);
    const s = new WebhookServer(options, config, tls);
    try {
      s.evidence = await s.openEvidence();
      s.state.evidence = s.evidence;
      await s.loadExceptionsFile(true);
      await s.loadBundle("startup");
      await s.app.ready();
    } catch (e) {
      await s.close();
      throw e;
    }
    return s;
  }

  private async openEvidence(): Promise<EvidenceLog | undefined> {
    const ev = this.config.evidence;
    if (ev.backend === "none") return undefined;
    // file: one chain per replica, continued across restarts; PostgreSQL: the backend names a fresh chain per open
    const chain = this.options.chain ?? (ev.backend === "file" ? `webhook-${ev.instance}` : undefined);
    const common = {
      source: { type: "webhook" as const, instance: ev.instance },
      ...(chain ? { chain } : {}),
      ...(ev.signingKeyFile ? { signer: fileKeySigner(ev.signingKeyFile) } : {}),
      onError: (e: unknown) => this.log.error({ err: { message: (e as Error)?.message } }, "evidence log background error"),
    };
    const cfg: EvidenceLogConfig =
      ev.backend === "file"
        ? { backend: "file", dir: ev.dir, ...(ev.fsync !== undefined ? { fsync: ev.fsync } : {}), ...common }
        : { backend: "postgres", connectionString: ev.connectionString ?? (await readFile(ev.connectionStringFile!, "utf8")).trim(), spoolDir: ev.spoolDir, ...(ev.schema ? { schema: ev.schema } : {}), ...common };
    const log = await openEvidenceLog(cfg);
    this.log.info({ backend: ev.backend, chain: log.chain, acknowledge: ev.acknowledge }, "evidence log open");
    return log;
  }

  private readiness(): { ready: boolean; reason?: string; bundle?: LoadedBundle } {
    const bundle = this.evaluator.current();
    if (this.draining) return { ready: false, reason: "shutting down" };
    if (!bundle) return { ready: false, reason: `no policy bundle loaded: ${this.bundleError ?? "loading"}` };
    return { ready: true, bundle };
  }

  /** Loads the policy bundle; on failure the previous one keeps serving. Returns whether it loaded. */
  async loadBundle(why: "startup" | "reload"): Promise<boolean> {
    const source = this.options.source;
    const prev = this.evaluator.current();
    try {
      if ("bundle" in source && prev) {
        const digest = `sha256:${createHash("sha256").update(await readFile(source.bundle)).digest("hex")}`;
        if (digest === prev.digest) return true; // touched, not changed
      }
      const b = await this.evaluator.load(source);
      this.bundleError = undefined;
      this.metrics.bundleReloads.inc({ result: "success" });
      this.metrics.setBundle(b.revision, b.digest);
      this.log.info({ why, source: b.source, revision: b.revision, digest: b.digest, checks: b.checks, previous: prev?.revision }, "policy bundle loaded");
      return true;
    } catch (e) {
      const msg = (e as Error)?.message ?? String(e);
      if (!prev) this.bundleError = msg;
      this.metrics.bundleReloads.inc({ result: "failure" });
      this.log.error(
        { why, source: describeSource(source), err: { message: msg }, serving: prev ? { revision: prev.revision, digest: prev.digest } : null },
        prev ? "policy bundle refused; the previous bundle keeps serving" : "policy bundle failed to load; not ready",
      );
      return false;
    }
  }

  /** Re-reads the TLS certificate and key; a pair that does not load is refused and the old one kept. */
  async reloadTls(): Promise<boolean> {
    try {
      const ctx = await readTls(this.options.tls);
      (this.app.server as HttpsServer).setSecureContext(ctx);
      this.metrics.tlsReloads.inc({ result: "success" });
      this.log.info({ cert: this.options.tls.certFile }, "TLS certificate reloaded");
      return true;
    } catch (e) {
      this.metrics.tlsReloads.inc({ result: "failure" });
      this.log.warn({ cert: this.options.tls.certFile, err: { message: (e as Error)?.message } }, "TLS certificate not reloaded (will retry on the next change)");
      return false;
    }
  }

  /** Reads the exceptions file; invalid entries are left out (as in `evident scan`) and logged. */
  async loadExceptionsFile(startup = false): Promise<boolean> {
    const file = this.config.exceptionsFile;
    if (!file) return true;
    const { exceptions, errors } = await loadExceptions(file);
    for (const e of errors) this.log.warn({ file: e.file, line: e.line, message: e.message }, "exceptions file entry refused");
    if (errors.length && exceptions.length === 0) {
      this.metrics.exceptionsReloads.inc({ result: "failure" });
      if (startup) throw new Error(`${file}: ${errors[0]!.message}${errors[0]!.line ? ` (line ${errors[0]!.line})` : ""}`);
      this.log.error({ file, kept: this.exceptions.length }, "exceptions file refused; the previous exceptions stay in force");
      return false;
    }
    this.exceptions = exceptions;
    this.state.exceptions = exceptions;
    this.metrics.exceptionsReloads.inc({ result: "success" });
    this.log.info({ file, exceptions: exceptions.length, refused: errors.length }, "exceptions loaded");
    return true;
  }

  async listen(): Promise<{ port: number; address: string }> {
    await this.app.listen({ port: this.options.port ?? 8443, host: this.options.host ?? "0.0.0.0" });
    const addr = this.app.server.address();
    const port = typeof addr === "object" && addr ? addr.port : (this.options.port ?? 8443);
    await this.watch();
    return { port, address: typeof addr === "object" && addr ? addr.address : String(addr) };
  }

  private async watch(): Promise<void> {
    const every = this.config.reload.pollIntervalMs;
    const onError = (e: unknown) => this.log.error({ err: { message: (e as Error)?.message } }, "reload failed");
    const tls = new FileWatcher([this.options.tls.certFile, this.options.tls.keyFile], every, async () => void (await this.reloadTls()), onError);
    this.watchers.push(tls);
    const source = this.options.source;
    if ("bundle" in source) this.watchers.push(new FileWatcher([source.bundle], every, async () => void (await this.loadBundle("reload")), onError));
    if (this.config.exceptionsFile) this.watchers.push(new FileWatcher([this.config.exceptionsFile], every, async () => void (await this.loadExceptionsFile()), onError));
    await Promise.all(this.watchers.map((w) => w.start()));
  }

  /** Checks every watched file now (tests; SIGHUP). */
  async checkFiles(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.check()));
  }

  /** Readiness goes false, then after `delayMs` (endpoints catch up) the server stops and flushes evidence. */
  async close(delayMs = 0): Promise<void> {
    this.draining = true;
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    for (const w of this.watchers) w.stop();
    this.watchers = [];
    try {
      await this.app.close();
    } finally {
      await this.evaluator.close();
      if (this.evidence) {
        const ev = this.evidence;
        this.evidence = undefined;
        await ev.close();
      }
    }
  }
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<{ server: WebhookServer; port: number }> {
  const server = await WebhookServer.create(options);
  try {
    const { port } = await server.listen();
    return { server, port };
  } catch (e) {
    await server.close();
    throw e;
  }
}
