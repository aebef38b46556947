// `evident webhook` as a process: flags, config errors, serving, structured logs on stdout, SIGTERM.
// Runs the CLI from sources (node --import tsx), so it does not depend on a fresh dist/.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLogReader } from "../../src/evidence/index.js";
import { ROOT } from "../shared.js";
import { buildTestBundle, createRequest, FIXTURE_POLICIES, httpsCall, makeCa, makeServerCert, pod, review, tempDir, type Ca } from "./helpers.js";

const MAIN = join(ROOT, "src/cli/main.ts");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
    srv.on("error", reject);
  });
}

function run(args: string[]): { child: ChildProcess; out: { stdout: string; stderr: string }; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, env: { ...process.env, POD_NAME: "evident-webhook-0" }, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out.stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (out.stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, out, exit };
}

describe("evident webhook", () => {
  let dir: string;
  let ca: Ca;
  let bundle: string;
  beforeAll(async () => {
    dir = tempDir();
    ca = await makeCa();
    const { certPem, keyPem } = await makeServerCert(ca, "0c01");
    writeFileSync(join(dir, "tls.crt"), certPem);
    writeFileSync(join(dir, "tls.key"), keyPem, { mode: 0o600 });
    bundle = await buildTestBundle(FIXTURE_POLICIES, join(dir, "bundle.tar.gz"), "cli-1");
  });

  it("refuses a config with a bad field, naming it", async () => {
    writeFileSync(join(dir, "bad.yaml"), "failureMode: maybe\n");
    const p = run(["webhook", "--bundle", bundle, "--tls-cert", join(dir, "tls.crt"), "--tls-key", join(dir, "tls.key"), "--config", join(dir, "bad.yaml")]);
    expect(await p.exit).toBe(1);
    expect(p.out.stderr).toContain("bad.yaml: invalid webhook configuration:");
    expect(p.out.stderr).toContain("failureMode: must be one of closed, open (line 1)");
  });

  it("refuses a bad port and missing TLS flags", async () => {
    const p = run(["webhook", "--bundle", bundle, "--tls-cert", "x", "--tls-key", "y", "--port", "99999"]);
    expect(await p.exit).not.toBe(0);
    expect(p.out.stderr).toMatch(/--port.*must be a port number/);
    const q = run(["webhook", "--bundle", bundle]);
    expect(await q.exit).not.toBe(0);
    expect(q.out.stderr).toMatch(/--tls-cert/);
  });

  describe("serving", () => {
    let proc: ReturnType<typeof run>;
    let port: number;
    let evidenceDir: string;
    beforeAll(async () => {
      port = await freePort();
      evidenceDir = join(dir, "evidence");
      writeFileSync(join(dir, "webhook.yaml"), `evidence: {backend: file, dir: ${evidenceDir}}\nevaluation: {threads: 1}\nlogging: {level: info}\n`);
      proc = run(["webhook", "--bundle", bundle, "--tls-cert", join(dir, "tls.crt"), "--tls-key", join(dir, "tls.key"), "--port", String(port), "--host", "127.0.0.1", "--config", join(dir, "webhook.yaml"), "--shutdown-delay", "0"]);
      for (let i = 0; i < 400; i++) {
        const r = await httpsCall(port, ca.certPem, "GET", "/readyz").catch(() => undefined);
        if (r?.status === 200) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`webhook did not become ready:\n${proc.out.stdout}\n${proc.out.stderr}`);
    }, 60_000);
    afterAll(() => {
      if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
    });

    it("answers admission reviews, logs JSON without object contents, and stops cleanly on SIGTERM", async () => {
      const r = await httpsCall(port, ca.certPem, "POST", "/v1/validate", JSON.stringify(review(createRequest(pod("p", { privileged: true })))));
      expect(r.body.response.allowed).toBe(false);
      expect(r.body.response.auditAnnotations["bundle-revision"]).toBe("cli-1");
      const rid = r.body.response.auditAnnotations["evidence-record"] as string;
      proc.child.kill("SIGTERM");
      expect(await proc.exit).toBe(0);
      const lines = proc.out.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l["msg"] === "admission decision")).toMatchObject({ decision: "deny", name: "p", user: "alice@example.com" });
      expect(lines.find((l) => l["msg"] === "policy bundle loaded")).toMatchObject({ revision: "cli-1" });
      expect(lines.find((l) => l["msg"] === "shutting down")).toMatchObject({ signal: "SIGTERM" });
      expect(proc.out.stdout).not.toContain("s3cr3t-value-never-logged");
      const reader = await openLogReader({ backend: "file", dir: evidenceDir });
      const chains = await reader.chains();
      expect(chains).toEqual(["webhook-evident-webhook-0"]);
      const recs = [];
      for await (const x of reader.records(chains[0]!)) recs.push(x);
      await reader.close();
      expect(recs.map((x) => x.id)).toContain(rid);
    });
  });

  describe("--processes 2 (node:cluster)", () => {
    let proc: ReturnType<typeof run>;
    let port: number;
    let evidenceDir: string;
    const serving = () =>
      proc.out.stdout
        .split("\n")
        .filter((l) => l.includes('"webhook process serving"'))
        .map((l) => JSON.parse(l) as { index: number; pid: number });
    beforeAll(async () => {
      port = await freePort();
      evidenceDir = join(dir, "evidence-cluster");
      writeFileSync(join(dir, "cluster.yaml"), `evidence: {backend: file, dir: ${evidenceDir}}\nlogging: {level: warn}\n`);
      proc = run(["webhook", "--processes", "2", "--bundle", bundle, "--tls-cert", join(dir, "tls.crt"), "--tls-key", join(dir, "tls.key"), "--port", String(port), "--host", "127.0.0.1", "--config", join(dir, "cluster.yaml"), "--shutdown-delay", "0"]);
      for (let i = 0; i < 1200 && serving().length < 2; i++) await new Promise((res) => setTimeout(res, 50));
      if (serving().length < 2) throw new Error(`processes did not start:\n${proc.out.stdout}\n${proc.out.stderr}`);
    }, 90_000);
    afterAll(() => {
      if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
    });

    it("serves from both processes, aggregates their metrics, keeps a chain per process, replaces a dead one", async () => {
      const post = () => httpsCall(port, ca.certPem, "POST", "/v1/validate", JSON.stringify(review(createRequest(pod("c", { privileged: true })))));
      for (let i = 0; i < 20; i++) expect((await post()).body.response.allowed).toBe(false);
      // whichever process answers the scrape, it reports the requests of both
      for (let i = 0; i < 4; i++) {
        const m = await httpsCall(port, ca.certPem, "GET", "/metrics");
        expect(m.text).toMatch(/evident_webhook_requests_total\{operation="CREATE",decision="deny",mode="enforce"\} 20\n/);
        expect(m.text).toMatch(/evident_webhook_bundle_info\{revision="cli-1",digest="sha256:[0-9a-f]{64}"\} 1\n/);
      }
      // a process that dies is replaced under the same index; the other keeps answering meanwhile
      const victim = serving().find((x) => x.index === 1)!;
      process.kill(victim.pid, "SIGKILL");
      for (let i = 0; i < 5; i++) expect((await post()).status).toBe(200);
      for (let i = 0; i < 1200 && serving().filter((x) => x.index === 1).length < 2; i++) await new Promise((res) => setTimeout(res, 50));
      expect(serving().filter((x) => x.index === 1)).toHaveLength(2);
      expect(proc.out.stdout).toContain('"webhook process exited; restarting it"');
      for (let i = 0; i < 10; i++) expect((await post()).status).toBe(200);

      proc.child.kill("SIGTERM");
      expect(await proc.exit).toBe(0);
      const reader = await openLogReader({ backend: "file", dir: evidenceDir });
      const chains = (await reader.chains()).sort();
      expect(chains).toEqual(["webhook-evident-webhook-0-p0", "webhook-evident-webhook-0-p1"]);
      let total = 0;
      for (const c of chains) for await (const r of reader.records(c)) total += r.decision === "deny" ? 1 : 0;
      await reader.close();
      expect(total).toBe(35);
    }, 120_000);
  });
});

