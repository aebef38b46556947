// The public face of the decision log: openEvidenceLog(config) for writers, openLogReader(config)
// for export. Backends: "file" (embedded default) and "postgres" (spools to files when unreachable).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChainHead } from "./chain.js";
import type { SignedCheckpoint } from "./checkpoint.js";
import type { CheckpointPolicy } from "./checkpointer.js";
import { RecordInvalidError } from "./errors.js";
import { pendingFromInput, type EvidenceRecord, type PendingRecord, type RecordInput, type RecordSource } from "./record.js";
import { schemaErrors } from "./schemas.js";
import type { Signer } from "./signer.js";
import type { GroupCommitStats } from "./groupcommit.js";

export interface CommonLogConfig {
  /** Chain id of this writer. File backend default: "<source.type>-<source.instance>"; PostgreSQL default: that plus a fresh UUIDv7 per open. */
  chain?: string;
  /** Who writes (used for the default chain id). */
  source?: RecordSource;
  /** Signs checkpoints. Without a signer no checkpoints are written. */
  signer?: Signer;
  checkpoint?: CheckpointPolicy;
  /** Explicit opt-in: accept subject.content (the evaluated object) in records. Default false. */
  includeContents?: boolean;
  /** Engine version stamped on records; default "evident/<package version>". */
  engineVersion?: string;
  /** Most records per group commit (default 4096). */
  maxBatch?: number;
  /** Called with errors that have no caller to go to (background checkpoint or drain failures). */
  onError?: (e: unknown) => void;
}

export interface FileLogConfig extends CommonLogConfig {
  backend: "file";
  dir: string;
  segmentMaxBytes?: number;
  /** fdatasync before acknowledging; default true. */
  fsync?: boolean;
}

export interface PgLogConfig extends CommonLogConfig {
  backend: "postgres";
  /** libpq connection string or pg Pool config. */
  connectionString?: string;
  pool?: import("pg").PoolConfig;
  /** Schema holding the tables (created beforehand by migrate()). Default "evident". */
  schema?: string;
  /** Where records spool while the database is unreachable. */
  spoolDir: string;
  /** How often to retry the database while spooling (default 1000 ms). */
  retryMs?: number;
}

export type EvidenceLogConfig = FileLogConfig | PgLogConfig;

export interface EvidenceLogStats {
  commit: GroupCommitStats;
  spooled?: number;
  drained?: number;
  mode?: "online" | "spooling";
}

export interface EvidenceLog {
  readonly chain: string;
  /** Appends a record; resolves once it is durable (fsync'd, or committed in PostgreSQL, or spooled). */
  append(input: RecordInput): Promise<EvidenceRecord>;
  /** Resolves when every append made so far is durable. */
  flush(): Promise<void>;
  /** Signs a checkpoint over the records no checkpoint covers yet (null when none or no signer). */
  checkpoint(): Promise<SignedCheckpoint | null>;
  head(): ChainHead;
  stats(): EvidenceLogStats;
  /** Flushes, writes a last checkpoint, releases the writer lock. */
  close(): Promise<void>;
}

export interface ChainSummary {
  chain: string;
  count: number;
  firstSeq: number;
  lastSeq: number;
}

/** Read access for export and verification of a live log. */
export interface LogReader {
  chains(): Promise<string[]>;
  /** Records of a chain in seq order. `around` narrows to the contiguous seq range whose times fall in it (a hint; callers filter again). */
  records(chain: string, around?: { from: Date; to: Date }): AsyncIterable<EvidenceRecord>;
  checkpoints(chain: string): Promise<SignedCheckpoint[]>;
  close(): Promise<void>;
}

let pkgVersion: string | undefined;
export function defaultEngineVersion(): string {
  if (!pkgVersion) {
    try {
      const pkg = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../package.json"), "utf8")) as { version?: string };
      pkgVersion = pkg.version ?? "0.0.0";
    } catch {
      pkgVersion = "0.0.0";
    }
  }
  return `evident/${pkgVersion}`;
}

export const CHAIN_ID_RE = /^[A-Za-z0-9._:/@-]{1,200}$/;

/** Throws CONFIG_INVALID for a chain id the record schema would refuse. */
export function checkChainId(chain: string): string {
  if (!CHAIN_ID_RE.test(chain)) {
    throw new RecordInvalidError("CONFIG_INVALID", `chain id ${JSON.stringify(chain)} must be 1-200 characters of A-Z a-z 0-9 . _ : / @ -`);
  }
  return chain;
}

export function defaultChainId(source: RecordSource | undefined): string {
  if (!source) return "default";
  return `${source.type}-${source.instance}`.replace(/[^A-Za-z0-9._:/@-]/g, "_");
}

/**
 * Turns an append() input into a pending record, or throws RecordInvalidError: the privacy rule
 * (no subject.content without includeContents) and the record JSON Schema.
 */
export function preparePending(input: RecordInput, cfg: Pick<CommonLogConfig, "includeContents" | "engineVersion">): PendingRecord {
  if (!input || typeof input !== "object") throw new RecordInvalidError("RECORD_INVALID", "record input must be an object");
  if (input.subject && (input.subject as { content?: unknown }).content !== undefined && !cfg.includeContents) {
    throw new RecordInvalidError(
      "CONTENT_NOT_ALLOWED",
      "subject.content was given but the log keeps digests only; set includeContents: true in the evidence config to store contents",
    );
  }
  let pending: PendingRecord;
  try {
    pending = pendingFromInput(input, { engineVersion: cfg.engineVersion ?? defaultEngineVersion() });
  } catch (e) {
    throw new RecordInvalidError("RECORD_INVALID", `record input is malformed: ${(e as Error).message}`);
  }
  const errors = schemaErrors("record-pending", pending);
  if (errors.length) throw new RecordInvalidError("RECORD_SCHEMA_INVALID", `record does not match evidence/schemas/record.schema.json: ${errors.join("; ")}`, errors);
  return pending;
}

export async function openEvidenceLog(config: EvidenceLogConfig): Promise<EvidenceLog> {
  if (config.backend === "file") {
    const { FileLog } = await import("./filelog/writer.js");
    return FileLog.open(config);
  }
  if (config.backend === "postgres") {
    const { PgLog } = await import("./pglog/writer.js");
    return PgLog.open(config);
  }
  throw new RecordInvalidError("CONFIG_INVALID", `unknown evidence backend ${(config as { backend?: unknown }).backend as string}`);
}

export type LogReaderConfig = { backend: "file"; dir: string } | { backend: "postgres"; connectionString?: string; pool?: import("pg").PoolConfig; schema?: string };

export async function openLogReader(config: LogReaderConfig): Promise<LogReader> {
  if (config.backend === "file") {
    const { FileLogReader } = await import("./filelog/reader.js");
    return new FileLogReader(config.dir);
  }
  const { PgLogReader } = await import("./pglog/reader.js");
  return PgLogReader.open(config);
}
