// Decides when a writer signs a checkpoint: every `every` records, or `intervalMs` after the first
// record that no checkpoint covers yet. Checkpoints of one chain are made one at a time and in order;
// a failed one is retried with the next, so coverage has no holes.
import { createCheckpoint, type SignedCheckpoint } from "./checkpoint.js";
import type { EvidenceRecord } from "./record.js";
import type { Signer } from "./signer.js";
import { EvidenceError } from "./errors.js";
import { schemaErrors } from "./schemas.js";

export interface CheckpointPolicy {
  /** records per checkpoint (default 1000) */
  every?: number;
  /** at most this long between a record and the checkpoint that covers it (default 60 s) */
  intervalMs?: number;
}

export class Checkpointer {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly every: number;
  private readonly intervalMs: number;
  private stopped = false;
  lastError: unknown;

  constructor(
    private readonly chain: string,
    private readonly signer: Signer | undefined,
    private from: number,
    private readonly hashes: string[],
    private readonly write: (cp: SignedCheckpoint) => Promise<void>,
    policy: CheckpointPolicy = {},
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {
    this.every = policy.every ?? 1000;
    this.intervalMs = policy.intervalMs ?? 60_000;
    if (this.hashes.length) this.arm();
  }

  /** Records just made durable. */
  added(records: readonly EvidenceRecord[]): void {
    if (!this.signer || records.length === 0) return;
    for (const r of records) this.hashes.push(r.hash);
    if (this.hashes.length >= this.every) void this.run().catch(() => undefined);
    else this.arm();
  }

  get pending(): number {
    return this.hashes.length;
  }

  private arm(): void {
    if (this.timer || this.stopped || !this.signer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run().catch(() => undefined);
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Signs a checkpoint over every record not yet covered; null when there is none (or no signer). */
  run(): Promise<SignedCheckpoint | null> {
    const task = this.queue.then(async () => {
      if (!this.signer || this.hashes.length === 0) return null;
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      const n = this.hashes.length;
      try {
        const cp = await createCheckpoint(this.chain, this.from, this.hashes.slice(0, n), this.signer);
        const errors = schemaErrors("checkpoint", cp);
        if (errors.length) throw new EvidenceError("CHECKPOINT_SCHEMA_INVALID", `checkpoint does not match evidence/schemas/checkpoint.schema.json: ${errors.join("; ")}`);
        await this.write(cp);
        this.hashes.splice(0, n);
        this.from += n;
        return cp;
      } catch (e) {
        this.lastError = e;
        this.onError(e);
        this.arm();
        throw e;
      }
    });
    this.queue = task.catch(() => undefined);
    return task;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.queue;
  }
}
