// The PostgreSQL backend writer. One chain per writer process (a fresh chain id per open, so replicas
// that come and go never share one). Appends are group-committed as one INSERT per batch. When the
// database is unreachable the same sealed records go to a local file spool (the file backend, fsync'd),
// and are drained into PostgreSQL in order when it answers again; only then do new batches go
// straight to the database. Spools left by a writer that died are drained by the next writer.
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { ChainState, type ChainHead } from "../chain.js";
import type { SignedCheckpoint } from "../checkpoint.js";
import { Checkpointer } from "../checkpointer.js";
import { LogError } from "../errors.js";
import { ChainDir, chainDirName } from "../filelog/chaindir.js";
import { FileLogReader } from "../filelog/reader.js";
import { GroupCommitter } from "../groupcommit.js";
import { checkChainId, defaultChainId, preparePending, type EvidenceLog, type EvidenceLogStats, type PgLogConfig } from "../log.js";
import type { EvidenceRecord, PendingRecord, RecordInput } from "../record.js";
import { PgStore, isUnavailable } from "./store.js";

const DRAIN_BATCH = 2000;

export class PgLog implements EvidenceLog {
  private readonly committer: GroupCommitter<PendingRecord, EvidenceRecord>;
  private mode: "online" | "spooling" = "online";
  private spool: ChainDir | undefined;
  /** spooled checkpoints not yet in PostgreSQL */
  private spooledCheckpoints: SignedCheckpoint[] = [];
  private lastAttempt = 0;
  private exclusiveTail: Promise<unknown> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private counters = { spooled: 0, drained: 0 };
  readonly checkpointer: Checkpointer;

  private constructor(
    private readonly config: PgLogConfig,
    private readonly store: PgStore,
    private readonly state: ChainState,
  ) {
    this.committer = new GroupCommitter((batch) => this.exclusive(() => this.commit(batch)), config.maxBatch ?? 4096);
    this.checkpointer = new Checkpointer(state.chain, config.signer, state.head.seq + 1, [], (cp) => this.writeCheckpoint(cp), config.checkpoint, config.onError);
  }

  static async open(config: PgLogConfig): Promise<PgLog> {
    const chain = checkChainId(config.chain ?? `${defaultChainId(config.source)}/${uuidv7()}`);
    const pool = new pg.Pool({
      connectionString: config.connectionString,
      max: 2,
      connectionTimeoutMillis: 2000,
      ...config.pool,
    });
    pool.on("error", (e) => config.onError?.(e)); // idle client lost: reported, never fatal
    const store = new PgStore(pool, config.schema ?? "evident");
    let head: ChainHead = { seq: 0, hash: "0".repeat(64) };
    if (config.chain) {
      // An explicit chain id continues where it stopped: PostgreSQL's head, or the spool's if later.
      try {
        head = (await store.head(chain)) ?? head;
      } catch (e) {
        if (!isUnavailable(e)) throw e;
        throw new LogError("LOG_UNAVAILABLE", `cannot read the head of chain ${chain}: the database is unreachable`, { cause: e });
      }
    }
    const log = new PgLog(config, store, new ChainState(chain, head));
    void log.exclusive(() => log.drainLeftovers()).catch((e) => config.onError?.(e));
    return log;
  }

  get chain(): string {
    return this.state.chain;
  }

  async append(input: RecordInput): Promise<EvidenceRecord> {
    if (this.closing) throw new LogError("LOG_CLOSED", "the evidence log is closed");
    return this.committer.submit(preparePending(input, this.config));
  }

  /** Runs fn after every earlier exclusive section: commits, drains and checkpoint writes never interleave. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(fn);
    this.exclusiveTail = run.catch(() => undefined);
    return run;
  }

  private async commit(batch: PendingRecord[]): Promise<EvidenceRecord[]> {
    const { records, lines } = this.state.sealNext(batch);
    if (this.mode === "spooling" && Date.now() - this.lastAttempt >= (this.config.retryMs ?? 1000)) {
      await this.tryDrain();
    }
    if (this.mode === "online") {
      try {
        await this.store.insertRecords(records);
      } catch (e) {
        if (!isUnavailable(e)) throw e;
        this.enterSpooling(e);
        await this.spoolRecords(records, lines);
      }
    } else {
      await this.spoolRecords(records, lines);
    }
    this.state.commit(records);
    this.checkpointer.added(records);
    return records;
  }

  private enterSpooling(cause: unknown): void {
    if (this.mode !== "spooling") {
      this.mode = "spooling";
      this.lastAttempt = Date.now();
      this.config.onError?.(new LogError("LOG_SPOOLING", `PostgreSQL unreachable; spooling chain ${this.chain} to ${this.config.spoolDir}`, { cause }));
    }
    this.armRetry();
  }

  private armRetry(): void {
    if (this.retryTimer || this.closing) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.mode === "spooling") {
        void this.exclusive(() => this.tryDrain()).catch((e) => this.config.onError?.(e));
      }
    }, this.config.retryMs ?? 1000);
    this.retryTimer.unref();
  }

  private async spoolRecords(records: EvidenceRecord[], lines: string[]): Promise<void> {
    if (!this.spool) this.spool = await ChainDir.open(this.config.spoolDir, this.chain, { spool: true });
    await this.spool.writeRecords(records, lines);
    this.counters.spooled += records.length;
  }

  /** Moves every spooled record (then checkpoint) into PostgreSQL, in order; goes online on success. */
  private async tryDrain(): Promise<void> {
    this.lastAttempt = Date.now();
    try {
      if (this.spool) {
        const dir = this.spool.dir;
        await this.drainDir(dir, this.chain);
        await this.spool.close();
        this.spool = undefined;
        await rm(dir, { recursive: true, force: true });
      }
      for (const cp of this.spooledCheckpoints) await this.store.insertCheckpoint(cp);
      this.spooledCheckpoints = [];
      this.mode = "online";
      await this.drainLeftovers();
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      this.armRetry();
    }
  }

  /** Inserts the records (and checkpoints) of a spool directory that PostgreSQL does not hold yet. */
  private async drainDir(dir: string, chain: string): Promise<void> {
    const have = await this.store.maxSeq(chain);
    const reader = new FileLogReader(join(dir, ".."));
    let batch: EvidenceRecord[] = [];
    for await (const r of reader.records(chain)) {
      if (r.seq <= have) continue;
      batch.push(r);
      if (batch.length >= DRAIN_BATCH) {
        await this.store.insertRecords(batch);
        this.counters.drained += batch.length;
        batch = [];
      }
    }
    if (batch.length) {
      await this.store.insertRecords(batch);
      this.counters.drained += batch.length;
    }
    for (const cp of await reader.checkpoints(chain)) await this.store.insertCheckpoint(cp);
  }

  /** Spools other writers left behind (they crashed while the database was down). */
  private async drainLeftovers(): Promise<void> {
    const names = await readdir(this.config.spoolDir).catch(() => [] as string[]);
    const reader = new FileLogReader(this.config.spoolDir);
    const chains = await reader.chains();
    for (const chain of chains) {
      if (chain === this.chain) continue;
      if (!names.includes(chainDirName(chain))) continue;
      let dir: ChainDir;
      try {
        dir = await ChainDir.open(this.config.spoolDir, chain, { spool: true }); // takes the lock: skips live writers
      } catch (e) {
        if ((e as LogError).code === "LOG_LOCKED") continue;
        throw e;
      }
      try {
        await this.drainDir(dir.dir, chain);
      } finally {
        await dir.close();
      }
      await rm(dir.dir, { recursive: true, force: true });
    }
  }

  private writeCheckpoint(cp: SignedCheckpoint): Promise<void> {
    return this.exclusive(async () => {
      if (this.mode === "online") {
        try {
          await this.store.insertCheckpoint(cp);
          return;
        } catch (e) {
          if (!isUnavailable(e)) throw e;
          this.enterSpooling(e);
        }
      }
      if (!this.spool) this.spool = await ChainDir.open(this.config.spoolDir, this.chain, { spool: true });
      await this.spool.writeCheckpoint(cp);
      this.spooledCheckpoints.push(cp);
    });
  }

  flush(): Promise<void> {
    return this.committer.flush();
  }

  async checkpoint(): Promise<SignedCheckpoint | null> {
    await this.flush();
    return this.checkpointer.run();
  }

  head(): ChainHead {
    return this.state.head;
  }

  stats(): EvidenceLogStats {
    return { commit: { ...this.committer.stats }, spooled: this.counters.spooled, drained: this.counters.drained, mode: this.mode };
  }

  /** Resolves when the spool is empty and records go straight to PostgreSQL (tests, shutdown). */
  async drain(): Promise<boolean> {
    await this.flush();
    if (this.mode === "spooling") await this.exclusive(() => this.tryDrain());
    return this.mode === "online";
  }

  async close(): Promise<void> {
    if (this.closing) return;
    await this.flush();
    try {
      if (this.checkpointer.pending > 0) await this.checkpointer.run();
    } catch (e) {
      this.config.onError?.(e);
    }
    await this.checkpointer.stop();
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.mode === "spooling") await this.exclusive(() => this.tryDrain()).catch((e) => this.config.onError?.(e));
    await this.exclusiveTail;
    await this.spool?.close(); // an undrained spool stays on disk; the next writer drains it
    await this.store.pool.end().catch(() => undefined);
  }
}
