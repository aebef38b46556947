// Durable storage of one chain in a directory: segment files, checkpoints.jsonl, chain.json and LOCK.
//   open():          takes the writer lock, cuts a torn tail, finds the head and the records since the
//                    last checkpoint (so the next checkpoint covers them).
//   writeRecords():  appends a batch and fdatasyncs before returning (the caller acknowledges after).
import { mkdir, open, readFile, writeFile, rename, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { EMPTY_HEAD, type ChainHead } from "../chain.js";
import type { SignedCheckpoint } from "../checkpoint.js";
import { LogError } from "../errors.js";
import type { EvidenceRecord } from "../record.js";
import { WriterLock } from "./lock.js";
import { listSegments, parseSegment, segmentName, readCompleteLines } from "./segments.js";
import { fsyncDir } from "./fsync-dir.js";

/** chain id -> directory name: characters outside [A-Za-z0-9._-] become ~XX (reversible). */
export function chainDirName(chain: string): string {
  return chain.replace(/[^A-Za-z0-9._-]/g, (c) => `~${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export interface ChainDirOptions {
  segmentMaxBytes?: number;
  /** fdatasync before acknowledging (default true). Only benchmarks turn it off. */
  fsync?: boolean;
  /** A spool: an empty directory accepts a first batch that continues a chain kept elsewhere (PostgreSQL). */
  spool?: boolean;
}

export interface RecoveryReport {
  /** bytes cut from the end of the last segment (torn tail). */
  cutBytes: number;
  cutCheckpointBytes: number;
}

export class ChainDir {
  private fh: FileHandle | undefined;
  private size = 0;
  private segFirstSeq = 0;
  private ckptFh: FileHandle | undefined;
  private ckptSize = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    readonly chain: string,
    private readonly lock: WriterLock,
    private readonly opts: Required<ChainDirOptions>,
    public head: ChainHead,
    /** hashes of records after the last checkpoint, from seq uncheckpointedFrom */
    readonly uncheckpointed: string[],
    readonly uncheckpointedFrom: number,
    readonly recovery: RecoveryReport,
  ) {}

  static async open(root: string, chain: string, options: ChainDirOptions = {}): Promise<ChainDir> {
    const opts: Required<ChainDirOptions> = {
      segmentMaxBytes: options.segmentMaxBytes ?? 64 * 1024 * 1024,
      fsync: options.fsync ?? true,
      spool: options.spool ?? false,
    };
    const dir = join(root, chainDirName(chain));
    await mkdir(dir, { recursive: true });
    const lock = await WriterLock.acquire(join(dir, "LOCK"));
    try {
      const metaPath = join(dir, "chain.json");
      const meta = await readFile(metaPath, "utf8").then((t) => JSON.parse(t) as { chain: string }, () => undefined);
      if (meta && meta.chain !== chain) throw new LogError("LOG_CHAIN_MISMATCH", `${dir} holds chain ${meta.chain}, not ${chain}`);
      if (!meta) {
        await writeFile(`${metaPath}.tmp`, JSON.stringify({ chain, created: new Date().toISOString() }) + "\n");
        await rename(`${metaPath}.tmp`, metaPath);
        await fsyncDir(dir);
      }
      const recovered = await recover(dir, chain);
      const cd = new ChainDir(dir, chain, lock, opts, recovered.head, recovered.uncheckpointed, recovered.uncheckpointedFrom, recovered.report);
      await cd.openFiles(recovered.lastSegment, recovered.lastSegmentSize);
      return cd;
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  private async openFiles(last: { name: string; firstSeq: number } | undefined, size: number): Promise<void> {
    if (last) {
      this.fh = await open(join(this.dir, last.name), "r+");
      this.size = size;
      this.segFirstSeq = last.firstSeq;
    }
    this.ckptFh = await open(join(this.dir, "checkpoints.jsonl"), "a+");
    this.ckptSize = (await this.ckptFh.stat()).size;
  }

  /** Appends records (already sealed, continuing the head) and makes them durable. */
  async writeRecords(records: readonly EvidenceRecord[], lines?: readonly string[]): Promise<void> {
    if (this.closed) throw new LogError("LOG_CLOSED", "the log is closed");
    if (records.length === 0) return;
    const continuesSpool = this.opts.spool && this.head.seq === 0;
    if (!continuesSpool && (records[0]!.seq !== this.head.seq + 1 || records[0]!.prevHash !== this.head.hash)) {
      throw new LogError("LOG_NOT_CONTINUOUS", `records start at seq ${records[0]!.seq} but the head is seq ${this.head.seq}`);
    }
    let text = "";
    if (lines) for (const l of lines) text += l + "\n";
    else for (const r of records) text += JSON.stringify(r) + "\n";
    const buf = Buffer.from(text, "utf8");
    if (!this.fh || (this.size > 0 && this.size + buf.length > this.opts.segmentMaxBytes)) {
      await this.roll(records[0]!.seq);
    }
    const fh = this.fh!;
    const before = this.size;
    try {
      let off = 0;
      while (off < buf.length) {
        const { bytesWritten } = await fh.write(buf, off, buf.length - off, before + off);
        off += bytesWritten;
      }
      if (this.opts.fsync) await fh.datasync();
    } catch (e) {
      // Leave no half batch behind: nothing of it was acknowledged.
      await fh.truncate(before).catch(() => undefined);
      throw new LogError("LOG_WRITE_FAILED", `writing ${records.length} record(s) failed: ${(e as Error).message}`, { cause: e });
    }
    this.size = before + buf.length;
    const last = records[records.length - 1]!;
    this.head = { seq: last.seq, hash: last.hash };
  }

  private async roll(firstSeq: number): Promise<void> {
    if (this.fh) {
      await this.fh.close();
      this.fh = undefined;
    }
    this.fh = await open(join(this.dir, segmentName(firstSeq)), "wx+");
    this.size = 0;
    this.segFirstSeq = firstSeq;
    if (this.opts.fsync) await fsyncDir(this.dir);
  }

  async writeCheckpoint(cp: SignedCheckpoint): Promise<void> {
    if (this.closed || !this.ckptFh) throw new LogError("LOG_CLOSED", "the log is closed");
    const buf = Buffer.from(JSON.stringify(cp) + "\n", "utf8");
    const before = this.ckptSize;
    try {
      await this.ckptFh.write(buf, 0, buf.length, null);
      if (this.opts.fsync) await this.ckptFh.datasync();
    } catch (e) {
      await this.ckptFh.truncate(before).catch(() => undefined);
      throw e;
    }
    this.ckptSize += buf.length;
  }

  get currentSegmentFirstSeq(): number {
    return this.segFirstSeq;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh?.close().catch(() => undefined);
    await this.ckptFh?.close().catch(() => undefined);
    await this.lock.release();
  }
}

interface Recovered {
  head: ChainHead;
  lastSegment: { name: string; firstSeq: number } | undefined;
  lastSegmentSize: number;
  uncheckpointed: string[];
  uncheckpointedFrom: number;
  report: RecoveryReport;
}

async function recover(dir: string, chain: string): Promise<Recovered> {
  const report: RecoveryReport = { cutBytes: 0, cutCheckpointBytes: 0 };
  const segs = await listSegments(dir);
  let head: ChainHead = EMPTY_HEAD;
  let lastSize = 0;
  // Walk segments from the last one that starts at or before the record after the last checkpoint.
  const checkpoints = await readCheckpointFile(join(dir, "checkpoints.jsonl"), report);
  const ckptTo = checkpoints.length ? checkpoints[checkpoints.length - 1]!.body.toSeq : 0;
  let startIdx = 0;
  for (let i = 0; i < segs.length; i++) if (segs[i]!.firstSeq <= ckptTo + 1) startIdx = i;
  const hashesBySeq: string[] = [];
  let firstHashSeq = 0;
  let prev: ChainHead | undefined;
  if (startIdx > 0) {
    // head before the first segment we read: last record of the segment before it
    const before = await readFile(join(dir, segs[startIdx - 1]!.name));
    const lines = readCompleteLines(before);
    const lastLine = lines[lines.length - 1];
    if (lastLine) {
      const r = JSON.parse(lastLine) as EvidenceRecord;
      prev = { seq: r.seq, hash: r.hash };
    }
  }
  for (let i = startIdx; i < segs.length; i++) {
    const seg = segs[i]!;
    const path = join(dir, seg.name);
    const buf = await readFile(path);
    const parsed = parseSegment(buf, prev, chain);
    const isLast = i === segs.length - 1;
    if (parsed.corruptAt) {
      throw new LogError("LOG_CORRUPT", `${path} line ${parsed.corruptAt.line} is damaged (${parsed.corruptAt.reason}) but intact records follow it; refusing to cut acknowledged records`);
    }
    if (parsed.hasTail && !isLast) {
      throw new LogError("LOG_CORRUPT", `${path} has a damaged tail but is not the last segment`);
    }
    if (parsed.records.length && parsed.records[0]!.seq !== seg.firstSeq) {
      throw new LogError("LOG_CORRUPT", `${path} starts at seq ${parsed.records[0]!.seq}, its name says ${seg.firstSeq}`);
    }
    if (parsed.hasTail) {
      const fh = await open(path, "r+");
      try {
        await fh.truncate(parsed.validBytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      report.cutBytes = buf.length - parsed.validBytes;
    }
    for (const r of parsed.records) {
      if (r.seq > ckptTo) {
        if (!firstHashSeq) firstHashSeq = r.seq;
        hashesBySeq.push(r.hash);
      }
      prev = { seq: r.seq, hash: r.hash };
    }
    if (isLast) lastSize = parsed.validBytes;
  }
  if (prev) head = prev;
  if (ckptTo > head.seq) {
    throw new LogError("LOG_CORRUPT", `${dir}: a checkpoint covers seq ${ckptTo} but the log ends at seq ${head.seq}`);
  }
  const lastSeg = segs[segs.length - 1];
  return {
    head,
    lastSegment: lastSeg,
    lastSegmentSize: lastSize,
    uncheckpointed: hashesBySeq,
    uncheckpointedFrom: firstHashSeq || ckptTo + 1,
    report,
  };
}

async function readCheckpointFile(path: string, report: RecoveryReport): Promise<SignedCheckpoint[]> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    return [];
  }
  const out: SignedCheckpoint[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl < 0) break;
    try {
      out.push(JSON.parse(buf.subarray(offset, nl).toString("utf8")) as SignedCheckpoint);
    } catch {
      break;
    }
    offset = nl + 1;
  }
  if (offset < buf.length) {
    const fh = await open(path, "r+");
    try {
      await fh.truncate(offset);
      await fh.sync();
    } finally {
      await fh.close();
    }
    report.cutCheckpointBytes = buf.length - offset;
  }
  return out;
}
