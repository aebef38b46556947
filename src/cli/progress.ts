// A one-line progress bar on stderr: only on a terminal, and only once the scan has run for a while
// (short scans print nothing). Redraws at most ten times a second and erases itself when done.
import type { ScanProgress } from "../engine/scan.js";

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export interface ProgressOptions {
  enabled: boolean;
  /** Show nothing before the scan has run this long (ms). Default 1000. */
  delayMs?: number;
  /** Least time between redraws (ms). Default 100. */
  intervalMs?: number;
  clock?: () => number;
}

export class ProgressBar {
  private readonly start: number;
  private last = -Infinity;
  private drawn = false;
  private readonly clock: () => number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly opts: ProgressOptions,
  ) {
    this.clock = opts.clock ?? Date.now;
    this.start = this.clock();
  }

  /** Whether a bar can ever be shown: enabled and stderr is a terminal. */
  get active(): boolean {
    return this.opts.enabled && this.stream.isTTY === true;
  }

  update(p: ScanProgress): void {
    if (!this.active) return;
    const now = this.clock();
    if (now - this.start < (this.opts.delayMs ?? 1000)) return;
    if (now - this.last < (this.opts.intervalMs ?? 100) && p.done < p.total) return;
    this.last = now;
    this.stream.write(`\r${this.line(p, now)}\x1b[K`);
    this.drawn = true;
  }

  line(p: ScanProgress, now: number = this.clock()): string {
    const secs = ((now - this.start) / 1000).toFixed(1);
    if (p.phase === "load") return `evident: finding inputs… ${secs}s`;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 50));
    const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    const full = Math.round(frac * width);
    const bar = "█".repeat(full) + "░".repeat(width - full);
    return `evident: scanning ${bar} ${p.done}/${p.total} files ${secs}s`;
  }

  /** Erases the bar (if one was drawn). */
  done(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}
