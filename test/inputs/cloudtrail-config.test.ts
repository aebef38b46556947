// CloudTrail and AWS Config shapes: gzipped S3 delivery, JSON Lines, EventBridge envelopes, rule
// invocation events with an escaped invokingEvent, notifications without a CI, deleted items.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile, loadText } from "../../src/inputs/index.js";
import { CORPORA } from "../shared.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "evident-ct-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CT = join(CORPORA, "cloudtrail");
const CFG = join(CORPORA, "aws-config");

type Ev = { event: Record<string, unknown> };
type Ci = { configurationItem: Record<string, unknown> };

describe("cloudtrail", () => {
  it("S3-delivered .json.gz: the same records as the plain file", async () => {
    const plain = join(CT, "flosell__trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json");
    const gz = join(dir, "111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz");
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const a = await loadFile(plain);
    const b = await loadFile(gz);
    expect(b.errors).toEqual([]);
    expect(b.documents.length).toBe(JSON.parse(readFileSync(plain, "utf8")).Records.length);
    expect(b.documents.map((d) => (d.input as Ev).event)).toEqual(a.documents.map((d) => (d.input as Ev).event));
    expect(b.documents.every((d) => d.file === gz && d.kind === "cloudtrail")).toBe(true);
  });

  it("gzip is recognised from the content, not the name", async () => {
    const f = join(dir, "trail-without-extension");
    writeFileSync(f, gzipSync(JSON.stringify({ Records: [{ eventName: "StopLogging", eventSource: "cloudtrail.amazonaws.com", eventID: "e1" }] })));
    const r = await loadFile(f);
    expect(r.documents.map((d) => d.resource.eventName)).toEqual(["StopLogging"]);
  });

  it("JSON Lines (file named .json): one document per line, with its line number", async () => {
    const f = join(CT, "OTRF__Security-Datasets/ec2_proxy_s3_exfiltration_2020-09-14011940.json");
    const lines = readFileSync(f, "utf8").split("\n");
    const nonEmpty = lines.map((l, i) => [l, i + 1] as const).filter(([l]) => l.trim() !== "");
    const r = await loadFile(f);
    expect(r.errors).toEqual([]);
    expect(r.documents.length).toBe(nonEmpty.length);
    r.documents.forEach((d, i) => {
      expect(d.line).toBe(nonEmpty[i]![1]);
      expect((d.input as Ev).event).toEqual(JSON.parse(nonEmpty[i]![0]));
    });
  });

  it("JSON Lines with a broken line: that line is an error, the others load", () => {
    const text = ['{"eventName":"A","eventSource":"s3.amazonaws.com"}', '{"eventName":"B",', "", '{"eventName":"C","eventSource":"s3.amazonaws.com"}'].join("\n");
    const r = loadText("t.jsonl", text);
    expect(r.documents.map((d) => [d.resource.eventName, d.line])).toEqual([
      ["A", 1],
      ["C", 4],
    ]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: "t.jsonl", line: 2 });
    expect(r.errors[0]!.message).toMatch(/line 2/);
  });

  it("EventBridge envelopes are unwrapped to the bare record", async () => {
    const f = join(CT, "cloud-custodian__cloud-custodian/eventbridge/event-cloud-trail-s3.json");
    const raw = JSON.parse(readFileSync(f, "utf8"));
    const r = await loadFile(f);
    expect(r.documents).toHaveLength(1);
    expect((r.documents[0]!.input as Ev).event).toEqual(raw.detail);
  });

  it("EventBridge console sign-in envelope, actor of a root sign-in", () => {
    const env = {
      version: "0",
      id: "6f87d04b-9f74-4f04-a780-7acf4b0a9b38",
      "detail-type": "AWS Console Sign In via CloudTrail",
      source: "aws.signin",
      account: "123456789012",
      time: "2024-02-01T10:00:00Z",
      region: "us-east-1",
      resources: [],
      detail: {
        eventVersion: "1.08",
        userIdentity: { type: "Root", principalId: "123456789012", accountId: "123456789012" },
        eventTime: "2024-02-01T10:00:00Z",
        eventSource: "signin.amazonaws.com",
        eventName: "ConsoleLogin",
        responseElements: { ConsoleLogin: "Success" },
        additionalEventData: { MFAUsed: "No" },
        eventID: "d1b0c9e2-0000-4000-8000-000000000001",
      },
    };
    const r = loadText("signin.json", JSON.stringify(env));
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]!.resource).toEqual({
      kind: "cloudtrail",
      eventID: "d1b0c9e2-0000-4000-8000-000000000001",
      eventName: "ConsoleLogin",
      eventSource: "signin.amazonaws.com",
      eventTime: "2024-02-01T10:00:00Z",
      actor: "123456789012",
    });
    // without principalId or arn, a root identity is "root"
    const bare = { ...env.detail, userIdentity: { type: "Root" } };
    expect(loadText("r.json", JSON.stringify(bare)).documents[0]!.resource.actor).toBe("root");
  });

  it("bare arrays and single records; actor prefers the ARN", async () => {
    const arr = await loadFile(join(CT, "DataDog__stratus-red-team", "aws.defense-evasion.cloudtrail-stop.json"));
    expect(arr.errors).toEqual([]);
    expect(arr.documents.length).toBeGreaterThan(0);
    for (const d of arr.documents) {
      const ui = (d.input as Ev).event.userIdentity as Record<string, string> | undefined;
      if (ui?.arn) expect(d.resource.actor).toBe(ui.arn);
    }
    const one = loadText("one.json", JSON.stringify({ eventVersion: "1.08", eventName: "DeleteTrail", eventSource: "cloudtrail.amazonaws.com", userIdentity: { type: "IAMUser", principalId: "AIDAEXAMPLE" } }));
    expect(one.documents.map((d) => d.resource.actor)).toEqual(["AIDAEXAMPLE"]);
  });

  it("non-object records are reported, the others kept", () => {
    const r = loadText("x.json", JSON.stringify({ Records: [{ eventName: "A", eventSource: "s" }, 42, null] }));
    expect(r.documents).toHaveLength(1);
    expect(r.errors.map((e) => e.message)).toEqual(["Records[1] is not a CloudTrail record (number)", "Records[2] is not a CloudTrail record (null)"]);
  });
});

describe("aws config", () => {
  it("rule invocation: the CI is taken from the escaped invokingEvent string", async () => {
    const f = join(CFG, "aws-powertools__powertools-lambda-python/awsConfigRuleConfigurationChanged.json");
    const raw = JSON.parse(readFileSync(f, "utf8"));
    expect(typeof raw.invokingEvent).toBe("string");
    const ci = JSON.parse(raw.invokingEvent).configurationItem;
    const r = await loadFile(f);
    expect(r.documents).toHaveLength(1);
    expect((r.documents[0]!.input as Ci).configurationItem).toEqual(ci);
    expect(r.documents[0]!.resource).toMatchObject({ kind: "aws-config", resourceType: ci.resourceType, resourceId: ci.resourceId });
  });

  it("oversized, scheduled and snapshot-delivery notifications: recognised, no document, a note, no error", async () => {
    for (const f of [
      join(CFG, "aws-powertools__powertools-lambda-python/awsConfigRuleOversizedConfiguration.json"),
      join(CFG, "cloud-custodian__cloud-custodian/config/poll-evaluation.json"),
      join(CFG, "aws__aws-lambda-go/config-event.json"),
    ]) {
      const r = await loadFile(f);
      expect(r.errors, f).toEqual([]);
      expect(r.documents, f).toEqual([]);
      expect(r.recognised, f).toHaveLength(1);
      expect(r.recognised[0]!.kind).toBe("aws-config");
      expect(r.recognised[0]!.notes?.length, f).toBe(1);
    }
    const over = await loadFile(join(CFG, "aws-powertools__powertools-lambda-python/awsConfigRuleOversizedConfiguration.json"));
    expect(over.recognised[0]!.notes![0]).toMatch(/oversized.*GetResourceConfigHistory.*AWS::EC2::Instance i-00000000/);
  });

  it("a hand-made rule event: escaped JSON-string configuration inside the escaped invokingEvent", () => {
    const ci = {
      configurationItemVersion: "1.3",
      configurationItemCaptureTime: "2024-05-01T12:00:00.000Z",
      configurationItemStatus: "OK",
      resourceType: "AWS::S3::Bucket",
      resourceId: "gxp-raw",
      ARN: "arn:aws:s3:::gxp-raw",
      awsAccountId: "123456789012",
      awsRegion: "eu-central-1",
      configuration: JSON.stringify({ name: "gxp-raw", owner: { id: "abc" } }),
      supplementaryConfiguration: { BucketPolicy: JSON.stringify({ policyText: null }), IsRequesterPaysEnabled: false, Comment: "{not json" },
    };
    const event = { invokingEvent: JSON.stringify({ configurationItem: ci, messageType: "ConfigurationItemChangeNotification" }), ruleParameters: "{}", resultToken: "t" };
    const r = loadText("rule.json", JSON.stringify(event));
    expect(r.errors).toEqual([]);
    const got = (r.documents[0]!.input as Ci).configurationItem;
    expect(got.configuration).toEqual({ name: "gxp-raw", owner: { id: "abc" } });
    expect(got.supplementaryConfiguration).toEqual({ BucketPolicy: { policyText: null }, IsRequesterPaysEnabled: false, Comment: "{not json" });
    expect(r.documents[0]!.resource).toEqual({ kind: "aws-config", resourceType: "AWS::S3::Bucket", resourceId: "gxp-raw", accountId: "123456789012", region: "eu-central-1", arn: "arn:aws:s3:::gxp-raw" });
  });

  it("invokingEvent that is not JSON is an error naming the field", () => {
    const r = loadText("bad-rule.json", JSON.stringify({ invokingEvent: "{configurationItem:", resultToken: "t" }));
    expect(r.documents).toEqual([]);
    expect(r.errors[0]!.message).toMatch(/^invokingEvent is not valid JSON/);
  });

  it("deleted and not-recorded items are skipped with a note", () => {
    const items = ["OK", "ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded", "ResourceDiscovered"].map((s, i) => ({
      version: "1.3",
      accountId: "123456789012",
      configurationItemCaptureTime: "2024-01-01T00:00:00Z",
      configurationItemStatus: s,
      resourceType: "AWS::KMS::Key",
      resourceId: `k${i}`,
      configuration: {},
    }));
    const r = loadText("snapshot.json", JSON.stringify({ fileVersion: "1.0", configSnapshotId: "x", configurationItems: items }));
    expect(r.documents.map((d) => d.resource.resourceId)).toEqual(["k0", "k4"]);
    expect(r.recognised[0]!.notes).toHaveLength(3);
  });

  it("EventBridge Config Configuration Item Change", () => {
    const ci = { configurationItemVersion: "1.3", configurationItemCaptureTime: "2024-01-01T00:00:00Z", configurationItemStatus: "OK", resourceType: "AWS::EC2::SecurityGroup", resourceId: "sg-1", configuration: { ipPermissions: [] } };
    const env = { version: "0", "detail-type": "Config Configuration Item Change", source: "aws.config", detail: { configurationItem: ci, messageType: "ConfigurationItemChangeNotification" } };
    const r = loadText("eb.json", JSON.stringify(env));
    expect(r.documents).toHaveLength(1);
    expect((r.documents[0]!.input as Ci).configurationItem).toEqual(ci);
    const custodian = loadText("x", readFileSync(join(CORPORA, "aws-config/cloud-custodian__cloud-custodian/config/app-elb-config-event.json"), "utf8"));
    expect(custodian.documents).toHaveLength(1);
  });

  it("both CI shapes (API `version` and notification `configurationItemVersion`) give the same ResourceRef fields", async () => {
    const api = await loadFile(join(CFG, "awslabs__aws-config-rdk/AWS_KMS_Key.json"));
    const notif = await loadFile(join(CFG, "awslabs__aws-config-rdk/AWS_CLOUDFRONT_DISTRIBUTION.json"));
    const rawApi = JSON.parse(readFileSync(join(CFG, "awslabs__aws-config-rdk/AWS_KMS_Key.json"), "utf8"));
    const rawNotif = JSON.parse(readFileSync(join(CFG, "awslabs__aws-config-rdk/AWS_CLOUDFRONT_DISTRIBUTION.json"), "utf8"));
    expect(api.documents[0]!.resource).toMatchObject({ resourceType: rawApi.resourceType, resourceId: rawApi.resourceId, accountId: rawApi.accountId, arn: rawApi.arn });
    expect(notif.documents[0]!.resource).toMatchObject({ resourceType: rawNotif.resourceType, resourceId: rawNotif.resourceId, accountId: rawNotif.awsAccountId, arn: rawNotif.ARN });
    expect(rawApi.accountId && rawNotif.awsAccountId && rawApi.arn && rawNotif.ARN).toBeTruthy();
    // one-element array of CIs
    const arr = await loadFile(join(CFG, "awslabs__aws-config-rdk/AWS_LAMBDA_FUNCTION.json"));
    expect(arr.documents.map((d) => d.resource.resourceType)).toEqual(["AWS::Lambda::Function"]);
  });
});
