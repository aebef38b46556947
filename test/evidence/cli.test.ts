// The functions `evident keys generate`, `evident evidence export` and `evident evidence verify` call.
import { afterAll, describe, expect, it } from "vitest";
import { chmodSync, readFileSync, statSync } from "node:fs";
import { createHash, createPublicKey } from "node:crypto";
import { join } from "node:path";
import { CATALOG } from "../shared.js";
import { exportCmd, keysGenerate, verifyCmd, type CliIO } from "../../src/evidence/cli.js";
import { fileKeySigner } from "../../src/evidence/signer.js";
import { openEvidenceLog } from "../../src/evidence/log.js";
import { readTarGz, writeTarGz } from "../../src/evidence/archive.js";
import { sampleInput, tempDir } from "./helpers.js";

const tmp = tempDir("evident-cli-");
afterAll(() => tmp.cleanup());

function io(): CliIO & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return { lines, errs, out: (l) => lines.push(l), err: (l) => errs.push(l) };
}

describe("evidence CLI functions", () => {
  it("keys generate writes an Ed25519 PEM pair, the private key 0600, and prints the key id", async () => {
    const prev = process.umask(0o000); // even with a permissive umask
    try {
      const o = io();
      expect(await keysGenerate({ out: join(tmp.dir, "keys/evident") }, o)).toBe(0);
      const key = join(tmp.dir, "keys/evident.key");
      const pub = join(tmp.dir, "keys/evident.pub");
      expect(statSync(key).mode & 0o777).toBe(0o600);
      expect(statSync(pub).mode & 0o777).toBe(0o644);
      expect(readFileSync(key, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      const spki = createPublicKey(readFileSync(pub, "utf8")).export({ type: "spki", format: "der" });
      expect(createPublicKey(readFileSync(pub, "utf8")).asymmetricKeyType).toBe("ed25519");
      expect(o.lines.join("\n")).toContain(createHash("sha256").update(spki).digest("hex"));
      const again = io();
      expect(await keysGenerate({ out: join(tmp.dir, "keys/evident") }, again)).toBe(2);
      expect(again.errs.join()).toContain("refusing to overwrite");
    } finally {
      process.umask(prev);
    }
  });

  it("refuses a private key others can read", async () => {
    const o = io();
    await keysGenerate({ out: join(tmp.dir, "loose") }, o);
    chmodSync(join(tmp.dir, "loose.key"), 0o644);
    expect(() => fileKeySigner(join(tmp.dir, "loose.key"))).toThrow(expect.objectContaining({ code: "KEY_PERMISSIONS" }));
  });

  it("export then verify prints each named step; a tampered bundle exits 1 naming step, file and record", async () => {
    await keysGenerate({ out: join(tmp.dir, "signer") }, io());
    const logDir = join(tmp.dir, "log");
    const log = await openEvidenceLog({ backend: "file", dir: logDir, chain: "webhook-a", signer: fileKeySigner(join(tmp.dir, "signer.key")), checkpoint: { every: 10 } });
    for (let i = 0; i < 40; i++) await log.append(sampleInput(i, { time: new Date(Date.UTC(2026, 0, 10, i)) }));
    await log.close();
    const bundle = join(tmp.dir, "evidence.tar.gz");
    const e = io();
    const code = await exportCmd(
      { from: "2026-01-10T00:00:00Z", to: "2026-01-11T23:59:59Z", out: bundle, log: { backend: "file", dir: logDir }, key: join(tmp.dir, "signer.key"), signerName: "QA", catalog: CATALOG },
      e,
    );
    expect(e.errs).toEqual([]);
    expect(code).toBe(0);
    expect(e.lines[0]).toBe(`Wrote ${bundle}`);

    const v = io();
    expect(await verifyCmd({ bundle, key: join(tmp.dir, "signer.pub") }, v)).toBe(0);
    const steps = v.lines.filter((l) => /^\s+(ok|FAIL)/.test(l));
    expect(steps.map((l) => l.replace(/:.*/, "").trim())).toEqual([
      "ok   1/6 Signature",
      "ok   2/6 Statement subjects match files",
      "ok   3/6 Schemas",
      "ok   4/6 Hash chains continuous",
      "ok   5/6 Checkpoints",
      "ok   6/6 Report totals match the records",
    ]);
    expect(v.lines.at(-1)).toMatch(/^VERIFIED: 40 records from 2026-01-10T00:00:00.000Z to 2026-01-11T23:59:59.000Z, signed by QA\.$/);

    const { files } = await readTarGz(bundle);
    const recs = files.get("records/chain-001.jsonl")!.toString().split("\n").filter(Boolean);
    const removed = JSON.parse(recs[7]!);
    recs.splice(7, 1);
    files.set("records/chain-001.jsonl", Buffer.from(recs.join("\n") + "\n"));
    const bad = join(tmp.dir, "bad.tar.gz");
    await writeTarGz(bad, files);
    const f = io();
    expect(await verifyCmd({ bundle: bad, key: join(tmp.dir, "signer.pub") }, f)).toBe(1);
    const out = f.lines.join("\n");
    expect(out).toMatch(/FAIL 2\/6 Statement subjects match files: SUBJECT_DIGEST_MISMATCH in records\/chain-001\.jsonl/);
    expect(out).toMatch(new RegExp(`FAIL 4/6 Hash chains continuous: CHAIN_GAP in records/chain-001\\.jsonl, record seq ${removed.seq + 1}`));
    expect(f.lines.at(-1)).toMatch(new RegExp(`^NOT VERIFIED: CHAIN_GAP \\(step chains\\) in records/chain-001\\.jsonl, record seq ${removed.seq + 1}, line 8, id [0-9a-f-]{36}: chain webhook-a: record seq ${removed.seq} is missing`));

    const k = io();
    expect(await verifyCmd({ bundle, key: join(tmp.dir, "nope.pem") }, k)).toBe(2);
    expect(k.errs.join()).toContain("public key file not found");
  });
});
