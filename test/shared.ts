// Paths to the read-only material every developer and CI run has beside the project, and the catalog.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SHARED = resolve(ROOT, "../shared");
export const CONFORMANCE = join(SHARED, "conformance/opa");
export const CORPORA = join(SHARED, "corpora");
export const CATALOG = join(SHARED, "controls/catalog.json");
export const SARIF_SCHEMA = join(SHARED, "schemas/sarif-schema-2.1.0.json");

/** A check of the control catalog (../shared/controls/catalog.json), as far as the tests read it. */
export interface CatalogCheck {
  id: string;
  kind: string;
  severity: string;
  controls: string[];
}

let catalogChecks: CatalogCheck[] | undefined;
/** The catalog's checks, of one input kind when given. */
export function catalogOf(kind?: string): CatalogCheck[] {
  catalogChecks ??= (JSON.parse(readFileSync(CATALOG, "utf8")) as { checks: CatalogCheck[] }).checks;
  return kind === undefined ? catalogChecks : catalogChecks.filter((c) => c.kind === kind);
}
