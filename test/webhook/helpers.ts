// Test helpers for the webhook: a CA and server certificates generated here (@peculiar/x509 over
// node:crypto's WebCrypto), bundles built from Rego fixtures, real HTTPS requests.
import { webcrypto } from "node:crypto";
import { mkdtempSync, writeFileSync, renameSync, readdirSync, readFileSync } from "node:fs";
import { request as httpsRequest, Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import * as x509 from "@peculiar/x509";
import { Writable } from "node:stream";
import { parse as parseYaml } from "yaml";
import { POLICIES_DIR } from "../../src/engine/engine.js";
import { buildBundle } from "../../src/rego/build.js";
import { OPA_BUILTINS } from "../../src/rego/registry.js";
import { resolveWebhookConfig, type WebhookConfig } from "../../src/webhook/config.js";
import { startWebhookServer, type WebhookServer } from "../../src/webhook/server.js";
import type { PolicySource } from "../../src/webhook/evaluator.js";
import type { UserBuiltinFiles } from "../../src/engine/user-builtins.js";
import { ROOT } from "../shared.js";
import { openLogReader, type EvidenceRecord } from "../../src/evidence/index.js";

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export const FIXTURE_POLICIES = [join(POLICIES_DIR, "evident"), join(ROOT, "test/fixtures/policies"), join(ROOT, "test/webhook/fixtures/policies")];
export const ADMISSION_CORPUS = join(ROOT, "../shared/corpora/kubernetes/admissionreview");

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

export interface Ca {
  certPem: string;
  keys: CryptoKeyPair;
  cert: x509.X509Certificate;
}

async function keyPem(k: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", k), "PRIVATE KEY");
}

export async function makeCa(name = "Evident Test CA"): Promise<Ca> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { certPem: cert.toString("pem"), keys, cert };
}

export async function makeServerCert(ca: Ca, serial: string): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: "CN=evident-webhook.evident-system.svc",
    issuer: ca.cert.subject,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
      ]),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await keyPem(keys.privateKey) };
}

export function tempDir(prefix = "evident-webhook-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a file atomically (write + rename), as Kubernetes volume updates replace files. */
export function replaceFile(path: string, text: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Builds a bundle file from Rego directories (as `evident build`). */
export async function buildTestBundle(paths: string[], out: string, revision: string): Promise<string> {
  await buildBundle({ paths, entrypoints: [], builtins: OPA_BUILTINS, out, revision });
  return out;
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
  headers: Record<string, string | string[] | undefined>;
  /** Serial number of the certificate the server presented. */
  serial: string;
}

export function httpsCall(
  port: number,
  ca: string,
  method: string,
  path: string,
  body?: string | Buffer,
  opts: { agent?: Agent; contentType?: string; minVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3"; maxVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3" } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        ca,
        servername: "localhost",
        agent: opts.agent ?? false,
        ...(opts.minVersion ? { minVersion: opts.minVersion } : {}),
        ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
        headers: body !== undefined ? { "content-type": opts.contentType ?? "application/json", "content-length": Buffer.byteLength(body) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        const serial = (res.socket as TLSSocket).getPeerCertificate?.()?.serialNumber ?? "";
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text, headers: res.headers, serial });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Captures JSON log lines. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    for (const l of chunk.toString("utf8").split("\n")) if (l.trim()) this.lines.push(l);
    cb();
  }
  get records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface TestServer {
  server: WebhookServer;
  port: number;
  ca: Ca;
  dir: string;
  certFile: string;
  keyFile: string;
  logs: LogCapture;
  post(body: unknown, opts?: { agent?: Agent }): Promise<Reply>;
  get(path: string): Promise<Reply>;
  close(): Promise<void>;
}

export async function startTestServer(
  o: { source: PolicySource; config?: Record<string, unknown>; resolved?: WebhookConfig; ca?: Ca; dir?: string; userBuiltins?: UserBuiltinFiles } = { source: { policies: FIXTURE_POLICIES } },
): Promise<TestServer> {
  const dir = o.dir ?? tempDir();
  const ca = o.ca ?? (await makeCa());
  const { certPem, keyPem: kp } = await makeServerCert(ca, "0a01");
  const certFile = join(dir, "tls.crt");
  const keyFile = join(dir, "tls.key");
  writeFileSync(certFile, certPem);
  writeFileSync(keyFile, kp, { mode: 0o600 });
  const logs = new LogCapture();
  const config = o.resolved ?? resolveWebhookConfig({ logging: { level: "debug" }, reload: { pollIntervalMs: 50 }, ...(o.config ?? {}) });
  const { server, port } = await startWebhookServer({
    source: o.source,
    tls: { certFile, keyFile },
    port: 0,
    host: "127.0.0.1",
    config,
    logStream: logs,
    ...(o.userBuiltins ? { userBuiltins: o.userBuiltins } : {}),
  });
  return {
    server,
    port,
    ca,
    dir,
    certFile,
    keyFile,
    logs,
    post: (body, opts = {}) => httpsCall(port, ca.certPem, "POST", "/v1/validate", typeof body === "string" ? body : JSON.stringify(body), opts),
    get: (path) => httpsCall(port, ca.certPem, "GET", path),
    close: () => server.close(),
  };
}

let uidCounter = 0;
export function review(request: Record<string, unknown>, apiVersion = "admission.k8s.io/v1"): Record<string, unknown> {
  return { apiVersion, kind: "AdmissionReview", request: { uid: `00000000-0000-4000-8000-${String(++uidCounter).padStart(12, "0")}`, ...request } };
}

export function pod(name: string, opts: { namespace?: string; labels?: Record<string, string>; privileged?: boolean; image?: string; containers?: number } = {}): Record<string, unknown> {
  const containers = Array.from({ length: opts.containers ?? 1 }, (_, i) => ({
    name: `c${i}`,
    image: opts.image ?? "registry.example/app@sha256:" + "a".repeat(64),
    ...(opts.privileged ? { securityContext: { privileged: true } } : {}),
    resources: { limits: { cpu: "1", memory: "1Gi" } },
    env: [{ name: "SECRET_TOKEN", value: "s3cr3t-value-never-logged" }],
  }));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: opts.namespace ?? "lab", ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: { containers },
  };
}

export function createRequest(object: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const md = object["metadata"] as { name?: string; namespace?: string };
  return {
    kind: { group: "", version: "v1", kind: object["kind"] },
    resource: { group: "", version: "v1", resource: "pods" },
    name: md.name,
    namespace: md.namespace,
    operation: "CREATE",
    userInfo: { username: "alice@example.com", uid: "u-1", groups: ["devs", "system:authenticated"], extra: { token: ["never-recorded"] } },
    object,
    oldObject: null,
    dryRun: false,
    ...extra,
  };
}

/** Every file of the admission corpus, as JSON values. */
export function corpusFiles(): { file: string; value: unknown }[] {
  const out: { file: string; value: unknown }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ya?ml)$/.test(e.name)) out.push({ file: p, value: p.endsWith(".json") ? JSON.parse(readFileSync(p, "utf8")) : parseYaml(readFileSync(p, "utf8")) });
    }
  };
  walk(ADMISSION_CORPUS);
  return out;
}

/** Every record of a file evidence log, chain by chain. */
export async function records(dir: string): Promise<EvidenceRecord[]> {
  const reader = await openLogReader({ backend: "file", dir });
  const out: EvidenceRecord[] = [];
  try {
    for (const chain of await reader.chains()) for await (const r of reader.records(chain)) out.push(r);
  } finally {
    await reader.close();
  }
  return out;
}
