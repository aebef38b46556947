// Shared helpers of the evidence tests: temp dirs, keys, record inputs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { subjectDigest, bytesDigest } from "../../src/evidence/digest.js";
import { privateKeySigner, type Signer } from "../../src/evidence/signer.js";
import type { Decision, RecordInput } from "../../src/evidence/record.js";

export function tempDir(prefix = "evident-ev-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function ed25519Signer(): Signer {
  return privateKeySigner(generateKeyPairSync("ed25519").privateKey, "test-ed25519");
}

export const BUNDLE = { digest: bytesDigest("policy-bundle-v1"), revision: "git:0123abc" };

const DECISIONS: Decision[] = ["allow", "deny", "warn", "allow", "pass", "fail", "allow", "dryrun"];

/** A deterministic record input; i picks decision, findings and time. */
export function sampleInput(i: number, opts: { time?: Date; instance?: string; type?: "webhook" | "scan" | "scanner" } = {}): RecordInput {
  const decision = DECISIONS[i % DECISIONS.length]!;
  const failing = decision === "deny" || decision === "fail" || decision === "warn";
  const waived = i % 16 === 2;
  return {
    source: { type: opts.type ?? "webhook", instance: opts.instance ?? "replica-a" },
    subject: { kind: "kubernetes", reference: `apps/v1 Deployment phi/api-${i}`, digest: subjectDigest({ kind: "Deployment", i }) },
    actor: { name: "alice@example.com", type: "user", groups: ["system:authenticated"] },
    bundle: BUNDLE,
    decision,
    findings: failing
      ? [
          {
            check: "K8S-PRIVILEGED-CONTAINERS",
            severity: "high",
            controls: ["hipaa:164.308(a)(3)(i)", "gxp-part11:11.10(d)"],
            message: `container app-${i} runs privileged`,
            ...(waived ? { waiver: "EXC-7" } : {}),
          },
        ]
      : [],
    exceptions: waived ? [{ id: "EXC-7", justification: "vendor agent needs host access until 2027", approver: "qa-lead@example.com", expires: "2027-01-31", status: "active" }] : [],
    ...(opts.time ? { time: opts.time } : {}),
  };
}
