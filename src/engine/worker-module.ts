// Starting a worker thread on one of our own modules, whether Evident runs from its TypeScript sources
// (tests, tsx) or from dist/.
import { Worker } from "node:worker_threads";

/** A worker running the module `name` (without extension) next to `base`, an import.meta.url. */
export function spawnModuleWorker(base: string, name: string, workerData: unknown): Worker {
  if (base.endsWith(".ts")) {
    // from sources: register tsx in the worker before importing the TypeScript module
    const url = new URL(`./${name}.ts`, base).href;
    return new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(url)}); })`, { eval: true, workerData });
  }
  return new Worker(new URL(`./${name}.js`, base), { workerData });
}
