// Shared by the sources that read a whole snapshot at once (the files of a GitOps checkout, the objects
// of a cluster): the items are sorted by reference and recorded in batches; the checkpoint keeps the
// last reference done, so a run interrupted by a crash or SIGTERM resumes after it.
import type { EvalItem, Outcome, UnitContext } from "../types.js";

export interface SnapshotState {
  run?: { startedAt: string; after?: string; startSeq: number };
  lastCompleted?: string;
}

export const SNAPSHOT_BATCH = 200;

/** Makes references unique (a second "x" becomes "x~2"), then sorts the items by reference. */
export function sortUnique(items: EvalItem[]): EvalItem[] {
  const seen = new Map<string, number>();
  for (const it of items) {
    const n = (seen.get(it.reference) ?? 0) + 1;
    seen.set(it.reference, n);
    if (n > 1) it.reference = `${it.reference}~${n}`;
  }
  return items.sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
}

export interface SnapshotRun {
  outcomes: Outcome[];
  interrupted: boolean;
  /** References done in an earlier process of the same run (before a restart). */
  resumedAfter?: string;
}

export async function recordSnapshot(items: EvalItem[], ctx: UnitContext<SnapshotState>, startSeq: number): Promise<SnapshotRun> {
  const run = ctx.state?.run ? { ...ctx.state.run } : { startedAt: new Date().toISOString(), startSeq };
  const state: SnapshotState = { ...ctx.state, run };
  const resumedAfter = run.after;
  const todo = resumedAfter === undefined ? items : items.filter((i) => i.reference > resumedAfter);
  const outcomes: Outcome[] = [];
  for (let i = 0; i < todo.length; i += SNAPSHOT_BATCH) {
    if (ctx.signal.aborted) {
      await ctx.save(state, { force: true });
      return { outcomes, interrupted: true, ...(resumedAfter !== undefined ? { resumedAfter } : {}) };
    }
    const batch = todo.slice(i, i + SNAPSHOT_BATCH);
    outcomes.push(...(await ctx.record(batch)));
    run.after = batch[batch.length - 1]!.reference;
    await ctx.save(state);
  }
  await ctx.save({ lastCompleted: new Date().toISOString() }, { force: true });
  return { outcomes, interrupted: false, ...(resumedAfter !== undefined ? { resumedAfter } : {}) };
}
