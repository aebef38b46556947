// The input stage of a scan: paths -> files -> recognised, normalised InputDocuments, with an explicit
// InputError (file, line, column) for everything that could not be read or parsed. Never throws for a
// bad file.
import type { InputKind, Location } from "../engine/finding.js";
import type { InputDocument, InputError } from "./types.js";
import { detectValue, describeUnrecognised, isCloudTrailRecord, isConfigItem, isObj, looksLikeInput, type Obj } from "./detect.js";
import { findJsonError, firstNonSpace, LineIndex } from "./positions.js";
import { readInputFile, type ReadOptions } from "./read.js";
import { walkPaths, type Skipped, type WalkOptions } from "./walk.js";
import { isClusterScoped, kubernetesDocuments, lazyJsonDocument, parseYamlStream, type KubernetesInput, type KubernetesSource, type SourcePositions } from "./kubernetes.js";
import { terraformDocuments } from "./terraform.js";
import { cloudtrailDocument, cloudtrailDocuments } from "./cloudtrail.js";
import { awsConfigDocuments } from "./awsconfig.js";

export type { InputDocument, InputError } from "./types.js";
export type { Skipped } from "./walk.js";
export { walkPaths, IGNORE_FILE } from "./walk.js";
export { readInputFile, decodeBuffer, DEFAULT_MAX_FILE_BYTES } from "./read.js";
export { detectValue } from "./detect.js";
export { manifestInput, admissionInput, kubernetesResourceRef, kubernetesDocumentsOf, isClusterScoped } from "./kubernetes.js";
export type { KubernetesInput, KubernetesSource } from "./kubernetes.js";
export { planResources, resolveReferences, terraformResourceRef, planLocator, parseAddress } from "./terraform.js";
export type { PlanResource, PlanReferences, TerraformInput } from "./terraform.js";
export { cloudtrailDocument, cloudtrailResourceRef, cloudtrailActor } from "./cloudtrail.js";
export { normaliseConfigurationItem, configResourceRef } from "./awsconfig.js";

export interface LoadOptions extends ReadOptions, WalkOptions {
  /** `source` of Kubernetes inputs (default "scan"). */
  source?: KubernetesSource;
}

export interface Recognised {
  file: string;
  kind: InputKind;
  /** Documents produced (0 for e.g. a scheduled Config notification). */
  documents: number;
  /** Why some recognised values produced no document (deleted CI, oversized notification ...). */
  notes?: string[];
}

export interface LoadInputsResult {
  documents: InputDocument[];
  errors: InputError[];
  recognised: Recognised[];
  /** Files a directory walk found but that are not inputs (unrecognised content, Helm templates ...). */
  skipped: Skipped[];
}

/** The outcome of one file's text. */
export interface TextLoadResult {
  documents: InputDocument[];
  errors: InputError[];
  recognised: Recognised[];
  /** Nothing in the file was recognised: why (the caller decides whether that is an error). */
  unrecognised?: string;
  /** The text did not parse at all (errors holds the syntax error). */
  parseFailed?: boolean;
}

interface ValueContext {
  file: string;
  index: number;
  line?: number;
  positions?: SourcePositions;
  /** Raw text when the value is the whole file (Terraform locate). */
  text?: string;
  /** The file's bytes when `text` is plain ASCII (see DecodedText.ascii). */
  ascii?: Uint8Array;
  lines?: LineIndex;
  sourceFile?: string;
  source: KubernetesSource;
}

class Collector {
  documents: InputDocument[] = [];
  errors: InputError[] = [];
  private readonly kinds = new Map<InputKind, Recognised>();
  unrecognised: InputError[] = [];
  constructor(private readonly file: string) {}

  recognise(kind: InputKind, documents: number, notes: string[] = []) {
    let r = this.kinds.get(kind);
    if (!r) this.kinds.set(kind, (r = { file: this.file, kind, documents: 0 }));
    r.documents += documents;
    if (notes.length) (r.notes ??= []).push(...notes);
  }
  get recognised(): Recognised[] {
    return [...this.kinds.values()];
  }
}

function handleValue(value: unknown, ctx: ValueContext, out: Collector, where: string) {
  const push = (r: { documents: InputDocument[]; errors: InputError[]; notes?: string[] }, kind: InputKind) => {
    for (const d of r.documents) out.documents.push(d);
    for (const e of r.errors) out.errors.push(e);
    out.recognise(kind, r.documents.length, r.notes);
  };
  const unrecognised = (message: string) => {
    const e: InputError = { file: ctx.file, message: where ? `${where}: ${message}` : message };
    const at = ctx.line ?? (ctx.positions ? positionOf(ctx.positions) : undefined);
    if (at !== undefined) e.line = at;
    out.unrecognised.push(e);
  };

  if (Array.isArray(value)) {
    const first = value.find((v) => isObj(v));
    if (value.length === 0) {
      unrecognised("empty JSON array");
      return;
    }
    if (first && isCloudTrailRecord(first as Obj)) {
      push(cloudtrailDocuments(value, "cloudtrail-array", { file: ctx.file, index: ctx.index, ...(ctx.line !== undefined ? { line: ctx.line } : {}) }), "cloudtrail");
      return;
    }
    if (first && isConfigItem(first as Obj)) {
      push(awsConfigDocuments(value, "config-array", { file: ctx.file, index: ctx.index, ...(ctx.line !== undefined ? { line: ctx.line } : {}) }), "aws-config");
      return;
    }
    value.forEach((el, i) => {
      const elCtx: ValueContext = { ...ctx, index: ctx.index + i };
      delete elCtx.text;
      if (ctx.positions) elCtx.positions = { ...ctx.positions, base: [...ctx.positions.base, i] };
      handleValue(el, elCtx, out, `${where ? `${where} ` : ""}element ${i}`);
    });
    return;
  }
  const det = detectValue(value);
  if (!det || !isObj(value)) {
    unrecognised(describeUnrecognised(value));
    return;
  }
  const lineOpt = ctx.line !== undefined ? { line: ctx.line } : {};
  switch (det.kind) {
    case "kubernetes": {
      const before = out.documents.length;
      push(
        kubernetesDocuments(value, det.shape, {
          file: ctx.file,
          index: ctx.index,
          source: ctx.source,
          ...(ctx.positions ? { positions: ctx.positions } : {}),
          ...(ctx.sourceFile ? { sourceFile: ctx.sourceFile } : {}),
        }),
        "kubernetes",
      );
      if (!ctx.positions && ctx.line !== undefined) {
        for (let i = before; i < out.documents.length; i++) out.documents[i]!.line ??= ctx.line;
      }
      return;
    }
    case "terraform":
      if (det.shape === "terraform-state") {
        out.errors.push({ file: ctx.file, message: "this is a Terraform state file, not a plan; scan `terraform show -json plan.out` output" });
        out.recognise("terraform", 0);
        return;
      }
      if (det.shape === "terraform-show-state") {
        out.errors.push({ file: ctx.file, message: "this is `terraform show -json` of a state (values, no resource_changes), not of a plan; run `terraform show -json plan.out`" });
        out.recognise("terraform", 0);
        return;
      }
      push(
        terraformDocuments(value, {
          file: ctx.file,
          ...(ctx.text !== undefined ? { text: ctx.text } : {}),
          ...(ctx.ascii ? { ascii: ctx.ascii } : {}),
          ...(ctx.lines ? { lines: ctx.lines } : {}),
        }),
        "terraform",
      );
      return;
    case "cloudtrail":
      push(cloudtrailDocuments(value, det.shape, { file: ctx.file, index: ctx.index, ...lineOpt, ...(ctx.text !== undefined ? { text: ctx.text } : {}), ...(ctx.ascii ? { ascii: ctx.ascii } : {}) }), "cloudtrail");
      return;
    case "aws-config":
      push(awsConfigDocuments(value, det.shape, { file: ctx.file, index: ctx.index, ...lineOpt }), "aws-config");
      return;
  }
}

function positionOf(p: SourcePositions): number | undefined {
  const doc = p.doc();
  if (!doc) return undefined;
  let node: unknown = doc.contents;
  for (const seg of p.base) {
    const n = node as { items?: unknown[] } | null;
    if (!n || !Array.isArray(n.items) || typeof seg !== "number") break;
    node = n.items[seg];
  }
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? p.lines.position(r[0]).line : undefined;
}

function jsonErrorAt(text: string, file: string, lines: LineIndex, lineBase = 0, prefix = "invalid JSON"): InputError {
  const found = findJsonError(text);
  const e: InputError = { file, message: `${prefix}: ${found?.message ?? "syntax error"}` };
  if (found) {
    const pos = lines.position(found.offset);
    e.line = pos.line + lineBase;
    e.column = pos.column;
  }
  return e;
}

/**
 * Recognises and normalises one file's text. Kinds are recognised from content: JSON (one value),
 * JSON Lines, or a YAML stream.
 */
export function loadText(file: string, text: string, opts: { source?: KubernetesSource; ascii?: Uint8Array } = {}): TextLoadResult {
  const out = new Collector(file);
  const source = opts.source ?? "scan";
  const lines = new LineIndex(text);
  const start = firstNonSpace(text);
  const finish = (extra: Partial<TextLoadResult> = {}): TextLoadResult => {
    const res: TextLoadResult = { documents: out.documents, errors: out.errors, recognised: out.recognised, ...extra };
    if (res.recognised.length === 0 && !extra.parseFailed) {
      res.unrecognised = out.unrecognised.map((e) => e.message).join("; ") || "no documents";
    } else res.errors.push(...out.unrecognised);
    return res;
  };
  if (start < 0) {
    out.errors.push({ file, message: "empty file" });
    return finish({ parseFailed: true });
  }
  const c = text[start];
  if (c === "{" || c === "[") {
    let value: unknown;
    let parsed = false;
    try {
      value = JSON.parse(text);
      parsed = true;
    } catch {
      /* JSON Lines, YAML flow style or a syntax error: see below */
    }
    if (parsed) {
      const ctx: ValueContext = { file, index: 0, positions: { doc: lazyJsonDocument(text), lines, base: [], lazy: true }, text, lines, source };
      if (opts.ascii) ctx.ascii = opts.ascii;
      handleValue(value, ctx, out, "");
      return finish();
    }
    const jsonl = loadJsonLines(text, file, lines, out, source);
    if (jsonl) return finish();
    // Not JSON: a YAML flow mapping such as `{apiVersion: v1, kind: Pod}`? (small texts not named
    // .json only: YAML would accept a JSON file's trailing comma)
    if (text.length < 1 << 20 && !/\.json(\.gz)?$/i.test(file)) {
      const y = parseYamlStream(text, file, lines);
      if (y.errors.length === 0 && y.values.length > 0) {
        for (const v of y.values) {
          handleValue(v.value, { file, index: v.index, positions: { doc: () => v.doc, lines, base: [] }, lines, source }, out, "");
        }
        return finish();
      }
    }
    out.errors.push(jsonErrorAt(text, file, lines));
    return finish({ parseFailed: true });
  }

  const y = parseYamlStream(text, file, lines);
  out.errors.push(...y.errors);
  if (y.values.length === 0) {
    if (y.errors.length === 0) out.errors.push({ file, message: "no YAML documents (only comments or empty documents)" });
    return finish({ parseFailed: true });
  }
  for (const v of y.values) {
    const vctx: ValueContext = { file, index: v.index, positions: { doc: () => v.doc, lines, base: [] }, lines, source };
    if (v.sourceFile) vctx.sourceFile = v.sourceFile;
    handleValue(v.value, vctx, out, y.values.length > 1 || v.index > 0 ? `YAML document ${v.index + 1}` : "");
  }
  return finish();
}

/** JSON Lines: true when the text is one JSON value per line (first line parses, more lines follow). */
function loadJsonLines(text: string, file: string, lines: LineIndex, out: Collector, source: KubernetesSource): boolean {
  const firstNl = text.indexOf("\n");
  if (firstNl < 0) return false;
  const firstLine = text.slice(0, firstNl).trim();
  if (firstLine === "") return false;
  try {
    JSON.parse(firstLine);
  } catch {
    return false;
  }
  let lineNo = 0;
  let pos = 0;
  let index = 0;
  // Group consecutive CloudTrail records into one call to keep per-record work minimal.
  while (pos <= text.length) {
    let nl = text.indexOf("\n", pos);
    if (nl < 0) nl = text.length;
    lineNo++;
    const raw = text.slice(pos, nl);
    pos = nl + 1;
    if (raw.trim() === "") {
      if (nl >= text.length) break;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      out.errors.push(jsonErrorAt(raw, file, new LineIndex(raw), lineNo - 1, `invalid JSON on line ${lineNo} of JSON Lines file`));
      continue;
    }
    if (isObj(value) && isCloudTrailRecord(value)) {
      out.documents.push(cloudtrailDocument(value, file, index, lineNo));
      out.recognise("cloudtrail", 1);
      index++;
      continue;
    }
    const before = out.documents.length;
    handleValue(value, { file, index, line: lineNo, lines, source }, out, `line ${lineNo}`);
    index += Math.max(1, out.documents.length - before);
  }
  return true;
}

/** Reads, recognises and normalises one file. `explicit`: named by the user (unrecognised = error). */
export async function loadFile(file: string, opts: LoadOptions & { explicit?: boolean } = {}): Promise<TextLoadResult & { skipped?: Skipped }> {
  const read = await readInputFile(file, opts);
  if (!read.ok) return { documents: [], errors: [read.error], recognised: [], parseFailed: true };
  const res = loadText(file, read.value.text, { ...(opts.source ? { source: opts.source } : {}), ...(read.value.ascii ? { ascii: read.value.ascii } : {}) });
  const explicit = opts.explicit ?? true;
  if (res.recognised.length === 0) {
    if (res.parseFailed) {
      if (!explicit && !looksLikeInput(read.value.text)) {
        return { documents: [], errors: [], recognised: [], skipped: { file, reason: `does not parse (${res.errors[0]?.message ?? "syntax error"}) and does not look like an input` } };
      }
      return res;
    }
    if (!explicit) return { documents: [], errors: [], recognised: [], skipped: { file, reason: res.unrecognised ?? "not an input" } };
    res.errors.push({ file, message: res.unrecognised ?? "not a recognised input" });
  }
  return res;
}

/**
 * Loads every input under `paths` (files and directories). Never throws for a bad file: each problem
 * is an InputError naming the file (and line/column when known); the rest goes on.
 */
export async function loadInputs(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadInputsResult> {
  const walked = await walkPaths(paths, opts);
  const result: LoadInputsResult = { documents: [], errors: [...walked.errors], recognised: [], skipped: [...walked.skipped] };
  for (const f of walked.files) {
    let res: Awaited<ReturnType<typeof loadFile>>;
    try {
      res = await loadFile(f.path, { ...opts, explicit: f.explicit });
    } catch (e) {
      // Defensive: a loader bug must not stop the scan.
      result.errors.push({ file: f.path, message: `internal error while loading: ${(e as Error).message}` });
      continue;
    }
    for (const d of res.documents) result.documents.push(d);
    result.errors.push(...res.errors);
    result.recognised.push(...res.recognised);
    if (res.skipped) result.skipped.push(res.skipped);
  }
  return result;
}

/** `file:line:column: message`, the way compilers print it. */
export function formatInputError(e: InputError): string {
  const at = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ""}` : "";
  return `${e.file}${at}: ${e.message}`;
}

/**
 * Where a finding on `doc` points: the document's file and the line of `path` (or of the Terraform
 * resource). For Helm-rendered output the location file is the chart template of the `# Source:`
 * comment, whose lines are unknown, so no line is given.
 */
export function locationOf(doc: InputDocument, path?: string, resource?: string): Location {
  if (doc.sourceFile) {
    const loc: Location = { file: doc.sourceFile };
    if (path) loc.path = path;
    return loc;
  }
  const loc: Location = { file: doc.file };
  const pos = doc.locate?.(path, resource);
  const line = pos?.line ?? doc.line;
  if (line !== undefined) loc.line = line;
  if (pos?.column !== undefined) loc.column = pos.column;
  if (path) loc.path = path;
  return loc;
}

export type InventoryTree = Record<string, Record<string, Record<string, Obj>>>;

export interface Inventory {
  /** cluster[apiVersion][kind][name] */
  cluster: InventoryTree;
  /** namespace[ns][apiVersion][kind][name]; objects without a namespace in their manifest are under "". */
  namespace: Record<string, InventoryTree>;
}

/**
 * data.inventory for scan mode, laid out as Gatekeeper's: the Kubernetes objects of the scan (not
 * DELETEs), cluster-scoped kinds under `cluster`, the others under `namespace[ns]`.
 */
export function inventoryFrom(documents: readonly InputDocument[]): Inventory {
  const inv: Inventory = { cluster: {}, namespace: {} };
  const put = (tree: InventoryTree, apiVersion: string, kind: string, name: string, obj: Obj) => {
    ((tree[apiVersion] ??= {})[kind] ??= {})[name] = obj;
  };
  for (const d of documents) {
    if (d.kind !== "kubernetes") continue;
    const input = d.input as KubernetesInput;
    const obj = input?.object;
    if (!obj || input.operation === "DELETE") continue;
    const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : undefined;
    const kind = typeof obj.kind === "string" ? obj.kind : undefined;
    const md = isObj(obj.metadata) ? obj.metadata : {};
    const name = typeof md.name === "string" ? md.name : undefined;
    if (!apiVersion || !kind || !name) continue;
    if (isClusterScoped(kind)) put(inv.cluster, apiVersion, kind, name, obj);
    else put((inv.namespace[input.namespace ?? ""] ??= {}), apiVersion, kind, name, obj);
  }
  return inv;
}
