import { afterEach, describe, expect, it } from "vitest";
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { openEvidenceLog, type EvidenceLog } from "../../src/evidence/log.js";
import { FileLogReader } from "../../src/evidence/filelog/reader.js";
import { chainDirName } from "../../src/evidence/filelog/chaindir.js";
import { checkChain } from "../../src/evidence/chain.js";
import { checkpointMismatch, checkpointSignatureValid } from "../../src/evidence/checkpoint.js";
import { loadPublicKey } from "../../src/evidence/keys.js";
import { GENESIS_HASH, type EvidenceRecord } from "../../src/evidence/record.js";
import { ed25519Signer, sampleInput, tempDir } from "./helpers.js";
import type { FileLog } from "../../src/evidence/filelog/writer.js";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

async function readAll(root: string, chain: string): Promise<EvidenceRecord[]> {
  const out: EvidenceRecord[] = [];
  for await (const r of new FileLogReader(root).records(chain)) out.push(r);
  return out;
}

function segPath(root: string, chain: string): string {
  const d = join(root, chainDirName(chain));
  const seg = readdirSync(d).filter((f) => f.startsWith("seg-")).sort().pop()!;
  return join(d, seg);
}

describe("file backend", () => {
  it("acknowledges concurrent appends in order, in batches, and continues the chain after reopening", async () => {
    const root = dir();
    let log: EvidenceLog = await openEvidenceLog({ backend: "file", dir: root, chain: "webhook-a" });
    const recs = await Promise.all(Array.from({ length: 500 }, (_, i) => log.append(sampleInput(i))));
    expect(recs.map((r) => r.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(log.stats().commit.batches).toBeLessThan(50); // group commit: many records per fsync
    await log.close();
    log = await openEvidenceLog({ backend: "file", dir: root, chain: "webhook-a" });
    expect(log.head()).toEqual({ seq: 500, hash: recs[499]!.hash });
    const next = await log.append(sampleInput(500));
    expect(next).toMatchObject({ seq: 501, prevHash: recs[499]!.hash });
    await log.close();
    const all = await readAll(root, "webhook-a");
    expect(all).toHaveLength(501);
    expect(checkChain(all, { chain: "webhook-a", firstPrevHash: GENESIS_HASH, lastSeq: 501, headHash: next.hash })).toBeNull();
  });

  it("allows one writer per chain; a lock left by a dead process is taken over", async () => {
    const root = dir();
    const log = await openEvidenceLog({ backend: "file", dir: root, chain: "c" });
    await expect(openEvidenceLog({ backend: "file", dir: root, chain: "c" })).rejects.toMatchObject({ code: "LOG_LOCKED" });
    await log.close();
    // a lock file naming a process that has exited
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    writeFileSync(join(root, chainDirName("c"), "LOCK"), JSON.stringify({ pid: dead, host: (await import("node:os")).hostname(), since: "x" }));
    const again = await openEvidenceLog({ backend: "file", dir: root, chain: "c" });
    expect(readFileSync(join(root, chainDirName("c"), "LOCK"), "utf8")).toContain(`"pid":${process.pid}`);
    await again.close();
  });

  it("cuts a torn tail on open and keeps every acknowledged record", async () => {
    const root = dir();
    const log = await openEvidenceLog({ backend: "file", dir: root, chain: "c" });
    const recs = await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(sampleInput(i))));
    await log.close();
    const seg = segPath(root, "c");
    const good = readFileSync(seg).length;
    // a crash in the middle of the next batch: half a line
    const nextLine = JSON.stringify({ ...recs[19], seq: 21 });
    appendFileSync(seg, nextLine.slice(0, 57));
    const reopened = (await openEvidenceLog({ backend: "file", dir: root, chain: "c" })) as FileLog;
    expect(reopened.recovery.cutBytes).toBe(57);
    expect(readFileSync(seg).length).toBe(good);
    expect(reopened.head().seq).toBe(20);
    expect((await reopened.append(sampleInput(20))).seq).toBe(21);
    await reopened.close();
    // a complete last line whose content does not hash (torn inside a multi-line batch) is cut too
    appendFileSync(seg, JSON.stringify({ ...recs[5], seq: 22, prevHash: recs[5]!.hash }) + "\n");
    const again = (await openEvidenceLog({ backend: "file", dir: root, chain: "c" })) as FileLog;
    expect(again.recovery.cutBytes).toBeGreaterThan(0);
    expect(again.head().seq).toBe(21);
    await again.close();
    const all = await readAll(root, "c");
    expect(all.slice(0, 20).map((r) => r.hash)).toEqual(recs.map((r) => r.hash));
    expect(checkChain(all, { chain: "c", firstPrevHash: GENESIS_HASH })).toBeNull();
  });

  it("refuses to open a log damaged in the middle instead of cutting acknowledged records", async () => {
    const root = dir();
    const log = await openEvidenceLog({ backend: "file", dir: root, chain: "c" });
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(sampleInput(i))));
    await log.close();
    const seg = segPath(root, "c");
    const lines = readFileSync(seg, "utf8").split("\n");
    lines[4] = lines[4]!.replace("phi/api-4", "phi/api-X");
    expect(lines[4]).toContain("api-X");
    writeFileSync(seg, lines.join("\n"));
    await expect(openEvidenceLog({ backend: "file", dir: root, chain: "c" })).rejects.toMatchObject({ code: "LOG_CORRUPT", message: expect.stringContaining("line 5") });
  });

  it("rolls segments and signs checkpoints whose Merkle roots cover every record once", async () => {
    const root = dir();
    const signer = ed25519Signer();
    let log = await openEvidenceLog({ backend: "file", dir: root, chain: "scanner-0", signer, segmentMaxBytes: 8192, checkpoint: { every: 25 } });
    for (let i = 0; i < 60; i++) await log.append(sampleInput(i, { type: "scanner", instance: "shard-0" }));
    await log.close(); // closes with a checkpoint over the rest
    log = await openEvidenceLog({ backend: "file", dir: root, chain: "scanner-0", signer, segmentMaxBytes: 8192, checkpoint: { every: 25 } });
    for (let i = 60; i < 80; i++) await log.append(sampleInput(i));
    expect(await log.checkpoint()).toMatchObject({ body: { fromSeq: 61, toSeq: 80 } });
    await log.close();
    const segs = readdirSync(join(root, chainDirName("scanner-0"))).filter((f) => f.startsWith("seg-"));
    expect(segs.length).toBeGreaterThan(3);
    const all = await readAll(root, "scanner-0");
    expect(all).toHaveLength(80);
    expect(checkChain(all, { chain: "scanner-0", firstPrevHash: GENESIS_HASH })).toBeNull();
    const cps = await new FileLogReader(root).checkpoints("scanner-0");
    const key = loadPublicKey(signer.publicKeyPem);
    let next = 1;
    for (const cp of cps) {
      expect(cp.body.fromSeq).toBe(next);
      expect(checkpointSignatureValid(cp, key)).toBe(true);
      expect(checkpointMismatch(cp, all.slice(cp.body.fromSeq - 1, cp.body.toSeq).map((r) => r.hash))).toBeNull();
      next = cp.body.toSeq + 1;
    }
    expect(next).toBe(81);
    const forged = { ...cps[0]!, body: { ...cps[0]!.body, merkleRoot: "0".repeat(64) } };
    expect(checkpointSignatureValid(forged, key)).toBe(false);
  });

  it("rejects appends after close and bad inputs without touching the chain", async () => {
    const root = dir();
    const log = await openEvidenceLog({ backend: "file", dir: root, chain: "c" });
    await expect(log.append({ ...sampleInput(0), decision: "nope" } as never)).rejects.toMatchObject({ code: "RECORD_SCHEMA_INVALID" });
    expect((await log.append(sampleInput(1))).seq).toBe(1);
    await log.close();
    await expect(log.append(sampleInput(2))).rejects.toMatchObject({ code: "LOG_CLOSED" });
    await expect(openEvidenceLog({ backend: "file", dir: root, chain: "bad chain!" })).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
