// json.verify_schema and json.match_schema, after OPA's topdown/jsonschema.go, which runs gojsonschema
// (drafts 4 to 7). The validator covers the keywords policies use: type, enum, const, the combinators
// (allOf, anyOf, oneOf, not, if/then/else), object keywords (properties, required,
// additionalProperties, patternProperties, min/maxProperties, dependencies, propertyNames), array
// keywords (items, additionalItems, min/maxItems, uniqueItems, contains), string keywords
// (min/maxLength, pattern) and number keywords (multipleOf, minimum, maximum and their exclusive forms),
// with local $ref ("#", "#/definitions/..."). Errors carry gojsonschema's type, field and English
// description. `format` is not checked.

import { GoError, RawNumber, goJSONSyntaxError, isObject, valueName } from "./common.js";

type Json = unknown;

const PRIMITIVES = ["array", "boolean", "integer", "number", "null", "object", "string"];

class SchemaError extends Error {}

/** JSON equality with numbers compared by value (1 == 1.0), as gojsonschema compares. */
function valueEqual(a: Json, b: Json): boolean {
  const na = num(a);
  const nb = num(b);
  if (na !== undefined || nb !== undefined) return na === nb;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => valueEqual(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && valueEqual(a[k], b[k]));
  }
  return a === b;
}

/** astValueToJSONSchemaLoader: a JSON string or an object. */
function load(v: unknown): Json {
  if (typeof v === "string") {
    if (goJSONSyntaxError(v) !== undefined) throw new GoError("invalid JSON string");
    return JSON.parse(v) as Json;
  }
  if (isObject(v)) return v;
  throw new GoError("wrong type, expected string or object");
}

const num = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : v instanceof RawNumber ? Number(v.text) : undefined;

/** gojsonschema's type name of a document value. */
function typeOf(v: Json): string {
  const n = num(v);
  if (n !== undefined) return Number.isInteger(n) ? "integer" : "number";
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  return valueName(v);
}

/** Schema checks gojsonschema makes when it compiles a schema (the ones that matter in practice). */
function checkSchema(s: Json): void {
  if (typeof s === "boolean") return;
  if (!isObject(s)) throw new SchemaError("Invalid type. Expected: object, given: " + typeOf(s));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    for (const t of types) {
      if (typeof t !== "string" || !PRIMITIVES.includes(t)) {
        throw new SchemaError(
          `has a primitive type that is NOT VALID -- given: /${String(t)}/ Expected valid values are:[${PRIMITIVES.join(" ")}]`,
        );
      }
    }
  }
  for (const k of ["not", "additionalProperties", "additionalItems", "propertyNames", "contains", "if", "then", "else"]) {
    if (s[k] !== undefined && typeof s[k] !== "boolean") checkSchema(s[k]);
  }
  for (const k of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(s[k])) (s[k] as Json[]).forEach(checkSchema);
  for (const k of ["properties", "patternProperties", "definitions", "$defs"]) {
    if (isObject(s[k])) Object.values(s[k]).forEach(checkSchema);
  }
  if (s.items !== undefined) (Array.isArray(s.items) ? s.items : [s.items]).forEach(checkSchema);
}

interface ValidationError {
  type: string;
  field: string;
  desc: string;
}

const jsonText = (v: Json): string => JSON.stringify(v, (_k, x) => (x instanceof RawNumber ? Number(x.text) : typeof x === "bigint" ? Number(x) : x));

class Validator {
  errors: ValidationError[] = [];
  constructor(private readonly root: Json) {}

  private add(type: string, ctx: string, desc: string): void {
    this.errors.push({ type, field: ctx, desc });
  }

  private resolve(ref: string): Json {
    if (!ref.startsWith("#")) throw new GoError(`unsupported $ref ${ref}`);
    let cur: Json = this.root;
    for (const part of ref.slice(1).split("/").filter((p) => p !== "")) {
      const key = decodeURIComponent(part).replaceAll("~1", "/").replaceAll("~0", "~");
      cur = isObject(cur) ? cur[key] : Array.isArray(cur) ? cur[Number(key)] : undefined;
      if (cur === undefined) throw new GoError(`invalid $ref ${ref}`);
    }
    return cur;
  }

  /** True when v validates against s (without recording errors). */
  private passes(s: Json, v: Json, ctx: string): boolean {
    const saved = this.errors;
    this.errors = [];
    this.validate(s, v, ctx);
    const ok = this.errors.length === 0;
    this.errors = saved;
    return ok;
  }

  validate(s: Json, v: Json, ctx: string): void {
    if (s === true) return;
    if (s === false) {
      this.add("false", ctx, "False always fails validation");
      return;
    }
    if (!isObject(s)) return;
    if (typeof s.$ref === "string") return this.validate(this.resolve(s.$ref), v, ctx);
    const given = typeOf(v);
    if (s.type !== undefined) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
      const ok = types.includes(given) || (given === "integer" && types.includes("number"));
      if (!ok) {
        const expected = types.length === 1 ? types[0]! : `[${types.join(",")}]`;
        this.add("invalid_type", ctx, `Invalid type. Expected: ${expected}, given: ${given}`);
        return;
      }
    }
    // Combinators.
    if (Array.isArray(s.anyOf) && !s.anyOf.some((x) => this.passes(x, v, ctx))) {
      this.add("number_any_of", ctx, "Must validate at least one schema (anyOf)");
    }
    if (Array.isArray(s.oneOf) && s.oneOf.filter((x) => this.passes(x, v, ctx)).length !== 1) {
      this.add("number_one_of", ctx, "Must validate one and only one schema (oneOf)");
    }
    if (Array.isArray(s.allOf) && !s.allOf.every((x) => this.passes(x, v, ctx))) {
      this.add("number_all_of", ctx, "Must validate all the schemas (allOf)");
      for (const x of s.allOf) this.validate(x, v, ctx);
    }
    if (s.not !== undefined && this.passes(s.not, v, ctx)) this.add("number_not", ctx, "Must not validate the schema (not)");
    if (s.if !== undefined) {
      if (this.passes(s.if, v, ctx)) {
        if (s.then !== undefined && !this.passes(s.then, v, ctx)) {
          this.add("condition_then", ctx, 'Must validate "then" as "if" was valid');
          this.validate(s.then, v, ctx);
        }
      } else if (s.else !== undefined && !this.passes(s.else, v, ctx)) {
        this.add("condition_else", ctx, 'Must validate "else" as "if" was not valid');
        this.validate(s.else, v, ctx);
      }
    }
    // Any type.
    if (s.const !== undefined && !valueEqual(s.const, v)) this.add("const", ctx, `${ctx} does not match: ${jsonText(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((x) => valueEqual(x, v))) {
      this.add("enum", ctx, `${ctx} must be one of the following: ${s.enum.map(jsonText).join(", ")}`);
    }
    if (given === "object") this.object(s, v as Record<string, Json>, ctx);
    else if (given === "array") this.array(s, v as Json[], ctx);
    else if (given === "string") this.string(s, v as string, ctx);
    else if (given === "integer" || given === "number") this.number(s, num(v)!, ctx);
  }

  private object(s: Record<string, Json>, v: Record<string, Json>, ctx: string): void {
    const keys = Object.keys(v);
    const child = (k: string) => (ctx === "(root)" ? k : `${ctx}.${k}`);
    const max = num(s.maxProperties);
    if (max !== undefined && keys.length > max) this.add("array_max_properties", ctx, `Must have at most ${max} properties`);
    const min = num(s.minProperties);
    if (min !== undefined && keys.length < min) this.add("array_min_properties", ctx, `Must have at least ${min} properties`);
    if (Array.isArray(s.required)) {
      for (const r of s.required) if (typeof r === "string" && !(r in v)) this.add("required", ctx, `${r} is required`);
    }
    const props = isObject(s.properties) ? s.properties : {};
    const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : [];
    for (const k of keys) {
      const matched = patterns.filter(([p]) => new RegExp(p, "u").test(k));
      if (!(k in props) && matched.length === 0 && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) this.add("additional_property_not_allowed", ctx, `Additional property ${k} is not allowed`);
        else this.validate(s.additionalProperties, v[k], child(k));
      }
    }
    for (const [k, ps] of Object.entries(props)) if (k in v) this.validate(ps, v[k], child(k));
    for (const k of keys) {
      for (const [p, ps] of patterns) {
        if (new RegExp(p, "u").test(k)) this.validate(ps, v[k], child(k));
      }
    }
    if (isObject(s.dependencies)) {
      for (const [k, dep] of Object.entries(s.dependencies)) {
        if (!(k in v)) continue;
        if (Array.isArray(dep)) {
          for (const d of dep) if (typeof d === "string" && !(d in v)) this.add("missing_dependency", ctx, `Has a dependency on ${d}`);
        } else this.validate(dep, v, ctx);
      }
    }
    if (s.propertyNames !== undefined) {
      for (const k of keys) {
        if (!this.passes(s.propertyNames, k, ctx)) this.add("invalid_property_name", ctx, `Property name of "${k}" does not match`);
      }
    }
  }

  private array(s: Record<string, Json>, v: Json[], ctx: string): void {
    const min = num(s.minItems);
    if (min !== undefined && v.length < min) this.add("array_min_items", ctx, `Array must have at least ${min} items`);
    const max = num(s.maxItems);
    if (max !== undefined && v.length > max) this.add("array_max_items", ctx, `Array must have at most ${max} items`);
    if (s.uniqueItems === true) {
      outer: for (let i = 0; i < v.length; i++) {
        for (let j = i + 1; j < v.length; j++) {
          if (valueEqual(v[i], v[j])) {
            this.add("unique", ctx, `array items[${i},${j}] must be unique`);
            break outer;
          }
        }
      }
    }
    if (s.contains !== undefined && !v.some((x) => this.passes(s.contains, x, ctx))) {
      this.add("contains", ctx, "At least one of the items must match");
    }
    const item = (i: number) => `${ctx}.${i}`;
    if (Array.isArray(s.items)) {
      v.forEach((x, i) => {
        if (i < (s.items as Json[]).length) this.validate((s.items as Json[])[i], x, item(i));
        else if (s.additionalItems === false) {
          if (i === (s.items as Json[]).length) this.add("array_no_additional_items", ctx, "No additional items allowed on array");
        } else if (s.additionalItems !== undefined) this.validate(s.additionalItems, x, item(i));
      });
    } else if (s.items !== undefined) v.forEach((x, i) => this.validate(s.items, x, item(i)));
  }

  private string(s: Record<string, Json>, v: string, ctx: string): void {
    const len = [...v].length;
    const min = num(s.minLength);
    if (min !== undefined && len < min) this.add("string_gte", ctx, `String length must be greater than or equal to ${min}`);
    const max = num(s.maxLength);
    if (max !== undefined && len > max) this.add("string_lte", ctx, `String length must be less than or equal to ${max}`);
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v)) {
      this.add("pattern", ctx, `Does not match pattern '${s.pattern}'`);
    }
  }

  private number(s: Record<string, Json>, v: number, ctx: string): void {
    const m = num(s.multipleOf);
    if (m !== undefined && m > 0) {
      const q = v / m;
      if (Math.abs(q - Math.round(q)) > 1e-9) this.add("multiple_of", ctx, `Must be a multiple of ${m}`);
    }
    const max = num(s.maximum);
    const exMax = num(s.exclusiveMaximum);
    if (max !== undefined) {
      if (s.exclusiveMaximum === true ? v >= max : v > max) {
        if (s.exclusiveMaximum === true) this.add("number_lt", ctx, `Must be less than ${max}`);
        else this.add("number_lte", ctx, `Must be less than or equal to ${max}`);
      }
    }
    if (exMax !== undefined && v >= exMax) this.add("number_lt", ctx, `Must be less than ${exMax}`);
    const min = num(s.minimum);
    const exMin = num(s.exclusiveMinimum);
    if (min !== undefined) {
      if (s.exclusiveMinimum === true ? v <= min : v < min) {
        if (s.exclusiveMinimum === true) this.add("number_gt", ctx, `Must be greater than ${min}`);
        else this.add("number_gte", ctx, `Must be greater than or equal to ${min}`);
      }
    }
    if (exMin !== undefined && v <= exMin) this.add("number_gt", ctx, `Must be greater than ${exMin}`);
  }
}

function compile(schemaArg: unknown): Json {
  const schema = load(schemaArg);
  try {
    checkSchema(schema);
  } catch (e) {
    if (e instanceof SchemaError) throw new GoError(e.message);
    throw e;
  }
  return schema;
}

export const JSON_SCHEMA_BUILTINS = {
  "json.verify_schema": (schemaArg: unknown): unknown[] => {
    try {
      compile(schemaArg);
    } catch (e) {
      if (e instanceof GoError) return [false, `jsonschema: ${e.message}`];
      throw e;
    }
    return [true, null];
  },
  "json.match_schema": (docArg: unknown, schemaArg: unknown): unknown[] => {
    const doc = load(docArg);
    const schema = compile(schemaArg);
    const v = new Validator(schema);
    v.validate(schema, doc, "(root)");
    const errors = v.errors.map((e) => ({ error: `${e.field}: ${e.desc}`, type: e.type, field: e.field, desc: e.desc }));
    return [errors.length === 0, errors];
  },
};
