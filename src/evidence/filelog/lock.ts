// The writer lock of a chain directory: a LOCK file created exclusively, holding the writer's pid.
// A lock whose process is gone (crash, SIGKILL) is stale and is taken over.
import { open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { LogError } from "../errors.js";

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class WriterLock {
  private constructor(readonly path: string) {}

  static async acquire(path: string): Promise<WriterLock> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fh = await open(path, "wx", 0o644);
        const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
        await fh.writeFile(JSON.stringify(info) + "\n");
        await fh.sync();
        await fh.close();
        return new WriterLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      let holder: LockInfo | undefined;
      try {
        holder = JSON.parse(await readFile(path, "utf8")) as LockInfo;
      } catch {
        // empty or torn: a writer is creating it right now, or died while creating it
        const age = await stat(path).then((st) => Date.now() - st.mtimeMs, () => Infinity);
        if (age < 5_000) throw new LogError("LOG_LOCKED", `${path} is being created by another writer`);
        holder = undefined;
      }
      if (holder && holder.host === hostname() && holder.pid !== process.pid && alive(holder.pid)) {
        throw new LogError("LOG_LOCKED", `${path} is held by process ${holder.pid} since ${holder.since}; one writer per chain`);
      }
      if (holder && holder.host !== hostname()) {
        throw new LogError("LOG_LOCKED", `${path} is held by process ${holder.pid} on host ${holder.host}; remove it only if that writer is gone`);
      }
      if (holder && holder.pid === process.pid) {
        throw new LogError("LOG_LOCKED", `${path} is already held by this process`);
      }
      await unlink(path).catch(() => undefined); // stale
    }
    throw new LogError("LOG_LOCKED", `could not acquire ${path}`);
  }

  async release(): Promise<void> {
    await unlink(this.path).catch(() => undefined);
  }
}
