// The PostgreSQL backend against the real server (127.0.0.1:5432, database `test`): no mocks, no skip.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { ROOT } from "../shared.js";
import { openEvidenceLog } from "../../src/evidence/log.js";
import type { PgLog } from "../../src/evidence/pglog/writer.js";
import { PgLogReader } from "../../src/evidence/pglog/reader.js";
import { checkChain } from "../../src/evidence/chain.js";
import { checkpointMismatch, checkpointSignatureValid } from "../../src/evidence/checkpoint.js";
import { generateKeyPair, loadPublicKey } from "../../src/evidence/keys.js";
import { fileKeySigner } from "../../src/evidence/signer.js";
import { GENESIS_HASH, type EvidenceRecord } from "../../src/evidence/record.js";
import { closedPort, forwardToPg, PG_DB, setupPg, type PgFixture } from "./pg.js";
import { sampleInput, tempDir } from "./helpers.js";

let fx: PgFixture;
const tmp = tempDir("evident-pg-");
let keyPath: string;
let pubPem: string;

beforeAll(async () => {
  fx = await setupPg();
  const k = await generateKeyPair({ privateKeyPath: join(tmp.dir, "k.key"), publicKeyPath: join(tmp.dir, "k.pub") });
  keyPath = k.privateKeyPath;
  pubPem = k.publicKeyPem;
});
afterAll(async () => {
  await fx?.drop();
  tmp.cleanup();
});

async function chainRecords(chain: string): Promise<EvidenceRecord[]> {
  const reader = await PgLogReader.open({ connectionString: fx.appUrl, schema: fx.schema });
  const out: EvidenceRecord[] = [];
  for await (const r of reader.records(chain)) out.push(r);
  await reader.close();
  return out;
}

function runWriter(url: string, spoolDir: string, count: number, instance: string, killAfterAcks?: number): Promise<{ chain: string; acks: Map<number, string>; done: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/evidence/fixtures/pg-writer.ts"), url, fx.schema, spoolDir, String(count), keyPath, instance], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let acked = 0;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      acked = (out.match(/^ack /gm) ?? []).length;
      if (killAfterAcks !== undefined && acked >= killAfterAcks) child.kill("SIGKILL");
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (killAfterAcks === undefined && code !== 0) return reject(new Error(`writer ${instance} failed (${code ?? signal}): ${err}`));
      const acks = new Map<number, string>();
      for (const m of out.matchAll(/^ack (\d+) ([0-9a-f]{64})$/gm)) acks.set(Number(m[1]), m[2]!);
      resolve({ chain: /^chain (\S+)$/m.exec(out)?.[1] ?? "", acks, done: /^done$/m.test(out) });
    });
  });
}

describe("PostgreSQL backend", () => {
  it("lets the application role insert and select but never update, delete or truncate; the owner cannot either", async () => {
    const log = await openEvidenceLog({ backend: "postgres", connectionString: fx.appUrl, schema: fx.schema, spoolDir: join(tmp.dir, "spool-a"), source: { type: "scan", instance: "ci" } });
    const recs = await Promise.all(Array.from({ length: 5 }, (_, i) => log.append(sampleInput(i, { type: "scan", instance: "ci" }))));
    await log.close();
    expect((log as PgLog).stats().mode).toBe("online");
    const app = new pg.Client({ connectionString: fx.appUrl });
    await app.connect();
    const t = `"${fx.schema}".evidence_records`;
    const sel = await app.query(`SELECT count(*)::int AS n FROM ${t} WHERE chain = $1`, [log.chain]);
    expect(sel.rows[0].n).toBe(5);
    await expect(app.query(`UPDATE ${t} SET body = 'x' WHERE chain = $1`, [log.chain])).rejects.toMatchObject({ code: "42501", message: expect.stringContaining("permission denied") });
    await expect(app.query(`DELETE FROM ${t} WHERE chain = $1`, [log.chain])).rejects.toMatchObject({ code: "42501" });
    await expect(app.query(`TRUNCATE ${t}`)).rejects.toMatchObject({ code: "42501" });
    await expect(app.query(`DELETE FROM "${fx.schema}".evidence_checkpoints`)).rejects.toMatchObject({ code: "42501" });
    // an insert that does not continue the chain is refused by the link trigger
    const r = recs[4]!;
    await expect(
      app.query(`INSERT INTO ${t} (chain, seq, id, time, prev_hash, hash, body) VALUES ($1, 7, gen_random_uuid(), now(), $2, $2, '{}')`, [log.chain, r.hash]),
    ).rejects.toMatchObject({ code: "23000", message: expect.stringContaining("does not continue") });
    await app.end();
    // the owner (a superuser here) is refused by the triggers
    await expect(fx.admin.query(`UPDATE ${t} SET body = 'x' WHERE chain = $1`, [log.chain])).rejects.toMatchObject({ message: expect.stringContaining("append-only") });
    await expect(fx.admin.query(`DELETE FROM ${t} WHERE chain = $1`, [log.chain])).rejects.toMatchObject({ message: expect.stringContaining("append-only") });
    await expect(fx.admin.query(`TRUNCATE ${t}`)).rejects.toMatchObject({ message: expect.stringContaining("append-only") });
    const stored = await chainRecords(log.chain);
    expect(stored.map((x) => x.hash)).toEqual(recs.map((x) => x.hash));
    expect(checkChain(stored, { chain: log.chain, firstPrevHash: GENESIS_HASH, lastSeq: 5, headHash: recs[4]!.hash })).toBeNull();
  });

  it("continues an explicitly named chain from its head in PostgreSQL", async () => {
    const cfg = { backend: "postgres" as const, connectionString: fx.appUrl, schema: fx.schema, spoolDir: join(tmp.dir, "spool-b"), chain: "scan-fixed" };
    let log = await openEvidenceLog(cfg);
    const first = await Promise.all(Array.from({ length: 12 }, (_, i) => log.append(sampleInput(i))));
    await log.close();
    log = await openEvidenceLog(cfg);
    expect(log.head()).toEqual({ seq: 12, hash: first[11]!.hash });
    expect(await log.append(sampleInput(12))).toMatchObject({ seq: 13, prevHash: first[11]!.hash });
    await log.close();
    expect(checkChain(await chainRecords("scan-fixed"), { chain: "scan-fixed", firstPrevHash: GENESIS_HASH, lastSeq: 13 })).toBeNull();
  });

  it("keeps every chain valid with concurrent writers in several processes", { timeout: 120_000 }, async () => {
    const N = 4;
    const COUNT = 400;
    const runs = await Promise.all(Array.from({ length: N }, (_, i) => runWriter(fx.appUrl, join(tmp.dir, "spool-c"), COUNT, `replica-${i}`)));
    const chains = new Set(runs.map((r) => r.chain));
    expect(chains.size).toBe(N); // one chain per writer
    const key = loadPublicKey(pubPem);
    const reader = await PgLogReader.open({ connectionString: fx.appUrl, schema: fx.schema });
    for (const run of runs) {
      expect(run.done).toBe(true);
      expect(run.acks.size).toBe(COUNT);
      const recs = await chainRecords(run.chain);
      expect(recs).toHaveLength(COUNT);
      expect(checkChain(recs, { chain: run.chain, firstPrevHash: GENESIS_HASH, lastSeq: COUNT })).toBeNull();
      for (const [s, h] of run.acks) expect(recs[s - 1]!.hash).toBe(h);
      const cps = await reader.checkpoints(run.chain);
      let next = 1;
      for (const cp of cps) {
        expect(cp.body.fromSeq).toBe(next);
        expect(checkpointSignatureValid(cp, key)).toBe(true);
        expect(checkpointMismatch(cp, recs.slice(cp.body.fromSeq - 1, cp.body.toSeq).map((r) => r.hash))).toBeNull();
        next = cp.body.toSeq + 1;
      }
      expect(next - 1).toBe(COUNT);
    }
    await reader.close();
  });

  it("spools to files while the database is unreachable and drains in order when it returns", { timeout: 60_000 }, async () => {
    const port = await closedPort();
    const url = `postgres://${fx.appRole}@127.0.0.1:${port}/${PG_DB}`;
    const spoolDir = join(tmp.dir, "spool-d");
    const errors: unknown[] = [];
    const log = (await openEvidenceLog({
      backend: "postgres",
      connectionString: url,
      schema: fx.schema,
      spoolDir,
      source: { type: "webhook", instance: "replica-z" },
      signer: fileKeySigner(keyPath),
      checkpoint: { every: 20 },
      retryMs: 100,
      onError: (e) => errors.push(e),
    })) as PgLog;
    const offline = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(sampleInput(i))));
    expect(offline.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(log.stats()).toMatchObject({ mode: "spooling", spooled: 50 });
    expect(errors.some((e) => (e as { code?: string }).code === "LOG_SPOOLING")).toBe(true);
    expect(readdirSync(spoolDir).length).toBe(1);
    expect(await chainRecords(log.chain)).toHaveLength(0);

    const proxy = await forwardToPg(port); // the database answers on the same address again
    try {
      await new Promise((r) => setTimeout(r, 150));
      const online = await Promise.all(Array.from({ length: 10 }, (_, i) => log.append(sampleInput(50 + i))));
      expect(log.stats().mode).toBe("online");
      expect(log.stats().drained).toBe(50);
      await log.close();
      const stored = await chainRecords(log.chain);
      expect(stored.map((r) => r.hash)).toEqual([...offline, ...online].map((r) => r.hash));
      expect(checkChain(stored, { chain: log.chain, firstPrevHash: GENESIS_HASH, lastSeq: 60, headHash: online[9]!.hash })).toBeNull();
      expect(existsSync(join(spoolDir, readdirSync(spoolDir)[0] ?? "none"))).toBe(false); // spool removed once drained
      // checkpoints made while offline were spooled and drained too; together they cover every record
      const reader = await PgLogReader.open({ connectionString: fx.appUrl, schema: fx.schema });
      const cps = await reader.checkpoints(log.chain);
      await reader.close();
      let next = 1;
      for (const cp of cps) {
        expect(cp.body.fromSeq).toBe(next);
        next = cp.body.toSeq + 1;
      }
      expect(next - 1).toBe(60);
    } finally {
      await proxy.close();
    }
  });

  it("drains the spool of a writer that was killed while the database was down", { timeout: 60_000 }, async () => {
    const port = await closedPort();
    const spoolDir = join(tmp.dir, "spool-e");
    const dead = await runWriter(`postgres://${fx.appRole}@127.0.0.1:${port}/${PG_DB}`, spoolDir, 100_000, "replica-dead", 40);
    expect(dead.acks.size).toBeGreaterThanOrEqual(40);
    expect(await chainRecords(dead.chain)).toHaveLength(0);
    // the next writer (database reachable) drains the spool it left behind
    const log = await openEvidenceLog({ backend: "postgres", connectionString: fx.appUrl, schema: fx.schema, spoolDir, source: { type: "webhook", instance: "replica-new" } });
    await log.append(sampleInput(0));
    await log.close();
    const stored = await chainRecords(dead.chain);
    for (const [s, h] of dead.acks) expect(stored[s - 1]?.hash, `acknowledged seq ${s}`).toBe(h);
    expect(checkChain(stored, { chain: dead.chain, firstPrevHash: GENESIS_HASH })).toBeNull();
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
