// The live cluster: every listed object becomes the input `evident scan` makes of the same manifest
// (manifestInput, source "scanner"), evaluated with data.inventory built from the whole listing so that
// cross-object checks see the cluster as it is. Optionally the results are written back as
// PolicyReports once a run completes.
import { inventoryFrom, kubernetesResourceRef, manifestInput, type InputDocument } from "../../inputs/index.js";
import type { KubernetesSourceConfig } from "../config-schema.js";
import type { EvalItem, Outcome, ScannerSource, Unit, UnitContext, UnitResult } from "../types.js";
import { outcomeOfRecord } from "../evaluator.js";
import { KubeClient } from "../k8s/client.js";
import { inClusterConnection, kubeconfigConnection, type KubeConnection } from "../k8s/connection.js";
import { buildReports, writeReports, type ReportEntry } from "../k8s/policyreport.js";
import { DEFAULT_KUBE_RESOURCES, listPath, resourceByName, type KubeResource } from "../k8s/resources.js";
import { recordSnapshot, sortUnique, type SnapshotState } from "./snapshot.js";

type Obj = Record<string, unknown>;

export class KubernetesSource implements ScannerSource<SnapshotState> {
  readonly type = "kubernetes";
  readonly name: string;
  private readonly cluster: string;

  constructor(
    private readonly cfg: KubernetesSourceConfig,
    private readonly connect: () => Promise<KubeConnection> = () => (cfg.inCluster ? inClusterConnection() : kubeconfigConnection(cfg.kubeconfig, cfg.context)),
  ) {
    this.name = cfg.name;
    this.cluster = cfg.cluster ?? "cluster";
    for (const r of cfg.resources ?? []) if (!resourceByName(r)) throw new Error(`sources ${cfg.name}: unknown Kubernetes resource ${JSON.stringify(r)}`);
  }

  async units(): Promise<Unit[]> {
    return [{ key: this.name, refPrefix: `${this.name}:`, label: `cluster ${this.cluster}` }];
  }

  private resources(): KubeResource[] {
    return (this.cfg.resources ?? DEFAULT_KUBE_RESOURCES).map((n) => resourceByName(n)!);
  }

  async runUnit(unit: Unit, ctx: UnitContext<SnapshotState>): Promise<UnitResult> {
    const client = new KubeClient(await this.connect());
    try {
      const objects: { obj: Obj; res: KubeResource }[] = [];
      for (const res of this.resources()) {
        const paths = res.namespaced && this.cfg.namespaces ? this.cfg.namespaces.map((ns) => listPath(res, ns)) : [listPath(res)];
        for (const path of paths) {
          for (const item of await client.listAll(path, this.cfg.pageSize ?? 500, ctx.signal)) {
            if (res.kind === "Pod" && (this.cfg.skipOwnedPods ?? true) && ownedByController(item)) continue;
            objects.push({ obj: asManifest(item, res), res });
          }
        }
      }
      const docs: InputDocument[] = [];
      const items: EvalItem[] = [];
      const entries = new Map<string, Omit<ReportEntry, "outcome">>();
      for (const [i, { obj }] of objects.entries()) {
        const input = manifestInput(obj, "scanner");
        const doc: InputDocument = { kind: "kubernetes", file: `kubernetes:${this.cluster}`, index: i, input, resource: kubernetesResourceRef(input) };
        docs.push(doc);
        const md = (obj["metadata"] ?? {}) as Obj;
        const ns = typeof md["namespace"] === "string" && md["namespace"] !== "" ? md["namespace"] : undefined;
        const name = String(md["name"] ?? "");
        const reference = `${unit.refPrefix}${String(obj["apiVersion"])}/${String(obj["kind"])}/${ns ?? "_"}/${name}`;
        items.push({ doc, reference, actor: null });
        const entry: Omit<ReportEntry, "outcome"> = { apiVersion: String(obj["apiVersion"]), kind: String(obj["kind"]), name };
        if (ns) entry.namespace = ns;
        if (typeof md["uid"] === "string") entry.uid = md["uid"];
        entries.set(reference, entry);
      }
      const inventory = inventoryFrom(docs);
      for (const it of items) it.inventory = inventory;
      const run = await recordSnapshot(sortUnique(items), ctx, ctx.headSeq());
      const warnings: string[] = [];
      if (!run.interrupted && this.cfg.policyReports) {
        const outcomes = new Map<string, Outcome>();
        if (run.resumedAfter !== undefined && ctx.state?.run) {
          // the part of the run done before a restart: its results are in the evidence log
          for (const r of await ctx.history(ctx.state.run.startSeq)) outcomes.set(r.subject.reference, outcomeOfRecord(r));
        }
        for (const o of run.outcomes) outcomes.set(o.reference, o);
        const list: ReportEntry[] = [];
        for (const [ref, e] of entries) {
          const o = outcomes.get(ref);
          if (o) list.push({ ...e, outcome: o });
        }
        const reportName = `evident-${this.name}`;
        warnings.push(...(await writeReports(client, buildReports(list, reportName), reportName)).map((m) => `PolicyReport: ${m}`));
      }
      return { items: run.outcomes.length, interrupted: run.interrupted, warnings };
    } finally {
      client.close();
    }
  }
}

function ownedByController(o: Obj): boolean {
  const refs = ((o["metadata"] ?? {}) as Obj)["ownerReferences"];
  return Array.isArray(refs) && refs.some((r) => r && typeof r === "object" && (r as Obj)["controller"] === true);
}

/** List items come without apiVersion/kind; managedFields are bookkeeping no policy reads. */
function asManifest(item: Obj, res: KubeResource): Obj {
  const md = { ...((item["metadata"] ?? {}) as Obj) };
  delete md["managedFields"];
  return { apiVersion: res.apiVersion, kind: res.kind, ...item, metadata: md };
}
