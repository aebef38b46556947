// When a source runs next: every <interval> (anchored at start) or on a cron expression, plus a random
// jitter. Slots that pass while a run is still going are skipped, never queued: a run never overlaps
// itself and never runs twice back to back to catch up.
import { CronExpressionParser } from "cron-parser";
import type { ScheduleConfig } from "./config-schema.js";
import { parseDuration } from "./duration.js";

export const DEFAULT_SCHEDULE: ScheduleConfig = { every: "1h" };

export class Schedule {
  private readonly everyMs: number | undefined;
  private readonly jitterMs: number;

  constructor(
    private readonly cfg: ScheduleConfig,
    private readonly anchor: number = Date.now(),
    private readonly random: () => number = Math.random,
  ) {
    this.everyMs = cfg.every !== undefined ? parseDuration(cfg.every) : undefined;
    this.jitterMs = cfg.jitter !== undefined ? parseDuration(cfg.jitter) : 0;
  }

  /** The first slot strictly after `after` (ms), without jitter. */
  slotAfter(after: number): number {
    if (this.everyMs !== undefined) {
      if (after < this.anchor) return this.anchor;
      return this.anchor + (Math.floor((after - this.anchor) / this.everyMs) + 1) * this.everyMs;
    }
    const it = CronExpressionParser.parse(this.cfg.cron!, { currentDate: new Date(after), ...(this.cfg.timezone ? { tz: this.cfg.timezone } : { tz: "UTC" }) });
    return it.next().getTime();
  }

  /** The first run: at start for an interval, at the next cron time otherwise; `at` adds the jitter. */
  first(now: number): { slot: number; at: number } {
    const slot = this.everyMs !== undefined ? this.anchor : this.slotAfter(now);
    return { slot, at: slot + this.jitter() };
  }

  /** The next run after a run that was scheduled for `slot` and ended at `now`; slots that passed meanwhile are skipped. */
  next(slot: number, now: number): { slot: number; at: number; skipped: number } {
    let s = this.slotAfter(slot);
    let skipped = 0;
    while (s <= now) {
      skipped++;
      s = this.slotAfter(s);
    }
    return { slot: s, at: s + this.jitter(), skipped };
  }

  private jitter(): number {
    return this.jitterMs > 0 ? Math.floor(this.random() * this.jitterMs) : 0;
  }
}
