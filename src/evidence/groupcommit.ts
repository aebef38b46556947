// Group commit: callers submit items one at a time; items that arrive while a commit is in flight
// are committed together in the next one, so one write + fsync acknowledges a whole batch.
// A submit's promise settles only after the commit that holds it has finished.

interface Waiting<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitStats {
  batches: number;
  items: number;
  maxBatch: number;
}

export class GroupCommitter<T, R> {
  private pending: Waiting<T, R>[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];
  readonly stats: GroupCommitStats = { batches: 0, items: 0, maxBatch: 0 };

  constructor(
    private readonly commit: (batch: T[]) => Promise<R[]>,
    private readonly maxBatch = 4096,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Start after the current tick so a burst of synchronous submits forms one batch.
        queueMicrotask(() => void this.loop());
      }
    });
  }

  get queued(): number {
    return this.pending.length;
  }

  /** Resolves when everything submitted so far has been committed (or has failed). */
  flush(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.stats.batches++;
      this.stats.items += batch.length;
      if (batch.length > this.stats.maxBatch) this.stats.maxBatch = batch.length;
      try {
        const results = await this.commit(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }
}
