// Findings written back to the cluster as Policy Reports (wgpolicyk8s.io/v1alpha2, the format of the
// Kubernetes Policy working group): one PolicyReport per namespace and one ClusterPolicyReport for
// cluster-scoped objects, each replaced as a whole on every completed run (server-side apply).
import type { Outcome } from "../types.js";
import type { KubeClient } from "./client.js";

type Obj = Record<string, unknown>;

export interface ReportEntry {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  outcome: Outcome;
}

export const POLICY_REPORT_API = "wgpolicyk8s.io/v1alpha2";
/** Results per report at most (etcd objects are limited to ~1.5 MB). */
export const MAX_RESULTS = 2000;

function resultsOf(e: ReportEntry, seconds: number): Obj[] {
  const resource: Obj = { apiVersion: e.apiVersion, kind: e.kind, name: e.name };
  if (e.namespace) resource["namespace"] = e.namespace;
  if (e.uid) resource["uid"] = e.uid;
  const base = { source: "evident", scored: true, timestamp: { seconds, nanos: 0 }, resources: [resource] };
  if (e.outcome.decision === "error") return [{ ...base, policy: "evident", result: "error", message: e.outcome.error ?? "evaluation failed" }];
  if (e.outcome.findings.length === 0) return [{ ...base, policy: "evident", result: "pass", message: "no findings" }];
  return e.outcome.findings.map((f) => {
    const r: Obj = { ...base, policy: f.check, rule: f.check, result: f.waiver ? "skip" : "fail", severity: f.severity, message: f.message };
    const props: Record<string, string> = {};
    if (f.controls.length) props["controls"] = f.controls.join(",");
    if (f.waiver) props["exception"] = f.waiver;
    if (f.path) props["path"] = f.path;
    if (Object.keys(props).length) r["properties"] = props;
    return r;
  });
}

export function buildReports(entries: readonly ReportEntry[], name: string, now = new Date()): { namespaced: Map<string, Obj>; cluster: Obj | undefined } {
  const seconds = Math.floor(now.getTime() / 1000);
  const groups = new Map<string, Obj[]>();
  for (const e of entries) {
    const key = e.namespace ?? "";
    const list = groups.get(key) ?? [];
    list.push(...resultsOf(e, seconds));
    groups.set(key, list);
  }
  const report = (kind: string, namespace: string | undefined, results: Obj[]): Obj => {
    const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const r of results) summary[r["result"] as keyof typeof summary]++;
    const metadata: Obj = { name, labels: { "app.kubernetes.io/managed-by": "evident" } };
    if (namespace) metadata["namespace"] = namespace;
    const out: Obj = { apiVersion: POLICY_REPORT_API, kind, metadata, summary, results: results.slice(0, MAX_RESULTS) };
    if (results.length > MAX_RESULTS) (metadata["annotations"] = { "evident.io/truncated-results": String(results.length - MAX_RESULTS) });
    return out;
  };
  const namespaced = new Map<string, Obj>();
  let cluster: Obj | undefined;
  for (const [ns, results] of groups) {
    if (ns === "") cluster = report("ClusterPolicyReport", undefined, results);
    else namespaced.set(ns, report("PolicyReport", ns, results));
  }
  return { namespaced, cluster };
}

/** Applies the reports; returns the errors (one per report that could not be written). */
export async function writeReports(client: KubeClient, reports: ReturnType<typeof buildReports>, name: string): Promise<string[]> {
  const errors: string[] = [];
  const put = async (path: string, obj: Obj) => {
    try {
      await client.apply(path, obj, "evident-scanner");
    } catch (e) {
      errors.push((e as Error).message);
    }
  };
  for (const [ns, r] of reports.namespaced) await put(`/apis/${POLICY_REPORT_API}/namespaces/${encodeURIComponent(ns)}/policyreports/${name}`, r);
  if (reports.cluster) await put(`/apis/${POLICY_REPORT_API}/clusterpolicyreports/${name}`, reports.cluster);
  return errors;
}
