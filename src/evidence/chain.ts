// Hash chains: one per writer. Record n carries seq n (from 1) and prevHash = hash of record n-1
// (GENESIS_HASH for seq 1). ChainState seals records in order; checkChain() finds the first break.
import { GENESIS_HASH, recordHash, sealRecordWithLine, type EvidenceRecord, type PendingRecord } from "./record.js";

export interface ChainHead {
  /** seq of the last record; 0 for an empty chain. */
  seq: number;
  /** hash of the last record; GENESIS_HASH for an empty chain. */
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

export class ChainState {
  constructor(
    readonly chain: string,
    private current: ChainHead = EMPTY_HEAD,
  ) {}

  get head(): ChainHead {
    return this.current;
  }

  /** Seals the next records (and their log lines); the head does not move until commit(). */
  sealNext(pending: readonly PendingRecord[]): { records: EvidenceRecord[]; lines: string[] } {
    let { seq, hash } = this.current;
    const records: EvidenceRecord[] = [];
    const lines: string[] = [];
    for (const p of pending) {
      const { record, line } = sealRecordWithLine(p, this.chain, seq + 1, hash);
      seq = record.seq;
      hash = record.hash;
      records.push(record);
      lines.push(line);
    }
    return { records, lines };
  }

  /** Moves the head past records that are now durable. */
  commit(records: readonly EvidenceRecord[]): void {
    const last = records[records.length - 1];
    if (last) this.current = { seq: last.seq, hash: last.hash };
  }
}

export interface ChainExpectation {
  chain: string;
  /** seq of the first record expected (default: the first record's seq, or 1 when firstPrevHash is GENESIS). */
  firstSeq?: number;
  /** prevHash the first record must carry. */
  firstPrevHash?: string;
  lastSeq?: number;
  headHash?: string;
}

export type ChainProblemCode =
  | "CHAIN_EMPTY"
  | "CHAIN_FOREIGN_RECORD"
  | "RECORD_HASH_MISMATCH"
  | "CHAIN_DUPLICATE"
  | "CHAIN_GAP"
  | "CHAIN_REORDER"
  | "CHAIN_START_MISSING"
  | "CHAIN_START_MISMATCH"
  | "CHAIN_LINK_BROKEN"
  | "CHAIN_HEAD_MISMATCH"
  | "CHAIN_EXTRA_RECORDS";

export interface ChainProblem {
  code: ChainProblemCode;
  message: string;
  /** index in the given array (the line, 0-based) */
  index?: number;
  record?: EvidenceRecord;
}

/**
 * The first problem of a run of records of one chain, in the order a reader meets them:
 * foreign records and altered records (hash), then duplicates, gaps, reordering, the start, the links,
 * and the head. Null when the run is continuous and matches the expectation.
 */
export function checkChain(records: readonly EvidenceRecord[], expect: ChainExpectation): ChainProblem | null {
  if (records.length === 0) {
    if (expect.lastSeq !== undefined && expect.lastSeq > 0) {
      return { code: "CHAIN_EMPTY", message: `chain ${expect.chain} holds no records; the signed statement expects seq ${expect.firstSeq ?? 1}..${expect.lastSeq}` };
    }
    return null;
  }
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.chain !== expect.chain) {
      return { code: "CHAIN_FOREIGN_RECORD", message: `record belongs to chain ${r.chain}, not ${expect.chain}`, index: i, record: r };
    }
    const h = recordHash(r);
    if (h !== r.hash) {
      return { code: "RECORD_HASH_MISMATCH", message: `record content does not match its hash (stored ${r.hash.slice(0, 16)}…, computed ${h.slice(0, 16)}…): the record was altered`, index: i, record: r };
    }
  }
  const seqs = records.map((r) => r.seq);
  const seen = new Map<number, number>();
  for (let i = 0; i < seqs.length; i++) {
    const prev = seen.get(seqs[i]!);
    if (prev !== undefined) {
      return { code: "CHAIN_DUPLICATE", message: `seq ${seqs[i]} appears twice (lines ${prev + 1} and ${i + 1})`, index: i, record: records[i] };
    }
    seen.set(seqs[i]!, i);
  }
  const sorted = [...seqs].sort((a, b) => a - b);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k] !== sorted[k - 1]! + 1) {
      const from = sorted[k - 1]! + 1;
      const to = sorted[k]! - 1;
      const idx = seen.get(sorted[k]!)!;
      return {
        code: "CHAIN_GAP",
        message: `record${from === to ? ` seq ${from} is` : `s seq ${from}..${to} are`} missing before seq ${sorted[k]}: records were deleted`,
        index: idx,
        record: records[idx],
      };
    }
  }
  for (let i = 0; i < seqs.length; i++) {
    if (seqs[i] !== sorted[i]) {
      return {
        code: "CHAIN_REORDER",
        message: `record seq ${seqs[i]} is at line ${i + 1} where seq ${sorted[i]} belongs: records were reordered`,
        index: i,
        record: records[i],
      };
    }
  }
  const firstSeq = expect.firstSeq ?? (expect.firstPrevHash === GENESIS_HASH ? 1 : min);
  if (min > firstSeq) {
    return { code: "CHAIN_START_MISSING", message: `chain starts at seq ${min}; records seq ${firstSeq}..${min - 1} are missing`, index: 0, record: records[0] };
  }
  if (min < firstSeq) {
    return { code: "CHAIN_EXTRA_RECORDS", message: `chain starts at seq ${min}, before the expected first seq ${firstSeq}`, index: 0, record: records[0] };
  }
  const first = records[0]!;
  const expectedPrev = expect.firstPrevHash ?? (first.seq === 1 ? GENESIS_HASH : undefined);
  if (expectedPrev !== undefined && first.prevHash !== expectedPrev) {
    return { code: "CHAIN_START_MISMATCH", message: `first record's prevHash ${first.prevHash.slice(0, 16)}… is not the expected ${expectedPrev.slice(0, 16)}…`, index: 0, record: first };
  }
  for (let i = 1; i < records.length; i++) {
    if (records[i]!.prevHash !== records[i - 1]!.hash) {
      return { code: "CHAIN_LINK_BROKEN", message: `prevHash does not equal the hash of record seq ${records[i - 1]!.seq}`, index: i, record: records[i] };
    }
  }
  if (expect.lastSeq !== undefined && max < expect.lastSeq) {
    const last = records[records.length - 1]!;
    return {
      code: "CHAIN_HEAD_MISMATCH",
      message: `chain ends at seq ${max} but its signed head is seq ${expect.lastSeq}: the last ${expect.lastSeq - max} record(s) are missing`,
      index: records.length - 1,
      record: last,
    };
  }
  if (expect.lastSeq !== undefined && max > expect.lastSeq) {
    const idx = seen.get(expect.lastSeq + 1)!;
    return { code: "CHAIN_EXTRA_RECORDS", message: `records after the signed head seq ${expect.lastSeq} were added`, index: idx, record: records[idx] };
  }
  const last = records[records.length - 1]!;
  if (expect.headHash !== undefined && last.hash !== expect.headHash) {
    return { code: "CHAIN_HEAD_MISMATCH", message: `head hash ${last.hash.slice(0, 16)}… differs from the signed head ${expect.headHash.slice(0, 16)}…`, index: records.length - 1, record: last };
  }
  return null;
}
