// Paths to the read-only material every developer and CI run has beside the project.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SHARED = resolve(ROOT, "../shared");
export const CONFORMANCE = join(SHARED, "conformance/opa");
export const CORPORA = join(SHARED, "corpora");
export const CATALOG = join(SHARED, "controls/catalog.json");
export const SARIF_SCHEMA = join(SHARED, "schemas/sarif-schema-2.1.0.json");
