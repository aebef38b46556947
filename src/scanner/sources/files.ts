// Files: the manifests, Terraform plans, CloudTrail and AWS Config files under paths (a GitOps
// checkout), read through src/inputs exactly as `evident scan` reads them, Kubernetes objects with
// the scan's data.inventory.
import { relative, sep } from "node:path";
import { formatInputError, inventoryFrom, loadInputs } from "../../inputs/index.js";
import type { FilesSourceConfig } from "../config-schema.js";
import type { EvalItem, ScannerSource, Unit, UnitContext, UnitResult } from "../types.js";
import { recordSnapshot, sortUnique, type SnapshotState } from "./snapshot.js";

export class FilesSource implements ScannerSource<SnapshotState> {
  readonly type = "files";
  readonly name: string;

  constructor(private readonly cfg: FilesSourceConfig) {
    this.name = cfg.name;
  }

  async units(): Promise<Unit[]> {
    return [{ key: this.name, refPrefix: `${this.name}:`, label: this.cfg.paths.join(", ") }];
  }

  private relativeName(file: string): string {
    for (const p of this.cfg.paths) {
      const r = relative(p, file);
      if (r === "") return file.split(sep).pop()!;
      if (!r.startsWith("..")) return r.split(sep).join("/");
    }
    return file;
  }

  async runUnit(unit: Unit, ctx: UnitContext<SnapshotState>): Promise<UnitResult> {
    const loaded = await loadInputs(this.cfg.paths, { source: "scanner" });
    const inventory = inventoryFrom(loaded.documents);
    const items: EvalItem[] = loaded.documents.map((doc) => ({
      doc,
      reference: `${unit.refPrefix}${this.relativeName(doc.file)}#${doc.index}`,
      actor: null,
      ...(doc.kind === "kubernetes" ? { inventory } : {}),
    }));
    const run = await recordSnapshot(sortUnique(items), ctx, ctx.headSeq());
    const warnings = loaded.errors.map(formatInputError);
    return { items: run.outcomes.length, interrupted: run.interrupted, warnings };
  }
}
