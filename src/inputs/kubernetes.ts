// Kubernetes manifests (YAML/JSON, multi-document, List kinds, Helm-rendered output) and AdmissionReview
// files, normalised to the policy input of DEVELOPERS.md:
//   {object, oldObject, operation, userInfo, namespace, dryRun, subResource, source}
import { isCollection, parseAllDocuments, parseDocument, visit, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";
import type { ResourceRef } from "../engine/finding.js";
import type { InputDocument, InputError } from "./types.js";
import { detectValue, isObj, type Obj, type Shape } from "./detect.js";
import { LineIndex } from "./positions.js";
import { nodeOffset, parsePath, type PathSegment } from "./yamlnav.js";

export type KubernetesSource = "scan" | "webhook" | "scanner";

export interface KubernetesInput {
  object: Obj | null;
  oldObject: Obj | null;
  operation: string;
  userInfo: Obj | null;
  namespace: string;
  dryRun: boolean;
  subResource: string | null;
  source: KubernetesSource;
}

/**
 * YAML options matching what kubectl/the API server read: YAML 1.1 booleans (`yes`, `on`, `y` are
 * true, so `privileged: yes` is privileged), octal/hex ints and merge keys, but timestamps and
 * sexagesimal numbers stay strings and nothing becomes a Date or a Uint8Array.
 */
export const KUBERNETES_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: "1.1",
  customTags: (tags) =>
    tags.filter((t) => {
      const tag = typeof t === "string" ? t : t.tag;
      const format = typeof t === "string" ? undefined : (t as { format?: string }).format;
      if (format === "TIME") return false;
      return !/:(timestamp|binary|omap|pairs|set)$/.test(tag);
    }),
  prettyErrors: true,
};

const CLUSTER_SCOPED = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "StorageClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "PriorityClass",
  "RuntimeClass",
  "IngressClass",
  "PodSecurityPolicy",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "APIService",
  "CertificateSigningRequest",
  "ComponentStatus",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "ClusterIssuer",
  "ClusterPolicy",
  "ClusterServingRuntime",
  "ConstraintTemplate",
]);

/** Whether objects of this kind live outside namespaces (built-in kinds and a few well-known CRDs). */
export function isClusterScoped(kind: string | undefined): boolean {
  return kind !== undefined && CLUSTER_SCOPED.has(kind);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function meta(o: Obj | null | undefined): Obj {
  return o && isObj(o.metadata) ? o.metadata : {};
}

/** A manifest read from a file or listed by a scanner becomes a CREATE with no user. */
export function manifestInput(object: Obj, source: KubernetesSource = "scan"): KubernetesInput {
  return {
    object,
    oldObject: null,
    operation: "CREATE",
    userInfo: null,
    namespace: str(meta(object).namespace) ?? "",
    dryRun: false,
    subResource: null,
    source,
  };
}

/** The input of an AdmissionReview `request` (webhook, or an AdmissionReview file). */
export function admissionInput(request: Obj, source: KubernetesSource = "webhook"): KubernetesInput {
  const object = isObj(request.object) ? request.object : null;
  const oldObject = isObj(request.oldObject) ? request.oldObject : null;
  return {
    object,
    oldObject,
    operation: str(request.operation) ?? "CREATE",
    userInfo: isObj(request.userInfo) ? request.userInfo : null,
    namespace: str(request.namespace) ?? str(meta(object ?? oldObject).namespace) ?? "",
    dryRun: request.dryRun === true,
    subResource: str(request.subResource) ?? null,
    source,
  };
}

/** The resource a finding on this input concerns (the object, or the old object of a DELETE). */
export function kubernetesResourceRef(input: KubernetesInput, request?: Obj): ResourceRef {
  const o = input.object ?? input.oldObject;
  const m = meta(o);
  const reqKind = request && isObj(request.kind) ? request.kind : undefined;
  let apiVersion = str(o?.apiVersion);
  if (!apiVersion && reqKind) {
    const g = str(reqKind.group) ?? "";
    const v = str(reqKind.version) ?? "";
    apiVersion = g ? `${g}/${v}` : v || undefined;
  }
  const ref: ResourceRef = { kind: "kubernetes" };
  if (apiVersion) ref.apiVersion = apiVersion;
  const objectKind = str(o?.kind) ?? str(reqKind?.kind);
  if (objectKind) ref.objectKind = objectKind;
  const ns = input.namespace || str(m.namespace);
  if (ns) ref.namespace = ns;
  const name = str(m.name) ?? str(request?.name) ?? str(m.generateName);
  if (name) ref.name = name;
  return ref;
}

/** Where a parsed value came from, so that documents can report lines. */
export interface SourcePositions {
  /** The parsed YAML document holding the value (parsed lazily for JSON files). */
  doc: () => Document | undefined;
  lines: LineIndex;
  /** Path of the value inside `doc`. */
  base: PathSegment[];
  /** `doc` is parsed on first use (JSON files): document lines are then computed on first read. */
  lazy?: boolean;
}

export interface KubeContext {
  file: string;
  /** Index of the first document produced (YAML document number / array element). */
  index: number;
  /** `# Source:` path of Helm-rendered output. */
  sourceFile?: string;
  positions?: SourcePositions;
  source?: KubernetesSource;
}

export interface LoadResult {
  documents: InputDocument[];
  errors: InputError[];
}

function locator(pos: SourcePositions | undefined, base: PathSegment[]): InputDocument["locate"] {
  if (!pos) return undefined;
  return (path) => {
    const doc = pos.doc();
    if (!doc) return undefined;
    const off = nodeOffset(doc, [...base, ...(path ? parsePath(path) : [])]);
    return off === undefined ? undefined : pos.lines.position(off);
  };
}

function makeDoc(input: KubernetesInput, ctx: KubeContext, index: number, base: PathSegment[], request?: Obj): InputDocument {
  const locate = locator(ctx.positions, base);
  const d: InputDocument = { kind: "kubernetes", file: ctx.file, index, input, resource: kubernetesResourceRef(input, request) };
  if (ctx.sourceFile) d.sourceFile = ctx.sourceFile;
  if (locate) {
    d.locate = locate;
    const pos = ctx.positions!;
    if (pos.lazy) {
      // JSON: no positional parse unless someone asks for a line.
      let cached: number | undefined;
      let done = false;
      Object.defineProperty(d, "line", {
        enumerable: true,
        configurable: true,
        get: () => {
          if (!done) {
            done = true;
            cached = eagerLine(pos, base);
          }
          return cached;
        },
        set: (v: number | undefined) => {
          done = true;
          cached = v;
        },
      });
    } else {
      const at = eagerLine(pos, base);
      if (at !== undefined) d.line = at;
    }
  }
  return d;
}

function eagerLine(pos: SourcePositions | undefined, base: PathSegment[]): number | undefined {
  if (!pos) return undefined;
  const doc = pos.doc();
  if (!doc) return undefined;
  const off = nodeOffset(doc, base);
  return off === undefined ? undefined : pos.lines.position(off).line;
}

/** Normalises one recognised Kubernetes value (object, List, AdmissionReview, AdmissionRequest). */
export function kubernetesDocuments(value: Obj, shape: Shape, ctx: KubeContext): LoadResult {
  const documents: InputDocument[] = [];
  const errors: InputError[] = [];
  const base = ctx.positions?.base ?? [];
  const source = ctx.source ?? "scan";
  const errAt = (segs: PathSegment[], message: string) => {
    const e: InputError = { file: ctx.file, message };
    const off = ctx.positions ? (() => {
      const doc = ctx.positions.doc();
      return doc ? nodeOffset(doc, segs) : undefined;
    })() : undefined;
    if (off !== undefined && ctx.positions) Object.assign(e, ctx.positions.lines.position(off));
    errors.push(e);
  };

  const addObject = (obj: Obj, path: PathSegment[], index: number, depth: number) => {
    if (obj.kind !== undefined && typeof obj.kind === "string" && obj.kind.endsWith("List") && Array.isArray(obj.items) && depth < 4) {
      addList(obj, path, depth + 1);
      return;
    }
    documents.push(makeDoc(manifestInput(obj, source), ctx, index, path));
  };

  const addList = (list: Obj, path: PathSegment[], depth: number) => {
    const items = list.items as unknown[];
    const itemKind = typeof list.kind === "string" && list.kind !== "List" ? list.kind.slice(0, -4) : undefined;
    items.forEach((item, i) => {
      const itemPath = [...path, "items", i];
      if (!isObj(item)) {
        errAt(itemPath, `${String(list.kind)} item ${i} is not an object`);
        return;
      }
      let obj = item;
      if ((obj.kind === undefined || obj.apiVersion === undefined) && itemKind) {
        obj = { apiVersion: obj.apiVersion ?? list.apiVersion, kind: obj.kind ?? itemKind, ...obj };
      }
      if (typeof obj.kind !== "string" || typeof obj.apiVersion !== "string") {
        errAt(itemPath, `${String(list.kind)} item ${i} has no apiVersion/kind`);
        return;
      }
      addObject(obj, itemPath, ctx.index + i, depth);
    });
  };

  const addRequest = (req: Obj, path: PathSegment[]) => {
    const input = admissionInput(req, source);
    if (!input.object && !input.oldObject) {
      errAt(path, "admission request has neither object nor oldObject");
      return;
    }
    const objPath = [...path, input.object ? "object" : "oldObject"];
    documents.push(makeDoc(input, ctx, ctx.index, objPath, req));
  };

  switch (shape) {
    case "kubernetes-object":
      addObject(value, base, ctx.index, 0);
      break;
    case "kubernetes-list":
      addList(value, base, 1);
      break;
    case "admission-review":
      if (!isObj(value.request)) errAt(base, "AdmissionReview has no request");
      else addRequest(value.request, [...base, "request"]);
      break;
    case "admission-request":
      addRequest(value, base);
      break;
    default:
      errAt(base, `not a Kubernetes value (${shape})`);
  }
  return { documents, errors };
}

export interface YamlValue {
  value: unknown;
  /** 0-based document number in the stream. */
  index: number;
  doc: Document;
  /** `# Source:` path when the document is Helm-rendered output. */
  sourceFile?: string;
}

const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/m;

/**
 * Parses a YAML stream into its non-empty documents. Documents with syntax errors become InputErrors
 * (with line and column) and the others are kept.
 */
export function parseYamlStream(text: string, file: string, lines: LineIndex): { values: YamlValue[]; errors: InputError[]; empty: number } {
  const values: YamlValue[] = [];
  const errors: InputError[] = [];
  let empty = 0;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, KUBERNETES_YAML_OPTIONS) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (e) {
    return { values, errors: [{ file, message: `invalid YAML: ${(e as Error).message}` }], empty };
  }
  docs.forEach((doc, index) => {
    try {
      processDoc(doc, index);
    } catch (e) {
      // e.g. a stack overflow on absurdly deep nesting: this document only
      const start = lines.position(doc.range[0]);
      errors.push({ file, line: start.line, column: start.column, message: `cannot read YAML document: ${(e as Error).message}` });
    }
  });
  return { values, errors, empty };

  function processDoc(doc: Document.Parsed, index: number): void {
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const e: InputError = { file, message: `invalid YAML: ${cleanYamlMessage(err.message)}` };
      const lp = err.linePos?.[0];
      if (lp) {
        e.line = lp.line;
        e.column = lp.col;
      } else if (err.pos) Object.assign(e, lines.position(err.pos[0]));
      if (/\{\{/.test(text.slice(doc.range[0], doc.range[2]))) {
        e.message += " (this looks like an unrendered Helm/Go template: render it with `helm template` first, or list it in .evidentignore)";
      }
      errors.push(e);
      return;
    }
    if (doc.contents === null) {
      empty++;
      return;
    }
    // `name: {{ .Release.Name }}` parses as a mapping whose key is a mapping: no manifest has
    // collection keys, so this is an unrendered template (and toJS would stringify the key).
    let badKey: number | undefined;
    visit(doc, {
      Pair(_, pair) {
        if (isCollection(pair.key)) {
          badKey = (pair.key as { range?: [number, number, number] }).range?.[0] ?? doc.range[0];
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (badKey !== undefined) {
      const at = lines.position(badKey);
      const tpl = text.slice(doc.range[0], doc.range[2]).includes("{{");
      errors.push({
        file,
        line: at.line,
        column: at.column,
        message: tpl
          ? "invalid manifest: `{{ ... }}` here is an unrendered Helm/Go template: render it with `helm template` first, or list it in .evidentignore"
          : "invalid manifest: a mapping key is itself a mapping or sequence",
      });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      const start = lines.position(doc.range[0]);
      errors.push({ file, line: start.line, column: start.column, message: `invalid YAML: ${(e as Error).message}` });
      return;
    }
    if (value === null || value === undefined) {
      empty++;
      return;
    }
    const y: YamlValue = { value, index, doc };
    const contentsStart = doc.contents.range?.[0] ?? doc.range[0];
    const header = text.slice(doc.range[0], contentsStart);
    const m = HELM_SOURCE.exec(header);
    if (m) y.sourceFile = m[1]!;
    values.push(y);
  }
}

function cleanYamlMessage(msg: string): string {
  const first = msg.split(/:\n/)[0] ?? msg;
  return first.replace(/ at line \d+, column \d+$/, "").trim();
}

/** Lazily parses a JSON text positionally (only when a finding asks for a line). */
export function lazyJsonDocument(text: string): () => Document | undefined {
  let doc: Document | undefined;
  let tried = false;
  return () => {
    if (!tried) {
      tried = true;
      try {
        doc = parseDocument(text, { version: "1.2", prettyErrors: false, uniqueKeys: false });
      } catch {
        doc = undefined;
      }
    }
    return doc;
  };
}

/** Helper for tests and callers holding a single value (webhook, scanner). */
export function kubernetesDocumentsOf(value: unknown, file: string, source: KubernetesSource = "scan"): LoadResult {
  const det = detectValue(value);
  if (!det || det.kind !== "kubernetes" || !isObj(value)) {
    return { documents: [], errors: [{ file, message: "not a Kubernetes object, List or AdmissionReview" }] };
  }
  return kubernetesDocuments(value, det.shape, { file, index: 0, source });
}
