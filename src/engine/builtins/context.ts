// Per-evaluation state of the host builtins: the clock time.now_ns reports, the uuid.rfc4122 and rand.intn
// caches (OPA returns the same value for the same arguments within one query), and the notes trace()
// records. The engine calls beginEvaluation() before each evaluation; a builtin called without it gets a
// lazily started evaluation, so the functions also work when called directly.

export interface EvaluationOptions {
  /** Pin time.now_ns (nanoseconds since the epoch), e.g. to re-run a decision for evidence. */
  nowNs?: bigint;
}

export interface EvaluationState {
  readonly nowNs: bigint;
  readonly uuids: Map<string, string>;
  readonly randInts: Map<string, bigint>;
  readonly notes: string[];
}

// Wall-clock anchor plus a monotonic offset gives nanosecond resolution without going backwards.
const wallAnchorNs = BigInt(Date.now()) * 1_000_000n;
const monoAnchor = process.hrtime.bigint();

export function wallClockNs(): bigint {
  return wallAnchorNs + (process.hrtime.bigint() - monoAnchor);
}

let current: EvaluationState | undefined;

/** Start a new evaluation: fixes time.now_ns and clears the per-query caches and trace notes. */
export function beginEvaluation(opts: EvaluationOptions = {}): EvaluationState {
  current = { nowNs: opts.nowNs ?? wallClockNs(), uuids: new Map(), randInts: new Map(), notes: [] };
  return current;
}

/** The state of the evaluation under way (starting one if none was begun). */
export function evaluation(): EvaluationState {
  return current ?? beginEvaluation();
}

/** The notes trace() recorded during the evaluation under way. */
export function traceNotes(): readonly string[] {
  return evaluation().notes;
}
