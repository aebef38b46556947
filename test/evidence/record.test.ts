import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { canonicalJson, subjectDigest } from "../../src/evidence/digest.js";
import { pae } from "../../src/evidence/dsse.js";
import { merkleRootOfHashes, merkleTreeHash } from "../../src/evidence/merkle.js";
import { ChainState, checkChain } from "../../src/evidence/chain.js";
import { preparePending } from "../../src/evidence/log.js";
import {
  actorFromUserIdentity,
  actorFromUserInfo,
  fastCanonicalText,
  findingsToRecord,
  GENESIS_HASH,
  recordHash,
  sealRecordWithLine,
  type EvidenceRecord,
  type RecordInput,
} from "../../src/evidence/record.js";
import { schemaErrors } from "../../src/evidence/schemas.js";
import { RecordInvalidError } from "../../src/evidence/errors.js";
import { sampleInput } from "./helpers.js";

function chainOf(n: number, chain = "c1"): EvidenceRecord[] {
  const st = new ChainState(chain);
  const { records: recs } = st.sealNext(Array.from({ length: n }, (_, i) => preparePending(sampleInput(i), {})));
  st.commit(recs);
  return recs;
}

describe("records", () => {
  it("canonicalises with RFC 8785 (sorted keys, ES number form) and hashes without the hash field", () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, "é\n"], c: { z: null, y: true } })).toBe('{"a":[1e+21,0.1,"é\\n"],"b":1,"c":{"y":true,"z":null}}');
    const [r] = chainOf(1);
    const { hash, ...rest } = r!;
    expect(hash).toBe(createHash("sha256").update(canonicalJson(rest)).digest("hex"));
    expect(recordHash(r!)).toBe(hash);
    expect(subjectDigest({ b: 2, a: 1 })).toBe(subjectDigest({ a: 1, b: 2 }));
    expect(subjectDigest({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("the writer's fast canonical text equals the canonicalize package's, for adversarial records", () => {
    // strings that stress JSON escaping and UTF-16 ordering: controls, quotes, backslashes, non-BMP, lone surrogates
    const nasty = ["", "a\"b\\c", "\u0000\u001f\u007f", "tab\tnl\n", "é中文", "😀 emoji", "\ud800 lone", "\udfff", "</script>", "\u2028\u2029", "ÿ"];
    let seed = 7;
    const pick = <T>(xs: T[]): T => xs[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % xs.length]!;
    for (let i = 0; i < 500; i++) {
      const input: RecordInput = {
        source: { type: pick(["webhook", "scan", "scanner"] as const), instance: pick(nasty) || "x" },
        subject: { kind: pick(["kubernetes", "terraform"]), reference: pick(nasty), digest: subjectDigest(i) },
        actor: pick([null, { name: pick(nasty) || "n" }, { name: "u", type: pick(nasty), uid: pick(nasty), groups: [pick(nasty), pick(nasty)] }]),
        bundle: { digest: subjectDigest("b"), revision: pick(nasty) },
        decision: pick(["allow", "deny", "warn", "dryrun", "pass", "fail", "error"] as const),
        findings: Array.from({ length: i % 3 }, () => ({ check: pick(nasty) || "C", severity: "high" as const, controls: [pick(nasty) || "ctl"], message: pick(nasty), ...(i % 2 ? { waiver: "E" } : {}) })),
        exceptions: i % 2 ? [{ id: "E", justification: pick(nasty), approver: pick(nasty), expires: "2027-01-01", ...(i % 4 === 1 ? { status: "active" as const } : {}) }] : [],
        time: new Date(1_700_000_000_000 + i),
      };
      const p = preparePending(input, {});
      const { record, line } = sealRecordWithLine(p, pick(["c", "chain/with:odd@chars"]), i + 1, GENESIS_HASH);
      const { hash, ...unhashed } = record;
      expect(fastCanonicalText(record)).toBe(canonicalJson(unhashed));
      expect(recordHash(record)).toBe(hash); // recordHash uses the canonicalize package
      expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(record)));
    }
    // with the opt-in content the canonicalize package hashes it (arbitrary keys, numbers)
    const withContent = preparePending({ ...sampleInput(1), subject: { ...sampleInput(1).subject, content: { "10": 1, "2": [1.5, 1e21], b: { "é": null } } } }, { includeContents: true });
    const sealed = sealRecordWithLine(withContent, "c", 1, GENESIS_HASH).record;
    expect(recordHash(sealed)).toBe(sealed.hash);
  });

  it("uses UUIDv7 ids that sort by creation and validate against the record schema", () => {
    const recs = chainOf(50);
    for (const r of recs) expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = recs.map((r) => r.id);
    expect([...ids].sort()).toEqual(ids);
    for (const r of recs) expect(schemaErrors("record", r)).toEqual([]);
    expect(recs[0]!.prevHash).toBe(GENESIS_HASH);
    expect(recs[1]!.prevHash).toBe(recs[0]!.hash);
  });

  it("refuses inputs that break the schema, naming the field", () => {
    const bad = { ...sampleInput(1), decision: "maybe" } as never;
    expect(() => preparePending(bad, {})).toThrow(RecordInvalidError);
    try {
      preparePending(bad, {});
    } catch (e) {
      expect((e as RecordInvalidError).code).toBe("RECORD_SCHEMA_INVALID");
      expect((e as Error).message).toContain("/decision");
    }
    const badDigest = { ...sampleInput(1), subject: { kind: "kubernetes", reference: "x", digest: "md5:abc" } };
    expect(() => preparePending(badDigest, {})).toThrow(/subject\/digest/);
  });

  it("keeps digests only: subject.content needs the explicit includeContents opt-in, unknown fields are dropped", () => {
    const withContent = { ...sampleInput(1), subject: { ...sampleInput(1).subject, content: { data: { password: "hunter2" } } } };
    expect(() => preparePending(withContent, {})).toThrow(expect.objectContaining({ code: "CONTENT_NOT_ALLOWED" }));
    const p = preparePending(withContent, { includeContents: true });
    expect(p.subject.content).toEqual({ data: { password: "hunter2" } });
    // fields outside the record's vocabulary never reach the record (tokens in actor.extra, whole objects)
    const smuggled = { ...sampleInput(1), object: { data: { password: "x" } }, actor: { name: "bob", extra: { token: "secret" } } } as never;
    const sp = preparePending(smuggled, {});
    expect(JSON.stringify(sp)).not.toContain("secret");
    expect(JSON.stringify(sp)).not.toContain("password");
    expect(sp.actor).toEqual({ name: "bob" });
  });

  it("reduces actors to identifiers (no userInfo.extra tokens)", () => {
    const a = actorFromUserInfo({ username: "system:serviceaccount:ci:deployer", uid: "u1", groups: ["g"], extra: { token: ["secret"] } });
    expect(a).toEqual({ name: "system:serviceaccount:ci:deployer", type: "serviceaccount", uid: "u1", groups: ["g"] });
    expect(actorFromUserIdentity({ type: "IAMUser", arn: "arn:aws:iam::1:user/bob", principalId: "AID", accessKeyId: "AKIA..." })).toEqual({
      name: "arn:aws:iam::1:user/bob",
      type: "IAMUser",
      uid: "AID",
    });
    const fr = findingsToRecord([
      {
        checkId: "K8S-X",
        title: "t",
        severity: "high",
        controls: ["hipaa:164.312(b)"],
        message: "m",
        resource: { kind: "kubernetes" },
        waiver: { exceptionId: "E1", justification: "j", approver: "a", expires: "2027-01-01", status: "active" },
      },
    ]);
    expect(fr.findings[0]!.waiver).toBe("E1");
    expect(fr.exceptions).toEqual([{ id: "E1", justification: "j", approver: "a", expires: "2027-01-01", status: "active" }]);
  });

  it("keeps actors, findings and exceptions within the record schema's bounds, so the record is written", () => {
    const long = (n: number) => "x".repeat(n);
    const a = actorFromUserInfo({ username: long(600), uid: long(300), groups: Array.from({ length: 300 }, () => long(300)) })!;
    expect(a.name).toHaveLength(512);
    expect(a.name.endsWith("…")).toBe(true);
    expect(a.uid).toHaveLength(256);
    expect(a.groups).toHaveLength(256);
    expect(a.groups!.every((g) => g.length === 256)).toBe(true);
    // the schema wants a name: an empty one is shown as "?"
    expect(actorFromUserInfo({ username: "" })!.name).toBe("?");
    expect(actorFromUserIdentity({ type: long(100), arn: long(600) })).toEqual({ name: `${long(511)}…`, type: `${long(63)}…` });
    const fr = findingsToRecord([
      {
        checkId: long(200),
        title: "t",
        severity: "high",
        controls: [long(200)],
        message: long(5000),
        resource: { kind: "cloudtrail" },
        waiver: { exceptionId: long(300), justification: long(5000), approver: long(600), expires: "2027-01-01", status: "active" },
      },
    ]);
    expect([fr.findings[0]!.check.length, fr.findings[0]!.controls[0]!.length, fr.findings[0]!.message.length]).toEqual([128, 128, 4096]);
    // the finding still names its exception, whose id is cut the same way
    expect(fr.findings[0]!.waiver).toBe(fr.exceptions[0]!.id);
    expect([fr.exceptions[0]!.id.length, fr.exceptions[0]!.justification.length, fr.exceptions[0]!.approver.length]).toEqual([256, 4096, 512]);
    const record = { ...sampleInput(1), actor: a, findings: fr.findings, exceptions: fr.exceptions };
    expect(() => preparePending(record, {})).not.toThrow();
  });
});

describe("RFC 6962 Merkle tree hash", () => {
  it("matches the RFC's empty tree and empty-leaf values and the recursive definition", () => {
    expect(merkleTreeHash([]).toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(merkleTreeHash([Buffer.alloc(0)]).toString("hex")).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    const h = (b: Buffer) => createHash("sha256").update(b).digest();
    const leaf = (s: string) => h(Buffer.concat([Buffer.from([0]), Buffer.from(s)]));
    const node = (l: Buffer, r: Buffer) => h(Buffer.concat([Buffer.from([1]), l, r]));
    // 3 leaves: k = 2 -> node(node(a,b), c)
    const expected = node(node(leaf("a"), leaf("b")), leaf("c"));
    expect(merkleTreeHash(["a", "b", "c"].map((s) => Buffer.from(s)))).toEqual(expected);
    // 5 leaves: k = 4
    const five = node(node(node(leaf("a"), leaf("b")), node(leaf("c"), leaf("d"))), leaf("e"));
    expect(merkleTreeHash(["a", "b", "c", "d", "e"].map((s) => Buffer.from(s)))).toEqual(five);
    const hs = chainOf(7).map((r) => r.hash);
    const swapped = [...hs];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(merkleRootOfHashes(hs)).not.toBe(merkleRootOfHashes(swapped));
  });
});

describe("DSSE", () => {
  it("PAE matches the specification's test vector", () => {
    expect(pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString()).toBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    // LEN counts bytes, not characters
    expect(pae("é", Buffer.from("ü")).toString()).toBe("DSSEv1 2 é 2 ü");
  });
});

describe("checkChain", () => {
  const recs = chainOf(10);
  const expect0 = { chain: "c1", firstSeq: 1, firstPrevHash: GENESIS_HASH, lastSeq: 10, headHash: recs[9]!.hash };
  it("accepts a continuous chain", () => expect(checkChain(recs, expect0)).toBeNull());
  it("names each break", () => {
    const altered = recs.map((r) => ({ ...r }));
    altered[4]!.subject = { ...altered[4]!.subject, reference: "changed" };
    expect(checkChain(altered, expect0)).toMatchObject({ code: "RECORD_HASH_MISMATCH", record: { seq: 5 } });
    expect(checkChain([...recs.slice(0, 4), ...recs.slice(5)], expect0)).toMatchObject({ code: "CHAIN_GAP", record: { seq: 6 } });
    const re = [...recs];
    [re[3], re[4]] = [re[4]!, re[3]!];
    expect(checkChain(re, expect0)).toMatchObject({ code: "CHAIN_REORDER", record: { seq: 5 } });
    expect(checkChain(recs.slice(0, 9), expect0)).toMatchObject({ code: "CHAIN_HEAD_MISMATCH", record: { seq: 9 } });
    expect(checkChain(recs.slice(2), expect0)).toMatchObject({ code: "CHAIN_START_MISSING" });
    expect(checkChain([...recs, recs[9]!], expect0)).toMatchObject({ code: "CHAIN_DUPLICATE" });
    const other = chainOf(10, "c2");
    expect(checkChain([...recs.slice(0, 5), ...other.slice(5)], expect0)).toMatchObject({ code: "CHAIN_FOREIGN_RECORD" });
  });
});
