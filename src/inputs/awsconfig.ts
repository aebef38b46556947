// AWS Config: configuration items (API `version` and notification `configurationItemVersion` shapes),
// Config rule invocation events (CI inside the JSON-encoded `invokingEvent`), snapshot / history files
// (`configurationItems`), EventBridge "Config Configuration Item Change" -> one InputDocument per CI
// with input {configurationItem}, `configuration` and `supplementaryConfiguration` values parsed when
// they are JSON strings. Deleted / not-recorded items are skipped; notifications that carry no CI
// (oversized, scheduled, snapshot delivery) are recognised and produce a note, not an error.
import type { ResourceRef } from "../engine/finding.js";
import type { InputDocument, InputError } from "./types.js";
import { isConfigItem, isObj, type Obj, type Shape } from "./detect.js";

export interface AwsConfigInput {
  configurationItem: Obj;
}

const SKIPPED_STATUSES = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded"]);

function parseIfJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  let i = 0;
  while (i < v.length && (v[i] === " " || v[i] === "\n" || v[i] === "\r" || v[i] === "\t")) i++;
  const c = v[i];
  if (c !== "{" && c !== "[") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** A copy of the CI with `configuration` and each `supplementaryConfiguration` value parsed when JSON strings. */
export function normaliseConfigurationItem(ci: Obj): Obj {
  const out: Obj = { ...ci };
  if (typeof ci.configuration === "string") {
    if (ci.configuration.trim() === "null") out.configuration = null;
    else out.configuration = parseIfJson(ci.configuration);
  }
  const sup = typeof ci.supplementaryConfiguration === "string" ? parseIfJson(ci.supplementaryConfiguration) : ci.supplementaryConfiguration;
  if (isObj(sup)) {
    const s: Obj = {};
    for (const k in sup) s[k] = parseIfJson(sup[k]);
    out.supplementaryConfiguration = s;
  } else if (sup !== ci.supplementaryConfiguration) out.supplementaryConfiguration = sup;
  return out;
}

export function configResourceRef(ci: Obj): ResourceRef {
  const ref: ResourceRef = { kind: "aws-config" };
  const s = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const resourceType = s(ci.resourceType);
  if (resourceType) ref.resourceType = resourceType;
  const resourceId = s(ci.resourceId);
  if (resourceId) ref.resourceId = resourceId;
  const accountId = s(ci.accountId) ?? s(ci.awsAccountId);
  if (accountId) ref.accountId = accountId;
  const region = s(ci.awsRegion);
  if (region) ref.region = region;
  const arn = s(ci.arn) ?? s(ci.ARN);
  if (arn) ref.arn = arn;
  return ref;
}

export interface ConfigContext {
  file: string;
  index: number;
  line?: number;
}

export interface ConfigLoadResult {
  documents: InputDocument[];
  errors: InputError[];
  /** Recognised values that produce no document (deleted items, oversized/scheduled notifications). */
  notes: string[];
}

const NO_CI_NOTES: Record<string, string> = {
  OversizedConfigurationItemChangeNotification:
    "oversized configuration item change notification carries only a configurationItemSummary; fetch the item with GetResourceConfigHistory and scan it",
  ScheduledNotification: "scheduled (periodic) rule notification carries no configuration item",
  ConfigurationSnapshotDeliveryCompleted: "snapshot delivery notification carries no configuration item (scan the snapshot file from S3)",
  ConfigurationSnapshotDeliveryStarted: "snapshot delivery notification carries no configuration item",
  ConfigurationSnapshotDeliveryFailed: "snapshot delivery notification carries no configuration item",
  ConfigurationHistoryDeliveryCompleted: "history delivery notification carries no configuration item (scan the history file from S3)",
  ComplianceChangeNotification: "compliance change notification carries no configuration item",
  ConfigRulesEvaluationStarted: "rule evaluation notification carries no configuration item",
};

/** Unwraps a recognised AWS Config value into documents. */
export function awsConfigDocuments(value: Obj | unknown[], shape: Shape | "config-array", ctx: ConfigContext): ConfigLoadResult {
  const res: ConfigLoadResult = { documents: [], errors: [], notes: [] };
  const err = (message: string) => {
    const e: InputError = { file: ctx.file, message };
    if (ctx.line !== undefined) e.line = ctx.line;
    res.errors.push(e);
  };
  const addCi = (ci: unknown, where: string) => {
    if (!isObj(ci)) {
      err(`${where} is not a configuration item (${ci === null ? "null" : typeof ci})`);
      return;
    }
    if (typeof ci.resourceType !== "string") {
      err(`${where} has no resourceType`);
      return;
    }
    const status = ci.configurationItemStatus;
    if (typeof status === "string" && SKIPPED_STATUSES.has(status)) {
      res.notes.push(`skipped ${ci.resourceType} ${String(ci.resourceId ?? "")} (${status})`);
      return;
    }
    const item = normaliseConfigurationItem(ci);
    const input: AwsConfigInput = { configurationItem: item };
    const d: InputDocument = { kind: "aws-config", file: ctx.file, index: ctx.index + res.documents.length, input, resource: configResourceRef(item) };
    if (ctx.line !== undefined) d.line = ctx.line;
    res.documents.push(d);
  };
  const invoking = (ie: Obj, where: string) => {
    const mt = typeof ie.messageType === "string" ? ie.messageType : undefined;
    if (isObj(ie.configurationItem)) {
      addCi(ie.configurationItem, `${where}.configurationItem`);
      return;
    }
    if (mt && NO_CI_NOTES[mt]) {
      const summary = isObj(ie.configurationItemSummary) ? ie.configurationItemSummary : undefined;
      res.notes.push(summary ? `${NO_CI_NOTES[mt]} (${String(summary.resourceType)} ${String(summary.resourceId)})` : NO_CI_NOTES[mt]);
      return;
    }
    if ("configurationItem" in ie && ie.configurationItem === null) {
      res.notes.push(`${mt ?? "notification"} without a configuration item (resource left scope or was deleted)`);
      return;
    }
    err(`${where}: message type ${JSON.stringify(mt ?? null)} carries no configuration item`);
  };

  if (Array.isArray(value)) {
    value.forEach((ci, i) => addCi(ci, `element ${i}`));
    return res;
  }
  switch (shape) {
    case "config-item":
      addCi(value, "configuration item");
      break;
    case "config-items-list":
      (value.configurationItems as unknown[]).forEach((ci, i) => addCi(ci, `configurationItems[${i}]`));
      break;
    case "config-invoking-event":
      invoking(value, "notification");
      break;
    case "config-rule-event": {
      let ie: unknown = value.invokingEvent;
      if (typeof ie === "string") {
        try {
          ie = JSON.parse(ie);
        } catch (e) {
          err(`invokingEvent is not valid JSON: ${(e as Error).message}`);
          break;
        }
      }
      if (!isObj(ie)) {
        err("invokingEvent is not a JSON object");
        break;
      }
      invoking(ie, "invokingEvent");
      break;
    }
    case "config-eventbridge": {
      const detail = value.detail as Obj;
      if (isConfigItem(detail)) addCi(detail, "detail");
      else invoking(detail, "detail");
      break;
    }
    default:
      err(`not an AWS Config value (${shape})`);
  }
  return res;
}
