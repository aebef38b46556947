// CloudTrail: S3-delivered {"Records":[...]} (plain or gzipped), bare arrays, JSON Lines, single
// records, EventBridge envelopes and CloudWatch Logs subscription payloads -> one InputDocument per
// record, input {event: <the bare record>}.
import type { ResourceRef } from "../engine/finding.js";
import type { DocumentGroup, InputDocument, InputError } from "./types.js";
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

/** One document for one bare record. */
export function cloudtrailDocument(event: Obj, file: string, index: number, line?: number): InputDocument {
  const input: CloudTrailInput = { event };
  const d: InputDocument = { kind: "cloudtrail", file, index, input, resource: cloudtrailResourceRef(event) };
  if (line !== undefined) d.line = line;
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
  const records = (list: unknown[], where: string) => {
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (isObj(r)) documents.push(cloudtrailDocument(r, ctx.file, ctx.index + documents.length, ctx.line));
      else errors.push(withLine({ file: ctx.file, message: `${where}[${i}] is not a CloudTrail record (${r === null ? "null" : typeof r})` }, ctx.line));
    }
  };
  if (Array.isArray(value)) {
    records(value, "element");
    return { documents, errors };
  }
  switch (shape) {
    case "cloudtrail-records": {
      records(value.Records as unknown[], "Records");
      if (ctx.text !== undefined && errors.length === 0) fromFileText(documents, ctx.text, ctx.ascii);
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

/** Above this size a log file is evaluated in batches of records rather than in one call. */
const WHOLE_FILE_MAX_CHARS = 64 * 1024 * 1024;

/**
 * The records of a {"Records": [...]} file (every element a record, in order) are evaluated from the
 * file's own text: all at once from the whole file (DocumentGroup), or one by one from their spans in
 * it, found only when a record is evaluated on its own.
 */
function fromFileText(documents: InputDocument[], text: string, ascii: Uint8Array | undefined) {
  const first = text.indexOf('"Records"');
  // a second "Records" (a duplicate key, or the word inside a record) and the whole file is not used
  // (indexOf from there, not lastIndexOf: V8 searches forwards much faster)
  const single = first >= 0 && text.indexOf('"Records"', first + 9) < 0;
  const records = new FileRecords(text, ascii, documents.length);
  if (single && text.length <= WHOLE_FILE_MAX_CHARS && documents.length > 0) {
    const group: DocumentGroup = { entrypoint: "evident/main/batch_cloudtrail_file", size: documents.length, input: () => records.bytes() };
    for (const d of documents) d.group = group;
  }
  for (let i = 0; i < documents.length; i++) {
    const d = documents[i]!;
    // With one "Records" key the spans are the records JSON.parse produced, so the parsed record need
    // not be kept: the file's object graph is garbage as soon as its documents exist (holding it while
    // the file was evaluated made garbage collection a seventh of a CloudTrail scan).
    documents[i] = single ? fileRecordDocument(d, records, i) : withSpans(d, records, i);
  }
}

/** A {"Records": [...]} file's text, its bytes when ASCII, and where each record sits in it. */
class FileRecords {
  private spanList: [number, number][] | undefined | null = null;
  private utf8: Uint8Array | undefined;
  private all: Obj[] | undefined;
  constructor(
    readonly text: string,
    readonly ascii: Uint8Array | undefined,
    private readonly count: number,
  ) {
    this.utf8 = ascii;
  }
  bytes(): Uint8Array {
    return (this.utf8 ??= Buffer.from(this.text));
  }
  /** The span of record `i`, or undefined when the records cannot be located in the text. */
  span(i: number): [number, number] | undefined {
    if (this.spanList === null) {
      const at = topLevelValueOffset(this.text, "Records");
      const spans = at !== undefined ? arrayElementSpans(this.text, at) : undefined;
      this.spanList = spans && spans.length === this.count ? spans : undefined;
    }
    return this.spanList?.[i];
  }
  /** Record `i` parsed again from its own text (or, failing that, from the whole file, once). */
  parse(i: number): Obj {
    const s = this.span(i);
    if (s) return JSON.parse(this.text.slice(s[0], s[1])) as Obj;
    this.all ??= (JSON.parse(this.text) as { Records: Obj[] }).Records;
    return this.all[i]!;
  }
}

/**
 * A record of a file with one "Records" key: its input is parsed again from the file's text when asked
 * for. A plain object with an own getter, so that `{...doc}` still carries the input.
 */
function fileRecordDocument(d: InputDocument, records: FileRecords, at: number): InputDocument {
  let parsed: CloudTrailInput | undefined;
  const doc: InputDocument = {
    kind: "cloudtrail",
    file: d.file,
    index: d.index,
    resource: d.resource,
    get input(): CloudTrailInput {
      return (parsed ??= { event: records.parse(at) });
    },
  };
  if (d.line !== undefined) doc.line = d.line;
  if (d.group) doc.group = d.group;
  return withInputText(doc, records, () => records.span(at));
}

/** A record of a file whose text may hold "Records" more than once: keeps its parsed input, and uses its span only when it holds this record. */
function withSpans(d: InputDocument, records: FileRecords, i: number): InputDocument {
  const event = (d.input as CloudTrailInput).event;
  return withInputText(d, records, () => {
    const s = records.span(i);
    // a cheap guard that the span is this record (a file with two "Records" keys parses to the last)
    if (s && typeof event.eventID === "string" && !records.text.slice(s[0], s[1]).includes(event.eventID)) return undefined;
    return s;
  });
}

/** The document's input as text or bytes from its record's span in the file (JSON.stringify of its input without one). */
function withInputText(d: InputDocument, records: FileRecords, spanOf: () => [number, number] | undefined): InputDocument {
  d.inputJson = () => {
    const s = spanOf();
    return s ? `{"event":${records.text.slice(s[0], s[1])}}` : JSON.stringify(d.input);
  };
  const ascii = records.ascii;
  if (ascii) {
    d.inputUtf8 = () => {
      const s = spanOf();
      return s ? [EVENT_OPEN, ascii.subarray(s[0], s[1]), EVENT_CLOSE] : [Buffer.from(JSON.stringify(d.input))];
    };
  }
  return d;
}

function withLine(e: InputError, line: number | undefined): InputError {
  if (line !== undefined) e.line = line;
  return e;
}
