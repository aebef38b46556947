// A small Kubernetes API client on node:https: JSON requests, list with limit/continue paging (a list
// whose continue token expired, 410 Gone, starts over), server-side apply.
import http from "node:http";
import https from "node:https";
import type { KubeConnection } from "./connection.js";

type Obj = Record<string, unknown>;

export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
  readonly code = "KUBE_API_ERROR";
}

export interface KubeResponse {
  status: number;
  body: unknown;
}

export class KubeClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly conn: KubeConnection,
    private readonly timeoutMs = 60_000,
  ) {
    this.agent =
      conn.server.protocol === "https:"
        ? new https.Agent({
            keepAlive: true,
            maxSockets: 4,
            ...(conn.ca ? { ca: conn.ca } : {}),
            ...(conn.cert ? { cert: conn.cert } : {}),
            ...(conn.key ? { key: conn.key } : {}),
            ...(conn.servername ? { servername: conn.servername } : {}),
            rejectUnauthorized: !conn.insecure,
          })
        : new http.Agent({ keepAlive: true, maxSockets: 4 });
  }

  async request(method: string, path: string, opts: { query?: Record<string, string | number | undefined>; body?: unknown; contentType?: string } = {}): Promise<KubeResponse> {
    const url = new URL(path.replace(/^\//, ""), this.conn.server.href.endsWith("/") ? this.conn.server.href : `${this.conn.server.href}/`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
    const token = await this.conn.token?.();
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string | number> = { accept: "application/json", "user-agent": "evident-scanner" };
    if (token) headers["authorization"] = `Bearer ${token}`;
    if (payload) {
      headers["content-type"] = opts.contentType ?? "application/json";
      headers["content-length"] = payload.length;
    }
    const mod = url.protocol === "https:" ? https : http;
    return new Promise<KubeResponse>((resolve, reject) => {
      const req = mod.request(url, { method, headers, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON: keep the text */
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve({ status, body });
          const st = (body && typeof body === "object" ? body : {}) as { reason?: unknown; message?: unknown };
          reject(
            new KubeApiError(
              status,
              typeof st.reason === "string" ? st.reason : String(status),
              `${method} ${url.pathname}: ${status} ${typeof st.message === "string" ? st.message : typeof body === "string" ? body.slice(0, 200) : ""}`.trim(),
            ),
          );
        });
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${url.pathname}: timed out after ${this.timeoutMs} ms`)));
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Every item of a list endpoint, page by page (limit/continue); starts over if the continue token expired. */
  async listAll(path: string, limit: number, signal?: AbortSignal): Promise<Obj[]> {
    for (let attempt = 0; ; attempt++) {
      const items: Obj[] = [];
      let cont: string | undefined;
      try {
        do {
          if (signal?.aborted) throw signal.reason ?? new Error("aborted");
          const res = await this.request("GET", path, { query: { limit, continue: cont } });
          const body = (res.body ?? {}) as { items?: unknown; metadata?: { continue?: unknown } };
          for (const it of Array.isArray(body.items) ? body.items : []) if (it && typeof it === "object") items.push(it as Obj);
          cont = typeof body.metadata?.continue === "string" && body.metadata.continue !== "" ? body.metadata.continue : undefined;
        } while (cont);
        return items;
      } catch (e) {
        if (e instanceof KubeApiError && e.status === 410 && attempt < 3) continue; // continue token expired: relist
        throw e;
      }
    }
  }

  /** Server-side apply (creates or updates; this field manager owns what it writes). */
  async apply(path: string, object: Obj, fieldManager: string): Promise<KubeResponse> {
    return this.request("PATCH", path, { query: { fieldManager, force: "true" }, body: object, contentType: "application/apply-patch+yaml" });
  }

  close(): void {
    this.agent.destroy();
  }
}
