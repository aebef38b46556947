// A local Kubernetes API server (HTTPS with a test CA, bearer token) for the scanner's list calls:
// GET /api/v1/<plural>, /apis/<group>/<version>/<plural>, and their /namespaces/<ns>/ forms, with
// limit/continue paging (items without apiVersion/kind, as typed lists return them), 410 Gone for an
// expired continue token when asked to, and server-side apply (PATCH application/apply-patch+yaml)
// of PolicyReports / ClusterPolicyReports.
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import { randomUUID } from "node:crypto";
import type { TestTls } from "./tls.js";

type Obj = Record<string, unknown>;

export interface KubeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

const PLURALS: Record<string, string> = {
  Namespace: "namespaces",
  Pod: "pods",
  Service: "services",
  ServiceAccount: "serviceaccounts",
  PersistentVolumeClaim: "persistentvolumeclaims",
  Deployment: "deployments",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
  ReplicaSet: "replicasets",
  Job: "jobs",
  CronJob: "cronjobs",
  Ingress: "ingresses",
  NetworkPolicy: "networkpolicies",
  Role: "roles",
  RoleBinding: "rolebindings",
  ClusterRole: "clusterroles",
  ClusterRoleBinding: "clusterrolebindings",
  StorageClass: "storageclasses",
  Secret: "secrets",
  ConfigMap: "configmaps",
};
const CLUSTER_KINDS = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "StorageClass"]);

export class FakeKube {
  readonly requests: KubeRequest[] = [];
  /** "apiVersion|plural" -> objects (with apiVersion/kind, stored as created). */
  private readonly store = new Map<string, Obj[]>();
  readonly applied = new Map<string, Obj>();
  /** Answer the n-th continue request of a list with 410 Gone (once). */
  expireContinueAt: number | undefined;
  private continues = 0;
  private server!: https.Server;
  url = "";
  readonly token = `tok-${randomUUID()}`;

  constructor(private readonly tls: TestTls) {}

  /** Adds an object as the API server would hold it (uid, resourceVersion; namespaced kinds get "default"). Returns false for kinds it does not serve or a duplicate name. */
  add(o: Obj): boolean {
    const kind = String(o.kind ?? "");
    const plural = PLURALS[kind];
    if (!plural || typeof o.apiVersion !== "string") return false;
    const md = { ...((o.metadata ?? {}) as Obj) };
    if (typeof md.name !== "string" || md.name === "") return false;
    if (CLUSTER_KINDS.has(kind)) delete md.namespace;
    else md.namespace = typeof md.namespace === "string" && md.namespace !== "" ? md.namespace : "default";
    md.uid = randomUUID();
    md.resourceVersion = String(this.requests.length + 1);
    md.managedFields = [{ manager: "kubectl", operation: "Apply" }];
    const key = `${o.apiVersion}|${plural}`;
    const list = this.store.get(key) ?? [];
    if (list.some((x) => ((x.metadata as Obj).name === md.name && (x.metadata as Obj).namespace === md.namespace))) return false;
    list.push({ ...o, metadata: md });
    this.store.set(key, list);
    return true;
  }

  objects(): Obj[] {
    return [...this.store.values()].flat();
  }

  async start(): Promise<void> {
    this.server = https.createServer({ cert: this.tls.certPem, key: this.tls.keyPem }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => this.handle(req, Buffer.concat(chunks).toString(), res));
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `https://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private send(res: ServerResponse, r: KubeRequest, status: number, body: unknown): void {
    r.status = status;
    this.requests.push(r);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private status(code: number, reason: string, message: string): Obj {
    return { kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message };
  }

  private handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "https://x");
    const r: KubeRequest = { method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0 };
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.send(res, r, 401, this.status(401, "Unauthorized", "Unauthorized"));
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return this.send(res, r, 404, this.status(404, "NotFound", `no route ${url.pathname}`));
    const apiVersion = m[1] ?? `${m[2]}/${m[3]}`;
    const ns = m[4] ? decodeURIComponent(m[4]) : undefined;
    const plural = m[5]!;
    const name = m[6] ? decodeURIComponent(m[6]) : undefined;
    if (req.method === "PATCH" && name) {
      if (apiVersion !== "wgpolicyk8s.io/v1alpha2" || (plural !== "policyreports" && plural !== "clusterpolicyreports")) return this.send(res, r, 405, this.status(405, "MethodNotAllowed", "only policy reports are writable"));
      if (req.headers["content-type"] !== "application/apply-patch+yaml" || !url.searchParams.get("fieldManager")) {
        return this.send(res, r, 415, this.status(415, "UnsupportedMediaType", "server-side apply needs application/apply-patch+yaml and fieldManager"));
      }
      const obj = JSON.parse(body) as Obj;
      const md = (obj.metadata ?? {}) as Obj;
      if (md.name !== name || (ns !== undefined && md.namespace !== ns)) return this.send(res, r, 400, this.status(400, "BadRequest", "name/namespace of the body and the path differ"));
      this.applied.set(`${plural}/${ns ?? ""}/${name}`, obj);
      return this.send(res, r, 200, obj);
    }
    if (req.method !== "GET" || name) return this.send(res, r, 405, this.status(405, "MethodNotAllowed", "list only"));
    if (plural === "secrets" || plural === "configmaps") return this.send(res, r, 403, this.status(403, "Forbidden", `${plural} are not readable by the scanner's role`));
    const all = (this.store.get(`${apiVersion}|${plural}`) ?? [])
      .filter((o) => ns === undefined || (o.metadata as Obj).namespace === ns)
      .sort((a, b) => `${(a.metadata as Obj).namespace}/${(a.metadata as Obj).name}`.localeCompare(`${(b.metadata as Obj).namespace}/${(b.metadata as Obj).name}`));
    const limit = Number(url.searchParams.get("limit") ?? "0") || all.length || 1;
    let offset = 0;
    const cont = url.searchParams.get("continue");
    if (cont) {
      this.continues++;
      if (this.expireContinueAt !== undefined && this.continues === this.expireContinueAt) {
        this.expireContinueAt = undefined;
        return this.send(res, r, 410, this.status(410, "Expired", "The provided continue parameter is too old to display a consistent list result."));
      }
      offset = Number(Buffer.from(cont, "base64url").toString());
    }
    const page = all.slice(offset, offset + limit).map((o) => {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    });
    const listKind = `${Object.entries(PLURALS).find(([, p]) => p === plural)?.[0] ?? "Unknown"}List`;
    const metadata: Obj = { resourceVersion: String(this.requests.length + 1000) };
    if (offset + limit < all.length) metadata.continue = Buffer.from(String(offset + limit)).toString("base64url");
    return this.send(res, r, 200, { kind: listKind, apiVersion, metadata, items: page });
  }
}
