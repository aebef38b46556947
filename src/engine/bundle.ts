// Reads OPA bundles (tar.gz: `/.manifest`, `/policy.wasm`, `/data.json`, `.rego` sources) written by
// `evident build` or by `opa build -t wasm`.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as tar from "tar";
import type { BundleManifest } from "../rego/bundle.js";


export interface Bundle {
  manifest: BundleManifest;
  /** Wasm modules by path (`/policy.wasm`). */
  wasm: Map<string, Uint8Array>;
  data: unknown;
  /** Rego sources by path. */
  sources: Map<string, string>;
  /** SHA-256 of the bundle file, hex. */
  digest: string;
}

export class BundleError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "BundleError";
  }
}

/** Every regular file of a tar.gz, by normalised path (`/x/y`). */
async function readTar(file: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const pending: Promise<void>[] = [];
  await tar.t({
    file,
    onReadEntry: (entry) => {
      if (entry.type !== "File") {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      const path = "/" + entry.path.replace(/^\.?\/+/, "");
      pending.push(
        new Promise((resolve, reject) => {
          entry.on("data", (c: Buffer) => chunks.push(c));
          entry.on("end", () => {
            files.set(path, Buffer.concat(chunks));
            resolve();
          });
          entry.on("error", reject);
        }),
      );
    },
  });
  await Promise.all(pending);
  return files;
}

export async function readBundle(file: string): Promise<Bundle> {
  let files: Map<string, Buffer>;
  let digest: string;
  try {
    digest = createHash("sha256").update(readFileSync(file)).digest("hex");
    files = await readTar(file);
  } catch (e) {
    throw new BundleError(file, `cannot read bundle: ${(e as Error).message}`);
  }
  let manifest: BundleManifest = {};
  const m = files.get("/.manifest");
  if (m) {
    try {
      manifest = JSON.parse(m.toString("utf8")) as BundleManifest;
    } catch (e) {
      throw new BundleError(file, `/.manifest is not valid JSON: ${(e as Error).message}`);
    }
  }
  const wasm = new Map<string, Uint8Array>();
  const sources = new Map<string, string>();
  let data: unknown = {};
  for (const [path, content] of files) {
    if (path.endsWith(".wasm")) wasm.set(path, new Uint8Array(content));
    else if (path.endsWith(".rego")) sources.set(path, content.toString("utf8"));
    else if (path === "/data.json") {
      try {
        data = JSON.parse(content.toString("utf8"));
      } catch (e) {
        throw new BundleError(file, `/data.json is not valid JSON: ${(e as Error).message}`);
      }
    }
  }
  if (wasm.size === 0) throw new BundleError(file, "no Wasm module in bundle (build it with `evident build` or `opa build -t wasm`)");
  return { manifest, wasm, data, sources, digest };
}

