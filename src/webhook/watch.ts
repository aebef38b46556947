// Watches files for replacement (TLS certificate and key rotated by cert-manager, a new policy bundle,
// the exceptions file). Kubernetes updates Secret and ConfigMap volumes by swapping a `..data` symlink,
// which inotify on the file itself misses, so the watcher polls stat() (following links: inode, size,
// mtime) and uses fs.watch on the parent directories only to notice sooner. Checks never overlap; a
// change seen while the handler runs triggers one more run afterwards.
import { watch, type FSWatcher } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";

async function signature(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch (e) {
    return `missing:${(e as NodeJS.ErrnoException).code ?? "?"}`;
  }
}

export class FileWatcher {
  private last = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private watchers: FSWatcher[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private soon: NodeJS.Timeout | undefined;

  constructor(
    private readonly files: string[],
    private readonly intervalMs: number,
    /** Called with the files whose signature changed. */
    private readonly onChange: (changed: string[]) => Promise<void>,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    for (const f of this.files) this.last.set(f, await signature(f));
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
    for (const d of new Set(this.files.map((f) => dirname(f)))) {
      try {
        const w = watch(d, { persistent: false }, () => {
          if (this.soon || this.stopped) return;
          this.soon = setTimeout(() => {
            this.soon = undefined;
            this.check();
          }, 20);
          this.soon.unref();
        });
        w.on("error", () => w.close());
        this.watchers.push(w);
      } catch {
        // polling alone still works
      }
    }
  }

  /** Looks for changes now; resolves when the resulting handler run (if any) is done. */
  check(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const changed: string[] = [];
        for (const f of this.files) {
          const s = await signature(f);
          if (s !== this.last.get(f)) {
            this.last.set(f, s);
            changed.push(f);
          }
        }
        if (changed.length && !this.stopped) {
          try {
            await this.onChange(changed);
          } catch (e) {
            this.onError(e);
          }
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}
