// The file backend writer: one chain in one directory, group commit with fdatasync before ack.
import { ChainState } from "../chain.js";
import { Checkpointer } from "../checkpointer.js";
import type { SignedCheckpoint } from "../checkpoint.js";
import { GroupCommitter } from "../groupcommit.js";
import { checkChainId, defaultChainId, preparePending, type EvidenceLog, type EvidenceLogStats, type FileLogConfig } from "../log.js";
import type { EvidenceRecord, PendingRecord, RecordInput } from "../record.js";
import { ChainDir } from "./chaindir.js";
import type { ChainHead } from "../chain.js";
import { LogError } from "../errors.js";

export class FileLog implements EvidenceLog {
  private readonly committer: GroupCommitter<PendingRecord, EvidenceRecord>;
  private closing = false;

  private constructor(
    private readonly config: FileLogConfig,
    private readonly store: ChainDir,
    private readonly state: ChainState,
    private readonly checkpointer: Checkpointer,
  ) {
    this.committer = new GroupCommitter((batch) => this.commit(batch), config.maxBatch ?? 4096);
  }

  static async open(config: FileLogConfig): Promise<FileLog> {
    const chain = checkChainId(config.chain ?? defaultChainId(config.source));
    const store = await ChainDir.open(config.dir, chain, { segmentMaxBytes: config.segmentMaxBytes, fsync: config.fsync });
    const state = new ChainState(chain, store.head);
    const checkpointer = new Checkpointer(
      chain,
      config.signer,
      store.uncheckpointedFrom,
      store.uncheckpointed,
      (cp) => store.writeCheckpoint(cp),
      config.checkpoint,
      config.onError,
    );
    return new FileLog(config, store, state, checkpointer);
  }

  get chain(): string {
    return this.state.chain;
  }

  /** What open() found and cut (torn tail). */
  get recovery() {
    return this.store.recovery;
  }

  async append(input: RecordInput): Promise<EvidenceRecord> {
    if (this.closing) throw new LogError("LOG_CLOSED", "the evidence log is closed");
    const pending = preparePending(input, this.config);
    return this.committer.submit(pending);
  }

  private async commit(batch: PendingRecord[]): Promise<EvidenceRecord[]> {
    const { records, lines } = this.state.sealNext(batch);
    await this.store.writeRecords(records, lines);
    this.state.commit(records);
    this.checkpointer.added(records);
    return records;
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
    return { commit: { ...this.committer.stats } };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.committer.flush();
    try {
      if (this.checkpointer.pending > 0) await this.checkpointer.run();
    } catch (e) {
      this.config.onError?.(e);
    } finally {
      await this.checkpointer.stop();
      await this.store.close();
    }
  }
}
