// A worker thread of a parallel scan (scan-workers.ts): rebuilds the engine once, then loads and
// evaluates the files it is given. A file with Kubernetes documents is handed back unevaluated: its
// checks need data.inventory, the Kubernetes objects of every file, which only the main thread has.
import { parentPort, workerData } from "node:worker_threads";
import { inventoryFrom, type LoadOptions } from "../inputs/index.js";
import type { WalkedFile } from "../inputs/walk.js";
import { Engine, type PortableEngine } from "./engine.js";
import { evaluateFile, loadOne, messageOf, type FileScanContext } from "./scan-file.js";

export interface ScanWorkerData {
  engine: PortableEngine;
  ctx: FileScanContext;
  load: LoadOptions;
}

export interface ScanTask {
  id: number;
  file: WalkedFile;
}

const port = parentPort!;
const { engine: portable, ctx, load } = workerData as ScanWorkerData;

try {
  const engine = await Engine.fromPortable(portable);
  engine.setInventory(inventoryFrom([]));
  port.on("message", async (t: ScanTask) => {
    try {
      const loaded = await loadOne(t.file, load);
      if (loaded.documents.some((d) => d.kind === "kubernetes")) port.postMessage({ id: t.id, kubernetes: true });
      else port.postMessage({ id: t.id, outcome: evaluateFile(engine, loaded, ctx) });
    } catch (e) {
      port.postMessage({ id: t.id, error: messageOf(e) });
    }
  });
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ failed: messageOf(e) });
}
