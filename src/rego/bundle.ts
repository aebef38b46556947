// Writes OPA bundles (tar.gz): `/.manifest`, `/policy.wasm`, `/data.json` and the `.rego` sources,
// laid out as `opa build -t wasm` lays them out.
import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as tar from "tar";

export interface BundleManifest {
  revision?: string;
  roots?: string[];
  rego_version?: number;
  wasm?: { entrypoint: string; module: string }[];
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface BundleContents {
  manifest: BundleManifest;
  wasm: Uint8Array;
  data: unknown;
  sources: { path: string; source: string }[];
}

/** Writes a bundle as OPA lays it out. Entries are written in a fixed order with fixed times, so equal inputs give equal bytes. */
export async function writeBundle(out: string, contents: BundleContents): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "evident-bundle-"));
  try {
    const entries: string[] = [];
    const put = (path: string, bytes: Uint8Array | string) => {
      const rel = path.replace(/^\/+/, "");
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), bytes);
      entries.push(rel);
    };
    put("/.manifest", JSON.stringify(contents.manifest, null, 2) + "\n");
    put("/data.json", JSON.stringify(contents.data ?? {}));
    put("/policy.wasm", contents.wasm);
    for (const s of [...contents.sources].sort((a, b) => a.path.localeCompare(b.path))) put(s.path, s.source);
    mkdirSync(dirname(out), { recursive: true });
    await tar.c({ gzip: true, file: out, cwd: dir, portable: true, mtime: new Date(0) }, entries);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return createHash("sha256").update(readFileSync(out)).digest("hex");
}
