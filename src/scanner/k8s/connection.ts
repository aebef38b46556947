// How to reach a Kubernetes API server: from a kubeconfig file (a context's cluster and user) or from
// inside a pod (the service account's token and CA). Supports bearer tokens (inline, file, the exec
// credential plugins of EKS/GKE/AKS kubeconfigs) and client certificates.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";

export interface KubeConnection {
  server: URL;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecure?: boolean;
  servername?: string;
  /** The bearer token to send, if any (re-read for rotating service account tokens). */
  token?: () => Promise<string | undefined>;
}

export class KubeConfigError extends Error {
  readonly code = "KUBECONFIG_INVALID";
}

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** A token file read again at most once a minute (projected tokens rotate). */
function fileToken(path: string): () => Promise<string> {
  let cached: { value: string; at: number } | undefined;
  return async () => {
    if (!cached || Date.now() - cached.at > 60_000) cached = { value: (await readFile(path, "utf8")).trim(), at: Date.now() };
    return cached.value;
  };
}

export async function inClusterConnection(env: NodeJS.ProcessEnv = process.env, dir = SERVICE_ACCOUNT_DIR): Promise<KubeConnection> {
  const host = env["KUBERNETES_SERVICE_HOST"];
  const port = env["KUBERNETES_SERVICE_PORT"] ?? "443";
  if (!host) throw new KubeConfigError("inCluster: KUBERNETES_SERVICE_HOST is not set (not running in a pod?)");
  const h = host.includes(":") ? `[${host}]` : host;
  return { server: new URL(`https://${h}:${port}`), ca: await readFile(resolve(dir, "ca.crt")), token: fileToken(resolve(dir, "token")) };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const named = (list: unknown, name: string, what: string, file: string): Obj => {
  const e = (Array.isArray(list) ? list : []).find((x) => obj(x)["name"] === name);
  if (!e) throw new KubeConfigError(`${file}: no ${what} named ${JSON.stringify(name)}`);
  return obj(obj(e)[what]);
};

function execToken(exec: Obj, baseDir: string): () => Promise<string | undefined> {
  let cached: { token: string; expires: number } | undefined;
  return async () => {
    if (cached && cached.expires > Date.now() + 30_000) return cached.token;
    const command = String(exec["command"] ?? "");
    const args = Array.isArray(exec["args"]) ? exec["args"].map(String) : [];
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const e of Array.isArray(exec["env"]) ? exec["env"] : []) env[String(obj(e)["name"])] = String(obj(e)["value"] ?? "");
    const cmd = command.includes("/") && !isAbsolute(command) ? resolve(baseDir, command) : command;
    const stdout = await new Promise<string>((res, rej) =>
      execFile(cmd, args, { env, timeout: 60_000, maxBuffer: 1 << 20 }, (err, out) => (err ? rej(new KubeConfigError(`exec credential plugin ${command} failed: ${err.message}`)) : res(out))),
    );
    const status = obj(obj(JSON.parse(stdout) as unknown)["status"]);
    const token = typeof status["token"] === "string" ? status["token"] : undefined;
    if (!token) throw new KubeConfigError(`exec credential plugin ${command} returned no status.token (client certificates from plugins are not supported)`);
    const exp = typeof status["expirationTimestamp"] === "string" ? Date.parse(status["expirationTimestamp"]) : Date.now() + 5 * 60_000;
    cached = { token, expires: exp };
    return token;
  };
}

/** Reads a kubeconfig (default: $KUBECONFIG's first file, else ~/.kube/config) for a context (default: current-context). */
export async function kubeconfigConnection(file?: string, context?: string): Promise<KubeConnection> {
  const path = file ?? (process.env["KUBECONFIG"]?.split(":")[0] || resolve(homedir(), ".kube/config"));
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new KubeConfigError(`cannot read kubeconfig ${path}: ${(e as Error).message}`);
  }
  const cfg = obj(parseYaml(text) as unknown);
  const ctxName = context ?? (typeof cfg["current-context"] === "string" ? cfg["current-context"] : undefined);
  if (!ctxName) throw new KubeConfigError(`${path}: no context given and no current-context`);
  const ctx = named(cfg["contexts"], ctxName, "context", path);
  const cluster = named(cfg["clusters"], String(ctx["cluster"] ?? ""), "cluster", path);
  const user = ctx["user"] !== undefined ? named(cfg["users"], String(ctx["user"]), "user", path) : {};
  const base = dirname(path);
  const fileOrData = async (fileKey: string, dataKey: string, from: Obj): Promise<Buffer | undefined> => {
    if (typeof from[dataKey] === "string") return Buffer.from(from[dataKey] as string, "base64");
    if (typeof from[fileKey] === "string") return readFile(resolve(base, from[fileKey] as string));
    return undefined;
  };
  if (typeof cluster["server"] !== "string") throw new KubeConfigError(`${path}: cluster of context ${ctxName} has no server`);
  const conn: KubeConnection = { server: new URL(cluster["server"]) };
  const ca = await fileOrData("certificate-authority", "certificate-authority-data", cluster);
  if (ca) conn.ca = ca;
  if (cluster["insecure-skip-tls-verify"] === true) conn.insecure = true;
  if (typeof cluster["tls-server-name"] === "string") conn.servername = cluster["tls-server-name"];
  const cert = await fileOrData("client-certificate", "client-certificate-data", user);
  const key = await fileOrData("client-key", "client-key-data", user);
  if (cert) conn.cert = cert;
  if (key) conn.key = key;
  if (typeof user["token"] === "string") {
    const t = user["token"];
    conn.token = async () => t;
  } else if (typeof user["tokenFile"] === "string") conn.token = fileToken(resolve(base, user["tokenFile"]));
  else if (user["exec"]) conn.token = execToken(obj(user["exec"]), base);
  else if (user["auth-provider"]) throw new KubeConfigError(`${path}: user of context ${ctxName} uses an auth-provider; use a token or an exec plugin`);
  return conn;
}
