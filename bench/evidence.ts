// npx tsx bench/evidence.ts [records] [concurrency]
// Records/s of the file backend with durability on (group commit: each batch written and fdatasync'd
// before its appends resolve), against a baseline measured in the same run: bare fs appendFile + fsync
// of the very same bytes in the same number of batches. Goal: >= 20,000 records/s.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { openEvidenceLog } from "../src/evidence/log.js";
import { privateKeySigner } from "../src/evidence/signer.js";
import { subjectDigest, bytesDigest } from "../src/evidence/digest.js";
import type { RecordInput } from "../src/evidence/record.js";

const N = Number(process.argv[2] ?? 200_000);
const CONCURRENCY = Number(process.argv[3] ?? 2_000); // appends in flight, like concurrent admission requests
const GOAL = 20_000;

// bench/out is gitignored and on the same disk as the work tree (not a tmpfs)
mkdirSync(join(process.cwd(), "bench/out"), { recursive: true });
const root = mkdtempSync(join(process.cwd(), "bench/out/evidence-"));

function input(i: number): RecordInput {
  const deny = i % 5 === 0;
  return {
    source: { type: "webhook", instance: "replica-a" },
    subject: { kind: "kubernetes", reference: `apps/v1 Deployment phi/api-${i % 997}`, digest: subjectDigest({ i: i % 997 }) },
    actor: { name: "system:serviceaccount:ci:deployer", type: "serviceaccount" },
    bundle: { digest: bytesDigest("bundle"), revision: "v1" },
    decision: deny ? "deny" : "allow",
    findings: deny ? [{ check: "K8S-PRIVILEGED-CONTAINERS", severity: "high", controls: ["hipaa:164.308(a)(3)(i)", "gxp-part11:11.10(d)"], message: "container app runs privileged" }] : [],
    exceptions: [],
  };
}

async function measureLog(): Promise<{ rate: number; batches: number; segDir: string }> {
  const dir = join(root, "log");
  const log = await openEvidenceLog({
    backend: "file",
    dir,
    chain: "bench",
    signer: privateKeySigner(generateKeyPairSync("ed25519").privateKey),
    checkpoint: { every: 10_000 },
    maxBatch: Number(process.env.MAXBATCH ?? 4096),
  });
  const pool = Array.from({ length: 1024 }, (_, i) => input(i));
  await log.append(pool[0]!); // warm-up: schema compilation, first segment
  let next = 1;
  const t0 = performance.now();
  async function worker(): Promise<void> {
    while (next <= N) {
      const i = next++;
      await log.append(pool[i % pool.length]!);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - t0;
  const stats = log.stats().commit;
  await log.close();
  return { rate: (N / ms) * 1000, batches: stats.batches - 1, segDir: join(dir, readdirSync(dir)[0]!) };
}

async function measureBaseline(segDir: string, batches: number): Promise<{ rate: number; bytes: number }> {
  const text = readdirSync(segDir)
    .filter((f) => f.startsWith("seg-"))
    .sort()
    .map((f) => readFileSync(join(segDir, f), "utf8"))
    .join("");
  const lines = text.split("\n").filter(Boolean).slice(1, N + 1).map((l) => l + "\n"); // the same N records' bytes
  const per = Math.ceil(lines.length / batches);
  const chunks: Buffer[] = [];
  for (let i = 0; i < lines.length; i += per) chunks.push(Buffer.from(lines.slice(i, i + per).join("")));
  const fh = await open(join(root, "baseline.jsonl"), "a");
  const t0 = performance.now();
  for (const c of chunks) {
    await fh.appendFile(c);
    await fh.sync();
  }
  const ms = performance.now() - t0;
  await fh.close();
  return { rate: (lines.length / ms) * 1000, bytes: chunks.reduce((n, c) => n + c.length, 0) };
}

try {
  const log = await measureLog();
  const base = await measureBaseline(log.segDir, log.batches);
  const ratio = log.rate / base.rate;
  console.log(`evidence file backend, durability on (group commit + fdatasync), ${N} records, ${CONCURRENCY} appends in flight`);
  console.log(`  evident log:  ${Math.round(log.rate).toLocaleString("en-US")} records/s  (${log.batches} group commits, ${Math.round(N / log.batches)} records each)`);
  console.log(`  baseline:     ${Math.round(base.rate).toLocaleString("en-US")} records/s  (fs appendFile + fsync of the same ${(base.bytes / 1e6).toFixed(1)} MB in ${log.batches} batches)`);
  console.log(`  ratio:        ${ratio.toFixed(3)} of the baseline (the log also validates, hashes, chains, canonicalises and signs checkpoints)`);
  console.log(`  goal >= ${GOAL.toLocaleString("en-US")} records/s: ${log.rate >= GOAL ? "met" : "NOT met"}`);
  if (log.rate < GOAL) process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
