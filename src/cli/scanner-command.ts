// `evident scanner --config scanner.yaml [--once]`: the periodic scanner (src/scanner/). A daemon by
// default (each source on its schedule, /metrics and /healthz when configured); --once runs every
// source once and exits: 0 when every unit succeeded, 2 when some failed, 3 when SIGTERM stopped the
// run (its position is checkpointed), 1 for a bad config.
import type { Command } from "commander";
import { runAction } from "./errors.js";

export function registerScannerCommand(program: Command): void {
  program
    .command("scanner")
    .description("scan AWS Config, CloudTrail, the live cluster and files on a schedule, recording evidence")
    .requiredOption("-c, --config <file>", "scanner config (YAML)")
    .option("--once", "run every source once and exit (CronJob, CI)")
    .action(
      runAction(async (o: { config: string; once?: boolean }) => {
        const { loadScannerConfig } = await import("../scanner/config.js");
        const { Scanner } = await import("../scanner/scanner.js");
        const { startMetricsServer } = await import("../scanner/metrics.js");
        const config = await loadScannerConfig(o.config);
        const scanner = await Scanner.create(config);
        const stop = new AbortController();
        const onSignal = (sig: string) => {
          if (stop.signal.aborted) return;
          process.stderr.write(`evident scanner: ${sig}: finishing the current batch and saving checkpoints\n`);
          scanner.metrics.stopping = true;
          stop.abort(new Error(sig));
        };
        process.on("SIGTERM", () => onSignal("SIGTERM"));
        process.on("SIGINT", () => onSignal("SIGINT"));
        let server: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
        try {
          if (o.once) {
            const reports = await scanner.runOnce(stop.signal);
            for (const r of reports) {
              process.stdout.write(
                `${r.source} (${r.type}): ${r.units.length} unit(s), ${r.items} item(s) evaluated, ${r.findings} finding(s), ${r.failures} failure(s)${r.interrupted ? ", interrupted" : ""}\n`,
              );
              for (const u of r.units) if (!u.ok) process.stdout.write(`  ${u.unit}: FAILED: ${u.error}\n`);
            }
            if (reports.some((r) => r.interrupted)) return 3;
            return reports.some((r) => r.failures > 0) ? 2 : 0;
          }
          if (config.metrics) server = await startMetricsServer(scanner.metrics, config.metrics.host ?? "0.0.0.0", config.metrics.port);
          await scanner.runDaemon(stop.signal);
          return 0;
        } finally {
          await server?.app.close();
          await scanner.close();
        }
      }),
    );
}
