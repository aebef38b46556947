// JSON Schemas of the evidence format (evidence/schemas/*.schema.json), compiled once with ajv.
// Records are validated when written and when verified; bundles' files when verified.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import AjvModule from "ajv";
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv and ajv-formats are CommonJS with a default export.
type AjvCtor = new (opts: Record<string, unknown>) => AjvClass;
const Ajv = ((AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor));
type AddFormats = (ajv: AjvClass) => AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats));

/** evidence/schemas beside src/ (or dist/) */
export const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../evidence/schemas");

export type SchemaName = "record" | "checkpoint" | "manifest" | "predicate" | "oscal-assessment-results.subset";
/** The record schema without the chain-position fields (chain, seq, prevHash, hash): checks an append() before it is sealed. */
export type DerivedSchemaName = "record-pending";
const POSITION_FIELDS = ["chain", "seq", "prevHash", "hash"];

let ajv: AjvClass | undefined;
const compiled = new Map<SchemaName | DerivedSchemaName, ValidateFunction>();

function loadSchema(name: SchemaName | DerivedSchemaName): Record<string, unknown> {
  if (name === "record-pending") {
    const s = loadSchema("record") as { $id: string; required: string[]; properties: Record<string, unknown> };
    s.$id = `${s.$id}/pending`;
    s.required = s.required.filter((f) => !POSITION_FIELDS.includes(f));
    for (const f of POSITION_FIELDS) delete s.properties[f];
    return s;
  }
  return JSON.parse(readFileSync(join(SCHEMA_DIR, `${name}.schema.json`), "utf8")) as Record<string, unknown>;
}

function validator(name: SchemaName | DerivedSchemaName): ValidateFunction {
  const cached = compiled.get(name);
  if (cached) return cached;
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
  }
  const v = ajv.compile(loadSchema(name));
  compiled.set(name, v);
  return v;
}

/** Returns human-readable schema errors ("/findings/0/severity must be equal to one of the allowed values"); empty when valid. */
export function schemaErrors(name: SchemaName | DerivedSchemaName, value: unknown): string[] {
  const v = validator(name);
  if (v(value)) return [];
  return formatErrors(v.errors ?? []);
}

function formatErrors(errors: ErrorObject[]): string[] {
  return errors.slice(0, 10).map((e) => {
    const at = e.instancePath || "/";
    const extra =
      e.keyword === "additionalProperties"
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === "enum"
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")})`
          : "";
    return `${at} ${e.message ?? e.keyword}${extra}`;
  });
}
