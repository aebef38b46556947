// Checkpoints: one small JSON file per unit of work (a source's account+region, cluster or path),
// written atomically: temp file, fsync, rename over the old one, fsync the directory. A crash leaves
// either the old or the new checkpoint, never a torn one.
//
// Each checkpoint names the evidence chain and the chain's seq at the time it was saved. Evaluations
// recorded after that seq (an interrupted batch) are found again in the evidence log on restart
// (recovery.ts), so nothing is evaluated twice and nothing is skipped.
import { mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { fsyncDir } from "../evidence/filelog/fsync-dir.js";

export interface UnitCheckpoint<S = unknown> {
  v: 1;
  source: string;
  unit: string;
  /** Evidence chain the unit's records went to, and its head seq when this was saved. */
  chain: string;
  evidenceSeq: number;
  savedAt: string;
  state: S;
}

export class CheckpointError extends Error {
  readonly code = "CHECKPOINT_INVALID";
}

/** File name of a unit's checkpoint: readable, and safe for any unit key. */
export function checkpointFileName(unitKey: string): string {
  return `${unitKey.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}.json`;
}

/** Writes `data` to `file` atomically (temp + fsync + rename + directory fsync). */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = join(file, "..");
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const fh = await open(tmp, "w", 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  await rename(tmp, file);
  await fsyncDir(dir);
}

export class CheckpointStore {
  private readonly created = new Set<string>();
  constructor(readonly dir: string) {}

  private fileOf(unitKey: string): string {
    return join(this.dir, checkpointFileName(unitKey));
  }

  async load<S>(unitKey: string): Promise<UnitCheckpoint<S> | undefined> {
    const file = this.fileOf(unitKey);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    let cp: UnitCheckpoint<S>;
    try {
      cp = JSON.parse(text) as UnitCheckpoint<S>;
    } catch (e) {
      throw new CheckpointError(`${file}: not valid JSON (${(e as Error).message}); move it away to start this unit over`);
    }
    if (cp?.v !== 1 || cp.unit !== unitKey || typeof cp.chain !== "string" || typeof cp.evidenceSeq !== "number") {
      throw new CheckpointError(`${file}: not a checkpoint of unit ${unitKey}; move it away to start this unit over`);
    }
    return cp;
  }

  /** Serialises `cp` at once (later changes to its state are not saved), then writes it atomically. */
  async save<S>(cp: UnitCheckpoint<S>): Promise<void> {
    const text = JSON.stringify(cp);
    if (!this.created.has(this.dir)) {
      await mkdir(this.dir, { recursive: true });
      this.created.add(this.dir);
    }
    await writeFileAtomic(this.fileOf(cp.unit), text);
  }
}
