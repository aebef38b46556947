// Decisions recorded in the PostgreSQL evidence backend (the real server of the development and CI
// machines), with the connection string read from a file as a mounted Secret provides it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLogReader, type EvidenceRecord } from "../../src/evidence/index.js";
import { ADMIN_URL, setupPg, type PgFixture } from "../evidence/pg.js";
import { buildTestBundle, createRequest, FIXTURE_POLICIES, pod, review, startTestServer, tempDir, type TestServer } from "./helpers.js";

describe("evidence in PostgreSQL", () => {
  let pg: PgFixture;
  let s: TestServer;
  beforeAll(async () => {
    pg = await setupPg();
    const dir = tempDir();
    writeFileSync(join(dir, "db-url"), `${pg.appUrl}\n`, { mode: 0o600 });
    const bundle = await buildTestBundle(FIXTURE_POLICIES, join(dir, "b.tar.gz"), "pg-1");
    s = await startTestServer({
      source: { bundle },
      config: { evidence: { backend: "postgres", connectionStringFile: join(dir, "db-url"), schema: pg.schema, spoolDir: join(dir, "spool"), instance: "replica-pg" } },
    });
  });
  afterAll(async () => {
    await s?.close();
    await pg?.drop();
  });

  it("records every decision once committed, in a chain of this replica", async () => {
    const deny = await s.post(review(createRequest(pod("bad", { privileged: true }))));
    const allow = await s.post(review(createRequest(pod("good"))));
    expect(deny.body.response.allowed).toBe(false);
    expect(allow.body.response.allowed).toBe(true);
    const reader = await openLogReader({ backend: "postgres", connectionString: ADMIN_URL, schema: pg.schema });
    const recs: EvidenceRecord[] = [];
    try {
      const chains = await reader.chains();
      expect(chains).toHaveLength(1);
      expect(chains[0]).toMatch(/^webhook-replica-pg/);
      for await (const r of reader.records(chains[0]!)) recs.push(r);
    } finally {
      await reader.close();
    }
    expect(recs.map((r) => r.id)).toEqual([deny.body.response.auditAnnotations["evidence-record"], allow.body.response.auditAnnotations["evidence-record"]]);
    expect(recs.map((r) => r.decision)).toEqual(["deny", "allow"]);
    expect(recs[0]).toMatchObject({ source: { type: "webhook", instance: "replica-pg" }, actor: { name: "alice@example.com" }, bundle: { revision: "pg-1" } });
    expect(JSON.stringify(recs)).not.toContain("s3cr3t-value-never-logged");
  });

  it("the config needs exactly one of connectionString and connectionStringFile", async () => {
    const { resolveWebhookConfig } = await import("../../src/webhook/config.js");
    expect(() => resolveWebhookConfig({ evidence: { backend: "postgres", spoolDir: "/s" } })).toThrow(/evidence: needs exactly one of connectionString and connectionStringFile/);
    expect(() => resolveWebhookConfig({ evidence: { backend: "postgres", spoolDir: "/s", connectionString: "a", connectionStringFile: "b" } })).toThrow(/needs exactly one/);
  });
});
