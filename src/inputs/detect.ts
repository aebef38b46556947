// Recognising what a parsed JSON/YAML value is, from its content alone (never from the file name).
import type { InputKind } from "../engine/finding.js";

export type Shape =
  // terraform
  | "terraform-plan"
  | "terraform-state"
  | "terraform-show-state"
  // cloudtrail
  | "cloudtrail-records" // {"Records": [...]} as delivered to S3
  | "cloudtrail-record" // one bare record
  | "cloudtrail-eventbridge" // {"detail-type": "... via CloudTrail", "detail": record}
  | "cloudwatch-logs" // CloudWatch Logs subscription payload, records in logEvents[].message
  // aws-config
  | "config-item" // a bare configuration item (API `version` or notification `configurationItemVersion` shape)
  | "config-rule-event" // Config rule Lambda invocation, CI in the JSON-encoded `invokingEvent`
  | "config-invoking-event" // the decoded invokingEvent / SNS notification ({messageType, configurationItem?})
  | "config-items-list" // {"configurationItems": [...]} (snapshot files, GetResourceConfigHistory)
  | "config-eventbridge" // {"detail-type": "Config Configuration Item Change", "detail": {configurationItem}}
  // kubernetes
  | "kubernetes-object"
  | "kubernetes-list"
  | "admission-review"
  | "admission-request";

export interface Detection {
  kind: InputKind;
  shape: Shape;
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const CONFIG_MESSAGE_TYPES = new Set([
  "ConfigurationItemChangeNotification",
  "OversizedConfigurationItemChangeNotification",
  "ScheduledNotification",
  "ConfigurationSnapshotDeliveryCompleted",
  "ConfigurationSnapshotDeliveryStarted",
  "ConfigurationSnapshotDeliveryFailed",
  "ConfigurationHistoryDeliveryCompleted",
  "ComplianceChangeNotification",
  "ConfigRulesEvaluationStarted",
]);

export function isCloudTrailRecord(o: Obj): boolean {
  return (
    typeof o.eventName === "string" &&
    ("eventSource" in o || "eventVersion" in o || "userIdentity" in o || "eventTime" in o || "eventID" in o) &&
    !("detail-type" in o)
  );
}

export function isConfigItem(o: Obj): boolean {
  return (
    typeof o.resourceType === "string" &&
    ("configurationItemCaptureTime" in o || "configurationItemStatus" in o || "configurationStateId" in o)
  );
}

function isAdmissionRequest(o: Obj): boolean {
  return (
    typeof o.operation === "string" &&
    ("object" in o || "oldObject" in o) &&
    ("uid" in o || isObj(o.kind) || "resource" in o || "userInfo" in o)
  );
}

/** What a parsed value is, or undefined when it is none of the kinds Evident reads. */
export function detectValue(v: unknown): Detection | undefined {
  if (!isObj(v)) return undefined;
  const o = v;
  // Terraform
  if (typeof o.format_version === "string") {
    if ("resource_changes" in o || "planned_values" in o) return { kind: "terraform", shape: "terraform-plan" };
    if (isObj(o.values)) return { kind: "terraform", shape: "terraform-show-state" };
    if ("terraform_version" in o || "configuration" in o || "prior_state" in o) return { kind: "terraform", shape: "terraform-plan" };
  }
  if (typeof o.terraform_version === "string" && "lineage" in o && ("resources" in o || "modules" in o)) {
    return { kind: "terraform", shape: "terraform-state" };
  }
  // EventBridge envelopes
  if (typeof o["detail-type"] === "string" && isObj(o.detail)) {
    const dt = o["detail-type"];
    if (/via CloudTrail$/i.test(dt)) return { kind: "cloudtrail", shape: "cloudtrail-eventbridge" };
    if (dt === "Config Configuration Item Change") return { kind: "aws-config", shape: "config-eventbridge" };
    return undefined;
  }
  // CloudTrail
  if (Array.isArray(o.Records)) return { kind: "cloudtrail", shape: "cloudtrail-records" };
  if (Array.isArray(o.logEvents) && typeof o.logGroup === "string") return { kind: "cloudtrail", shape: "cloudwatch-logs" };
  if (isCloudTrailRecord(o)) return { kind: "cloudtrail", shape: "cloudtrail-record" };
  // AWS Config
  if ("invokingEvent" in o && (typeof o.invokingEvent === "string" || isObj(o.invokingEvent))) {
    return { kind: "aws-config", shape: "config-rule-event" };
  }
  if (Array.isArray(o.configurationItems)) return { kind: "aws-config", shape: "config-items-list" };
  if (typeof o.messageType === "string" && ("configurationItem" in o || "configurationItemSummary" in o || CONFIG_MESSAGE_TYPES.has(o.messageType))) {
    return { kind: "aws-config", shape: "config-invoking-event" };
  }
  if (isConfigItem(o)) return { kind: "aws-config", shape: "config-item" };
  // Kubernetes
  if (o.kind === "AdmissionReview" && typeof o.apiVersion === "string") return { kind: "kubernetes", shape: "admission-review" };
  if (isAdmissionRequest(o)) return { kind: "kubernetes", shape: "admission-request" };
  if (typeof o.apiVersion === "string" && typeof o.kind === "string" && o.apiVersion !== "" && o.kind !== "") {
    if (o.kind.endsWith("List") && Array.isArray(o.items)) return { kind: "kubernetes", shape: "kubernetes-list" };
    return { kind: "kubernetes", shape: "kubernetes-object" };
  }
  return undefined;
}

/** Says in words what an unrecognised value looks like. */
export function describeUnrecognised(v: unknown): string {
  const what =
    v === null
      ? "null"
      : Array.isArray(v)
        ? `an array of ${v.length} element(s)`
        : typeof v === "object"
          ? describeKeys(v as Obj)
          : `a ${typeof v} scalar`;
  if (isObj(v) && typeof v["detail-type"] === "string") {
    return `EventBridge event with detail-type ${JSON.stringify(v["detail-type"])} is neither a CloudTrail event nor an AWS Config item change`;
  }
  return `not a Kubernetes object (apiVersion/kind), Terraform plan (terraform show -json), CloudTrail event or AWS Config item: found ${what}`;
}

function describeKeys(o: Obj): string {
  const keys = Object.keys(o);
  if (keys.length === 0) return "an empty object";
  const shown = keys.slice(0, 6).join(", ");
  return `an object with keys ${shown}${keys.length > 6 ? ", …" : ""}`;
}

/**
 * Cheap text sniff: does a file that failed to parse look like it was meant to be one of our inputs?
 * Used for walked (not explicitly named) files, so that an unrelated broken file does not fail a scan
 * while a broken plan or manifest does.
 */
export function looksLikeInput(text: string): boolean {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  return /(^|\n)\s*(apiVersion|kind)\s*:|"(apiVersion|kind|format_version|resource_changes|planned_values|Records|eventName|eventSource|configurationItem|configurationItems|invokingEvent|resourceType|detail-type)"\s*:/.test(
    head,
  );
}
