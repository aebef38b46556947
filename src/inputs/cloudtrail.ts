// CloudTrail: S3-delivered {"Records":[...]} (plain or gzipped), bare arrays, JSON Lines, single
// records, EventBridge envelopes and CloudWatch Logs subscription payloads -> one InputDocument per
// record, input {event: <the bare record>}.
import type { ResourceRef } from "../engine/finding.js";
import type { InputDocument, InputError } from "./types.js";
import { isObj, type Obj, type Shape } from "./detect.js";
import { arrayElementSpans, topLevelValueOffset } from "./json-spans.js";

export interface CloudTrailInput {
  event: Obj;
}

/** Who acted: userIdentity.arn, else principalId, else "root" for the root user, else invokedBy/type. */
export function cloudtrailActor(event: Obj): string | undefined {
  const ui = event.userIdentity;
  if (!isObj(ui)) return undefined;
  if (typeof ui.arn === "string" && ui.arn !== "") return ui.arn;
  if (typeof ui.principalId === "string" && ui.principalId !== "") return ui.principalId;
  if (ui.type === "Root") return "root";
  if (typeof ui.invokedBy === "string" && ui.invokedBy !== "") return ui.invokedBy;
  if (typeof ui.userName === "string" && ui.userName !== "") return ui.userName;
  return typeof ui.type === "string" ? ui.type : undefined;
}

export function cloudtrailResourceRef(event: Obj): ResourceRef {
  const ref: ResourceRef = { kind: "cloudtrail" };
  if (typeof event.eventID === "string") ref.eventID = event.eventID;
  if (typeof event.eventName === "string") ref.eventName = event.eventName;
  if (typeof event.eventSource === "string") ref.eventSource = event.eventSource;
  if (typeof event.eventTime === "string") ref.eventTime = event.eventTime;
  const actor = cloudtrailActor(event);
  if (actor !== undefined) ref.actor = actor;
  return ref;
}

const EVENT_OPEN = Buffer.from('{"event":');
const EVENT_CLOSE = Buffer.from("}");

/**
 * One document for one bare record; `raw` is the record's own JSON text, when known, and `rawUtf8` the
 * same as bytes (a view into the file).
 */
export function cloudtrailDocument(event: Obj, file: string, index: number, line?: number, raw?: string, rawUtf8?: Uint8Array): InputDocument {
  const input: CloudTrailInput = { event };
  const d: InputDocument = { kind: "cloudtrail", file, index, input, resource: cloudtrailResourceRef(event) };
  if (line !== undefined) d.line = line;
  if (raw !== undefined) d.inputJson = () => `{"event":${raw}}`;
  if (rawUtf8 !== undefined) d.inputUtf8 = () => [EVENT_OPEN, rawUtf8, EVENT_CLOSE];
  return d;
}

export interface CloudTrailContext {
  file: string;
  /** Index of the first record produced. */
  index: number;
  /** Line of the value (JSON Lines). */
  line?: number;
  /** The file's text when the value is the whole file: records are then evaluated from their own text. */
  text?: string;
  /** The file's bytes when `text` is plain ASCII: records are then evaluated from views into them. */
  ascii?: Uint8Array;
}

/** Unwraps a recognised CloudTrail value into documents (one per record). */
export function cloudtrailDocuments(value: Obj | unknown[], shape: Shape | "cloudtrail-array", ctx: CloudTrailContext): { documents: InputDocument[]; errors: InputError[] } {
  const documents: InputDocument[] = [];
  const errors: InputError[] = [];
  const records = (list: unknown[], where: string, spans?: [number, number][]) => {
    if (spans && spans.length !== list.length) spans = undefined;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      let raw = spans ? ctx.text!.slice(spans[i]![0], spans[i]![1]) : undefined;
      // a cheap guard that the span is this record (a file with two "Records" keys parses to the last)
      if (raw !== undefined && isObj(r) && typeof r.eventID === "string" && !raw.includes(r.eventID)) raw = undefined;
      const bytes = raw !== undefined && ctx.ascii ? ctx.ascii.subarray(spans![i]![0], spans![i]![1]) : undefined;
      if (isObj(r)) documents.push(cloudtrailDocument(r, ctx.file, ctx.index + documents.length, ctx.line, raw, bytes));
      else errors.push(withLine({ file: ctx.file, message: `${where}[${i}] is not a CloudTrail record (${r === null ? "null" : typeof r})` }, ctx.line));
    }
  };
  if (Array.isArray(value)) {
    records(value, "element");
    return { documents, errors };
  }
  switch (shape) {
    case "cloudtrail-records": {
      const at = ctx.text !== undefined ? topLevelValueOffset(ctx.text, "Records") : undefined;
      records(value.Records as unknown[], "Records", at !== undefined ? arrayElementSpans(ctx.text!, at) : undefined);
      break;
    }
    case "cloudtrail-record":
      documents.push(cloudtrailDocument(value, ctx.file, ctx.index, ctx.line));
      break;
    case "cloudtrail-eventbridge":
      documents.push(cloudtrailDocument(value.detail as Obj, ctx.file, ctx.index, ctx.line));
      break;
    case "cloudwatch-logs": {
      const events = value.logEvents as unknown[];
      events.forEach((le, i) => {
        const msg = isObj(le) ? le.message : undefined;
        let rec: unknown;
        try {
          rec = typeof msg === "string" ? JSON.parse(msg) : undefined;
        } catch {
          rec = undefined;
        }
        if (isObj(rec)) documents.push(cloudtrailDocument(rec, ctx.file, ctx.index + documents.length, ctx.line));
        else errors.push(withLine({ file: ctx.file, message: `logEvents[${i}].message is not a JSON CloudTrail record` }, ctx.line));
      });
      break;
    }
    default:
      errors.push(withLine({ file: ctx.file, message: `not a CloudTrail value (${shape})` }, ctx.line));
  }
  return { documents, errors };
}

function withLine(e: InputError, line: number | undefined): InputError {
  if (line !== undefined) e.line = line;
  return e;
}
