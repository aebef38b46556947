// tar.gz in and out. Bundles are written from a staging directory with fixed metadata (portable,
// fixed mtime) and read fully into memory with every entry checked: regular files only, relative
// paths without "..", no duplicate names (a second entry of a name would shadow the first on extract).
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as tar from "tar";

const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

export async function writeTarGz(out: string, files: Map<string, Buffer>): Promise<void> {
  const staging = await mkdtemp(join(tmpdir(), "evident-bundle-"));
  try {
    const paths = [...files.keys()].sort();
    for (const p of paths) {
      const abs = join(staging, p);
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, files.get(p)!);
    }
    await mkdir(dirname(out), { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    await tar.c({ gzip: true, file: tmp, cwd: staging, portable: true, mtime: FIXED_MTIME, noDirRecurse: true }, paths);
    await rename(tmp, out);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export interface ReadArchive {
  files: Map<string, Buffer>;
  /** entries refused: links, directories with content, absolute paths, "..", duplicates */
  problems: { path: string; reason: string }[];
}

export async function readTarGz(path: string): Promise<ReadArchive> {
  const files = new Map<string, Buffer>();
  const problems: { path: string; reason: string }[] = [];
  const pending: Promise<void>[] = [];
  await tar.t({
    file: path,
    onReadEntry: (entry) => {
      const p = entry.path.replace(/^\.\//, "");
      if (entry.type === "Directory") {
        entry.resume();
        return;
      }
      if (entry.type !== "File" && entry.type !== "OldFile" && entry.type !== "ContiguousFile") {
        problems.push({ path: p, reason: `${entry.type} entries are not allowed` });
        entry.resume();
        return;
      }
      if (p.startsWith("/") || p.split("/").includes("..")) {
        problems.push({ path: p, reason: "path escapes the bundle" });
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((resolve) => {
          entry.on("data", (c: Buffer) => chunks.push(c));
          entry.on("end", () => {
            if (files.has(p)) problems.push({ path: p, reason: "duplicate entry" });
            else files.set(p, Buffer.concat(chunks));
            resolve();
          });
        }),
      );
    },
  });
  await Promise.all(pending);
  return { files, problems };
}
