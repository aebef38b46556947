// What the scanner's sources and the runner share.
import type { Finding } from "../engine/finding.js";
import type { Decision, EvidenceRecord } from "../evidence/index.js";
import type { RecordActor } from "../evidence/record.js";
import type { Inventory, InputDocument } from "../inputs/index.js";

export type { RecordActor };

/** One unit of work of a source: what is sharded, checkpointed and reported on its own. */
export interface Unit {
  /** "<source>/<account>/<region>", "<source>/aggregator/<name>", "<source>". */
  key: string;
  /** Evidence references of this unit start with this (recovery finds the unit's records by it). */
  refPrefix: string;
  /** For logs and metrics: "111122223333/eu-west-1", "cluster prod" ... */
  label: string;
}

/** One document to evaluate and record. */
export interface EvalItem {
  doc: InputDocument;
  /** Unique within the source: "<source>:<account>/<region>/<type>/<id>", "<source>:<file>#<n>" ... */
  reference: string;
  actor?: RecordActor | null;
  /** data.inventory for Kubernetes documents (cross-object checks). */
  inventory?: Inventory;
}

/** A document that could not even be made into an input (e.g. an event whose JSON does not parse). */
export interface BrokenItem {
  reference: string;
  kind: string;
  /** What is digested as the subject: the raw text received. */
  raw: string;
  error: string;
}

export interface FindingSummary {
  check: string;
  severity: Finding["severity"];
  controls: string[];
  message: string;
  /** Exception id when an active exception waives it. */
  waiver?: string;
  path?: string;
}

export interface Outcome {
  reference: string;
  decision: Decision;
  findings: FindingSummary[];
  /** Evaluated before a restart and found again in the evidence log: not evaluated again. */
  recovered: boolean;
  error?: string;
}

export interface UnitContext<S> {
  readonly source: string;
  readonly unit: Unit;
  /** Aborted on SIGTERM: finish the batch at hand, save, return. */
  readonly signal: AbortSignal;
  /** The unit's state from its last checkpoint. */
  readonly state: S | undefined;
  /** Saves the state (at most once a second unless `force`); call after each batch is recorded. */
  save(state: S, opts?: { force?: boolean }): Promise<void>;
  /** Evaluates the items not already recorded before a restart, appends evidence, resolves when durable. */
  record(items: EvalItem[], broken?: BrokenItem[]): Promise<Outcome[]>;
  /** References recorded after the last checkpoint (an interrupted batch), with their records. */
  readonly recovered: ReadonlyMap<string, EvidenceRecord>;
  log(level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>): void;
  /** Seq of the evidence chain's head (durable records). */
  headSeq(): number;
  /** This unit's records in this shard's chain after `afterSeq` (e.g. the earlier part of a resumed run). */
  history(afterSeq: number): Promise<EvidenceRecord[]>;
}

export interface UnitResult {
  items: number;
  /** The run stopped early (SIGTERM); the checkpoint holds the position. */
  interrupted?: boolean;
  /** Problems that did not stop the unit (write-back failures, items that could not be read). */
  warnings?: string[];
}

export interface ScannerSource<S = unknown> {
  readonly name: string;
  readonly type: string;
  /** Every unit of the source (the runner keeps the ones of its shard). */
  units(): Promise<Unit[]>;
  runUnit(unit: Unit, ctx: UnitContext<S>): Promise<UnitResult>;
}

export interface Logger {
  (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>): void;
}
