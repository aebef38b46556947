// Reads chains of a file-backend directory (a live one too: an incomplete last line is skipped).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SignedCheckpoint } from "../checkpoint.js";
import type { LogReader } from "../log.js";
import type { EvidenceRecord } from "../record.js";
import { listSegments, readCompleteLines } from "./segments.js";

export class FileLogReader implements LogReader {
  constructor(readonly root: string) {}

  private async dirs(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const names = await readdir(this.root).catch(() => [] as string[]);
    for (const n of names) {
      try {
        const meta = JSON.parse(await readFile(join(this.root, n, "chain.json"), "utf8")) as { chain: string };
        out.set(meta.chain, join(this.root, n));
      } catch {
        // not a chain directory
      }
    }
    return out;
  }

  async chains(): Promise<string[]> {
    return [...(await this.dirs()).keys()].sort();
  }

  async *records(chain: string): AsyncIterable<EvidenceRecord> {
    const dir = (await this.dirs()).get(chain);
    if (!dir) return;
    for (const seg of await listSegments(dir)) {
      const buf = await readFile(join(dir, seg.name));
      for (const line of readCompleteLines(buf)) yield JSON.parse(line) as EvidenceRecord;
    }
  }

  async checkpoints(chain: string): Promise<SignedCheckpoint[]> {
    const dir = (await this.dirs()).get(chain);
    if (!dir) return [];
    const buf = await readFile(join(dir, "checkpoints.jsonl")).catch(() => Buffer.alloc(0));
    return readCompleteLines(buf).map((l) => JSON.parse(l) as SignedCheckpoint);
  }

  async close(): Promise<void> {}
}
