// `evident keys generate`, `evident evidence export`, `evident evidence verify`: wiring to
// src/evidence/cli.ts, which returns the exit code (0 ok, 1 failed/not verified, 2 usage error).
import type { Command } from "commander";
import { exportCmd, keysGenerate, verifyCmd } from "../evidence/cli.js";
import type { LogReaderConfig } from "../evidence/index.js";
import { runAction } from "./errors.js";
import { UsageError } from "./outputs.js";

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

export function registerEvidenceCommands(program: Command): void {
  const keys = program.command("keys").description("signing keys for evidence");
  keys
    .command("generate")
    .description("generate an Ed25519 key pair: PREFIX.key (mode 0600) and PREFIX.pub")
    .option("--out <prefix>", "path prefix of the two files", "evident")
    .option("--force", "overwrite existing files")
    .action(runAction((o: { out: string; force?: boolean }) => keysGenerate({ out: o.out, force: !!o.force })));

  const evidence = program.command("evidence").description("export and verify signed evidence bundles");
  evidence
    .command("export")
    .description("export the evidence records of a period as a signed, self-verifying bundle (tar.gz)")
    .requiredOption("--out <file>", "bundle to write, e.g. evidence-2026-Q1.tar.gz")
    .option("--log-dir <dir>", "file evidence log (the directory given to scan --evidence-dir)")
    .option("--postgres <url>", "PostgreSQL evidence log (connection string) instead of --log-dir")
    .option("--pg-schema <name>", "schema of the PostgreSQL log", "evident")
    .option("--from <time>", "start of the period (ISO 8601 date or time)", "1970-01-01T00:00:00Z")
    .option("--to <time>", "end of the period (ISO 8601 date or time; default now)")
    .option("--key <file>", "Ed25519 private key signing the bundle")
    .option("--kms-key <id>", "AWS KMS key (id, ARN or alias) signing the bundle, instead of --key")
    .option("--kms-region <region>", "AWS region of the KMS key")
    .option("--kms-endpoint <url>", "KMS endpoint URL")
    .option("--signer-name <name>", "shown as 'Signed by' in the report")
    .option("--catalog <file>", "control catalog (catalog.json) to include")
    .option("--bundle <file>", "policy bundle in force, as FILE or FILE@sha256:<hex> (repeatable)", collect)
    .option("--control <id>", "report only this control (repeatable)", collect)
    .option("--source <source>", "only chains of this source: scan, webhook, scanner, an instance or type:instance (repeatable)", collect)
    .option("--checkpoint-key <file>", "public key of another checkpoint signer (repeatable)", collect)
    .option("--title <title>", "report title")
    .action(
      runAction((o: Record<string, unknown>) => {
        const logDir = o["logDir"] as string | undefined;
        const pg = o["postgres"] as string | undefined;
        if (!!logDir === !!pg) throw new UsageError("give the evidence log: --log-dir DIR or --postgres URL");
        const log: LogReaderConfig = logDir ? { backend: "file", dir: logDir } : { backend: "postgres", connectionString: pg!, schema: o["pgSchema"] as string };
        const list = (k: string) => ((o[k] as string[] | undefined)?.length ? (o[k] as string[]) : undefined);
        return exportCmd({
          from: o["from"] as string,
          to: (o["to"] as string | undefined) ?? new Date().toISOString(),
          out: o["out"] as string,
          log,
          ...(o["key"] ? { key: o["key"] as string } : {}),
          ...(o["kmsKey"] ? { kmsKeyId: o["kmsKey"] as string } : {}),
          ...(o["kmsRegion"] ? { kmsRegion: o["kmsRegion"] as string } : {}),
          ...(o["kmsEndpoint"] ? { kmsEndpoint: o["kmsEndpoint"] as string } : {}),
          ...(o["signerName"] ? { signerName: o["signerName"] as string } : {}),
          ...(o["catalog"] ? { catalog: o["catalog"] as string } : {}),
          ...(o["title"] ? { title: o["title"] as string } : {}),
          ...(list("bundle") ? { bundles: list("bundle") } : {}),
          ...(list("control") ? { controls: list("control") } : {}),
          ...(list("source") ? { sources: list("source") } : {}),
          ...(list("checkpointKey") ? { checkpointKeys: list("checkpointKey") } : {}),
        });
      }),
    );
  evidence
    .command("verify")
    .description("verify an evidence bundle offline against a trusted public key")
    .argument("<bundle>", "evidence bundle (tar.gz)")
    .requiredOption("--key <file>", "trusted public key (PEM)")
    .action(runAction((bundle: string, o: { key: string }) => verifyCmd({ bundle, key: o.key })));
}
