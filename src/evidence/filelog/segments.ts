// Segment files: JSON Lines, one record per line, named by the seq of their first record.
// parseSegment() reads one segment and finds where its valid prefix ends, so a torn tail
// (a write cut short by a crash) can be told apart from damage in the middle.
import { readdir } from "node:fs/promises";
import { GENESIS_HASH, recordHash, type EvidenceRecord } from "../record.js";
import type { ChainHead } from "../chain.js";

export const SEGMENT_RE = /^seg-(\d{20})\.jsonl$/;

export function segmentName(firstSeq: number): string {
  return `seg-${String(firstSeq).padStart(20, "0")}.jsonl`;
}

export interface SegmentFile {
  name: string;
  firstSeq: number;
}

export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((name) => {
      const m = SEGMENT_RE.exec(name);
      return m ? { name, firstSeq: Number(m[1]) } : undefined;
    })
    .filter((s): s is SegmentFile => s !== undefined)
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

export interface ParsedSegment {
  records: EvidenceRecord[];
  /** byte length of the valid prefix (every complete, intact, continuous record). */
  validBytes: number;
  /** true when bytes after validBytes exist (a torn or damaged tail). */
  hasTail: boolean;
  /** set when a damaged line is followed by intact records: not a torn tail, real corruption. */
  corruptAt?: { line: number; reason: string };
}

/** Reads a segment's bytes. `prev` is the head before its first record (continuity across segments). */
export function parseSegment(buf: Buffer, prev: ChainHead | undefined, chain: string): ParsedSegment {
  const records: EvidenceRecord[] = [];
  let offset = 0;
  let expect = prev;
  let line = 0;
  let firstBad: { offset: number; line: number; reason: string } | undefined;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    line++;
    if (nl < 0) {
      // partial last line: no newline, never acknowledged
      if (!firstBad) firstBad = { offset, line, reason: "incomplete last line" };
      break;
    }
    const text = buf.subarray(offset, nl).toString("utf8");
    if (firstBad) {
      // After a bad line only garbage may follow (a torn batch). An intact record here means the
      // damage is in the middle of acknowledged data.
      if (selfConsistent(text, chain)) {
        return { records, validBytes: firstBad.offset, hasTail: true, corruptAt: { line: firstBad.line, reason: firstBad.reason } };
      }
      offset = nl + 1;
      continue;
    }
    const reason = checkLine(text, expect, chain);
    if (typeof reason === "string") {
      firstBad = { offset, line, reason };
    } else {
      records.push(reason);
      expect = { seq: reason.seq, hash: reason.hash };
    }
    offset = nl + 1;
  }
  if (firstBad) return { records, validBytes: firstBad.offset, hasTail: true };
  return { records, validBytes: buf.length, hasTail: false };
}

function selfConsistent(text: string, chain: string): boolean {
  try {
    const r = JSON.parse(text) as EvidenceRecord;
    return !!r && r.chain === chain && typeof r.hash === "string" && recordHash(r) === r.hash;
  } catch {
    return false;
  }
}

function checkLine(text: string, expect: ChainHead | undefined, chain: string): EvidenceRecord | string {
  let r: EvidenceRecord;
  try {
    r = JSON.parse(text) as EvidenceRecord;
  } catch {
    return "not JSON";
  }
  if (!r || typeof r !== "object" || typeof r.seq !== "number" || typeof r.hash !== "string") return "not a record";
  if (r.chain !== chain) return `record of chain ${String(r.chain)}`;
  if (recordHash(r) !== r.hash) return "hash mismatch";
  if (expect) {
    if (r.seq !== expect.seq + 1) return `seq ${r.seq} after ${expect.seq}`;
    if (r.prevHash !== expect.hash) return "prevHash does not link";
  } else if (r.seq === 1 && r.prevHash !== GENESIS_HASH) {
    return "first record does not start at genesis";
  }
  return r;
}

/** Parses complete lines of a live segment without judging them (readers). */
export function readCompleteLines(buf: Buffer): string[] {
  const end = buf.lastIndexOf(0x0a);
  if (end < 0) return [];
  return buf
    .subarray(0, end)
    .toString("utf8")
    .split("\n")
    .filter((l) => l.length > 0);
}
