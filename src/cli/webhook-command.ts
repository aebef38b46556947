// `evident webhook`: serve the Kubernetes validating admission webhook. Wiring only; the server is
// src/webhook/ (loaded when the command runs, so other commands do not pay for fastify).
import { InvalidArgumentError, type Command } from "commander";
import { runAction } from "./errors.js";

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError("must be a port number (1-65535)");
  return n;
}

function count(max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return n;
  };
}

function millis(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("must be a whole number of milliseconds");
  return n;
}

interface Flags {
  bundle: string;
  tlsCert: string;
  tlsKey: string;
  port: number;
  capabilities?: string;
  builtins?: string;
  host: string;
  config?: string;
  processes: number;
  shutdownDelay: number;
}

export function registerWebhookCommand(program: Command): void {
  program
    .command("webhook")
    .description("serve the validating admission webhook over HTTPS (TLS >= 1.2); reloads the TLS files, the bundle and the exceptions file when they change")
    .requiredOption("--bundle <file>", "policy bundle built by `evident build`")
    .requiredOption("--tls-cert <file>", "TLS certificate (PEM), e.g. from cert-manager")
    .requiredOption("--tls-key <file>", "TLS private key (PEM)")
    .option("--port <port>", "HTTPS port", port, 8443)
    .option("--host <address>", "address to listen on", "0.0.0.0")
    .option("--config <file>", "webhook configuration (YAML): enforcement, exemptions, exceptions, failure mode, deadline, evidence, logging")
    .option("--processes <n>", "webhook processes sharing the port (node:cluster), e.g. the pod's CPU limit", count(64), 1)
    .option("--capabilities <file>", "OPA capabilities JSON declaring extra builtins")
    .option("--builtins <module>", "JS module supplying the declared builtins")
    .option("--shutdown-delay <ms>", "on SIGTERM, report not ready for this long before closing (endpoints catch up)", millis, 3000)
    .action(
      runAction(async (o: Flags) => {
        const { loadWebhookConfig } = await import("../webhook/config.js");
        const clustering = await import("../webhook/cluster.js");
        const config = await loadWebhookConfig(o.config); // config errors end the command before any process starts
        if (clustering.isClusterPrimary(o.processes)) return clustering.runPrimary(o.processes);

        const { startWebhookServer } = await import("../webhook/server.js");
        const index = clustering.processIndex();
        let clusterMetrics: (() => Promise<string>) | undefined;
        if (index !== undefined && config.evidence.backend !== "none") config.evidence.instance = `${config.evidence.instance}-p${index}`;
        const { server } = await startWebhookServer({
          source: { bundle: o.bundle },
          tls: { certFile: o.tlsCert, keyFile: o.tlsKey },
          port: o.port,
          host: o.host,
          config,
          userBuiltins: { ...(o.capabilities ? { capabilities: o.capabilities } : {}), ...(o.builtins ? { builtins: o.builtins } : {}) },
          ...(index !== undefined ? { metricsText: (m) => (clusterMetrics ??= clustering.workerMetrics(m.registry))() } : {}),
        });
        // every process must answer the primary's collection, scraped or not
        if (index !== undefined) clusterMetrics ??= clustering.workerMetrics(server.metrics.registry);
        clustering.announceListening();
        await new Promise<void>((resolve) => {
          let stopping = false;
          const stop = (signal: string) => {
            if (stopping) return;
            stopping = true;
            server.log.info({ signal, delayMs: o.shutdownDelay }, "shutting down");
            server.close(o.shutdownDelay).then(resolve, (e: unknown) => {
              server.log.error({ err: { message: (e as Error)?.message } }, "shutdown failed");
              resolve();
            });
          };
          process.once("SIGTERM", () => stop("SIGTERM"));
          process.once("SIGINT", () => stop("SIGINT"));
          process.on("SIGHUP", () => void server.checkFiles());
        });
        // a cluster process stays alive while its IPC channel to the primary is open
        if (index !== undefined) process.disconnect?.();
        return 0;
      }),
    );
}
