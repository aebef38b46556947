// OPA's builtin functions (v1.x, as in OPA's capabilities files), declared for the compiler's arity and
// type checks. The types mirror OPA's `types` package in a compact form:
//
//   "any" | "null" | "boolean" | "number" | "string"
//   { array: T }                      array[T] (any length)
//   { tuple: [T1, T2, ...] }          array<T1, T2, ...> (fixed length, OPA's "static" array)
//   { set: T }                        set[T]
//   { object: [K, V], fields? }       object[K: V], with optional statically known keys
//   { fields: { k: T } }              object<k: T> (only the listed keys)
//   { anyOf: [T1, T2, ...] }          any<T1, T2, ...>
//
// A builtin without `result` produces no value (print, internal.print, internal.test_case: the call is a
// statement that is always satisfied). `variadic` is the type of any number of extra arguments after
// `args`. `relation` builtins produce several results (walk). `nondeterministic` builtins may answer
// differently for the same arguments across evaluations (their results must not be folded at compile time
// or cached across queries). `infix` is the operator spelling, where there is one.
//
// Where each builtin runs is decided elsewhere: a `b_<name>` export of the Wasm runtime, otherwise the host
// (src/engine/builtins).

export type T =
  | "any"
  | "null"
  | "boolean"
  | "number"
  | "string"
  | { readonly array: T }
  | { readonly tuple: readonly T[] }
  | { readonly set: T }
  | { readonly object: readonly [T, T]; readonly fields?: Readonly<Record<string, T>> }
  | { readonly fields: Readonly<Record<string, T>>; readonly object?: undefined }
  | { readonly anyOf: readonly T[] };

export interface BuiltinDecl {
  readonly name: string;
  readonly args: readonly T[];
  /** Absent for builtins that produce no value. */
  readonly result?: T;
  readonly variadic?: T;
  readonly relation?: boolean;
  readonly nondeterministic?: boolean;
  readonly deprecated?: boolean;
  readonly infix?: string;
}

// --- type constructors -----------------------------------------------------------------------------

const A = "any";
const S = "string";
const N = "number";
const B = "boolean";
const NULL = "null";
const arr = (t: T = A): T => ({ array: t });
const set = (t: T = A): T => ({ set: t });
const obj = (k: T = A, v: T = A): T => ({ object: [k, v] });
const tup = (...ts: T[]): T => ({ tuple: ts });
const anyOf = (...ts: T[]): T => ({ anyOf: ts });
const fields = (f: Record<string, T>, dyn?: readonly [T, T]): T => (dyn ? { object: dyn, fields: f } : { fields: f });

const ARR_OR_SET = anyOf(arr(), set());
const NUMS = anyOf(arr(N), set(N));
const STR_OR_OBJ = anyOf(S, obj());
const STR_OR_STRS = anyOf(S, arr(S), set(S));
const COLLECTION = anyOf(arr(), obj(), set());
const JSON_PATHS = anyOf(arr(anyOf(S, arr())), set(anyOf(S, arr())));
const CIDR_TERMS = anyOf(S, arr(anyOf(S, arr())), obj(S, anyOf(S, arr())), set(anyOf(S, arr())));
const NS_TZ = anyOf(N, tup(N, S));
const STR_ANY = obj(S, A);
const GRAPH = obj(A, ARR_OR_SET);

type Flags = Omit<BuiltinDecl, "name" | "args" | "result">;
const decls: BuiltinDecl[] = [];
function fn(name: string, args: T[], result: T | undefined, flags: Flags = {}): void {
  decls.push(result === undefined ? { name, args, ...flags } : { name, args, result, ...flags });
}
const DEP = { deprecated: true } as const;
const NONDET = { nondeterministic: true } as const;

// --- operators and comparison ---------------------------------------------------------------------

fn("plus", [N, N], N, { infix: "+" });
fn("minus", [anyOf(N, set()), anyOf(N, set())], anyOf(N, set()), { infix: "-" });
fn("mul", [N, N], N, { infix: "*" });
fn("div", [N, N], N, { infix: "/" });
fn("rem", [N, N], N, { infix: "%" });
fn("and", [set(), set()], set(), { infix: "&" });
fn("or", [set(), set()], set(), { infix: "|" });
fn("equal", [A, A], B, { infix: "==" });
fn("neq", [A, A], B, { infix: "!=" });
fn("lt", [A, A], B, { infix: "<" });
fn("lte", [A, A], B, { infix: "<=" });
fn("gt", [A, A], B, { infix: ">" });
fn("gte", [A, A], B, { infix: ">=" });
fn("eq", [A, A], B, { infix: "=" });
fn("assign", [A, A], B, { infix: ":=" });
fn("internal.member_2", [A, A], B, { infix: "in" });
fn("internal.member_3", [A, A, A], B, { infix: "in" });

// --- numbers and aggregates -----------------------------------------------------------------------

fn("abs", [N], N);
fn("ceil", [N], N);
fn("floor", [N], N);
fn("round", [N], N);
fn("numbers.range", [N, N], arr(N));
fn("numbers.range_step", [N, N, N], arr(N));
fn("bits.and", [N, N], N);
fn("bits.or", [N, N], N);
fn("bits.xor", [N, N], N);
fn("bits.negate", [N], N);
fn("bits.lsh", [N, N], N);
fn("bits.rsh", [N, N], N);
fn("count", [anyOf(S, arr(), obj(), set())], N);
fn("sum", [NUMS], N);
fn("product", [NUMS], N);
fn("max", [ARR_OR_SET], A);
fn("min", [ARR_OR_SET], A);
fn("sort", [ARR_OR_SET], arr());
fn("all", [ARR_OR_SET], B, DEP);
fn("any", [ARR_OR_SET], B, DEP);
fn("rand.intn", [S, N], N, NONDET);

// --- strings --------------------------------------------------------------------------------------

fn("concat", [S, anyOf(arr(S), set(S))], S);
fn("contains", [S, S], B);
fn("startswith", [S, S], B);
fn("endswith", [S, S], B);
fn("format_int", [N, N], S);
fn("indexof", [S, S], N);
fn("indexof_n", [S, S], arr(N));
fn("lower", [S], S);
fn("upper", [S], S);
fn("replace", [S, S, S], S);
fn("split", [S, S], arr(S));
fn("sprintf", [S, arr()], S);
fn("substring", [S, N, N], S);
fn("trim", [S, S], S);
fn("trim_left", [S, S], S);
fn("trim_right", [S, S], S);
fn("trim_prefix", [S, S], S);
fn("trim_suffix", [S, S], S);
fn("trim_space", [S], S);
fn("strings.any_prefix_match", [STR_OR_STRS, STR_OR_STRS], B);
fn("strings.any_suffix_match", [STR_OR_STRS, STR_OR_STRS], B);
fn("strings.count", [S, S], N);
fn("strings.render_template", [S, STR_ANY], S);
fn("strings.replace_n", [obj(S, S), S], S);
fn("strings.reverse", [S], S);
fn("strings.split_n", [S, S, N], arr(S));
fn("internal.template_string", [arr()], S);

// --- regex and glob -------------------------------------------------------------------------------

fn("regex.is_valid", [S], B);
fn("regex.match", [S, S], B);
fn("re_match", [S, S], B, DEP);
fn("regex.split", [S, S], arr(S));
fn("regex.find_n", [S, S, N], arr(S));
fn("regex.find_all_string_submatch_n", [S, S, N], arr(arr(S)));
fn("regex.replace", [S, S, S], S);
fn("regex.globs_match", [S, S], B);
fn("regex.template_match", [S, S, S, S], B);
fn("glob.match", [S, anyOf(NULL, arr(S)), S], B);
fn("glob.quote_meta", [S], S);

// --- arrays, objects, sets ------------------------------------------------------------------------

fn("array.concat", [arr(), arr()], arr());
fn("array.flatten", [arr()], arr());
fn("array.reverse", [arr()], arr());
fn("array.slice", [arr(), N, N], arr());
fn("object.filter", [obj(), COLLECTION], obj());
fn("object.get", [obj(), A, A], A);
fn("object.keys", [obj()], set());
fn("object.remove", [obj(), COLLECTION], obj());
fn("object.subset", [COLLECTION, COLLECTION], B);
fn("object.union", [obj(), obj()], obj());
fn("object.union_n", [arr(obj())], obj());
fn("intersection", [set(set())], set());
fn("union", [set(set())], set());
fn("set_diff", [set(), set()], set(), DEP);
fn("walk", [A], tup(arr(), A), { relation: true });
fn("graph.reachable", [GRAPH, ARR_OR_SET], set());
fn("graph.reachable_paths", [GRAPH, ARR_OR_SET], set(arr()));

// --- types and casts ------------------------------------------------------------------------------

for (const t of ["array", "boolean", "null", "number", "object", "set", "string"]) fn(`is_${t}`, [A], B);
fn("type_name", [A], S);
fn("to_number", [anyOf(NULL, B, N, S)], N);
fn("cast_array", [A], arr(), DEP);
fn("cast_boolean", [A], B, DEP);
fn("cast_null", [A], NULL, DEP);
fn("cast_object", [A], obj(), DEP);
fn("cast_set", [A], set(), DEP);
fn("cast_string", [A], S, DEP);

// --- encoding -------------------------------------------------------------------------------------

fn("base64.encode", [S], S);
fn("base64.decode", [S], S);
fn("base64.is_valid", [S], B);
fn("base64url.encode", [S], S);
fn("base64url.encode_no_pad", [S], S);
fn("base64url.decode", [S], S);
fn("hex.encode", [S], S);
fn("hex.decode", [S], S);
fn("json.marshal", [A], S);
fn("json.marshal_with_options", [A, fields({ indent: S, prefix: S, pretty: B }, [S, A])], S);
fn("json.unmarshal", [S], A);
fn("json.is_valid", [S], B);
fn("json.filter", [obj(), JSON_PATHS], obj());
fn("json.remove", [obj(), JSON_PATHS], obj());
fn("json.patch", [A, arr(fields({ op: S, path: A }, [A, A]))], A);
fn("json.match_schema", [STR_OR_OBJ, STR_OR_OBJ], tup(B, arr(fields({ desc: S, error: S, field: S, type: S }))));
fn("json.verify_schema", [STR_OR_OBJ], tup(B, anyOf(NULL, S)));
fn("yaml.marshal", [A], S);
fn("yaml.unmarshal", [S], A);
fn("yaml.is_valid", [S], B);
fn("urlquery.encode", [S], S);
fn("urlquery.decode", [S], S);
fn("urlquery.encode_object", [obj(S, STR_OR_STRS)], S);
fn("urlquery.decode_object", [S], obj(S, arr(S)));
fn("uri.parse", [S], obj(S, S));
fn("uri.is_valid", [S], B);

// --- time -----------------------------------------------------------------------------------------

fn("time.now_ns", [], N, NONDET);
fn("time.parse_ns", [S, S], N);
fn("time.parse_rfc3339_ns", [S], N);
fn("time.parse_duration_ns", [S], N);
fn("time.date", [NS_TZ], tup(N, N, N));
fn("time.clock", [NS_TZ], tup(N, N, N));
fn("time.weekday", [NS_TZ], S);
fn("time.add_date", [N, N, N, N], N);
fn("time.diff", [NS_TZ, NS_TZ], tup(N, N, N, N, N, N));
fn("time.format", [anyOf(N, tup(N, S), tup(N, S, S))], S);

// --- units, semver, net, uuid ---------------------------------------------------------------------

fn("units.parse", [S], N);
fn("units.parse_bytes", [S], N);
fn("semver.is_valid", [A], B);
fn("semver.compare", [S, S], N);
fn("net.cidr_contains", [S, S], B);
fn("net.cidr_intersects", [S, S], B);
fn("net.cidr_contains_matches", [CIDR_TERMS, CIDR_TERMS], set(tup(A, A)));
fn("net.cidr_expand", [S], set(S));
fn("net.cidr_merge", [anyOf(arr(anyOf(S)), set(S))], set(S));
fn("net.cidr_is_valid", [S], B);
fn("net.cidr_overlap", [S, S], B, DEP);
fn("net.lookup_ip_addr", [S], set(S), NONDET);
fn("uuid.rfc4122", [S], S, NONDET);
fn("uuid.parse", [S], STR_ANY);

// --- crypto and tokens ----------------------------------------------------------------------------

fn("crypto.md5", [S], S);
fn("crypto.sha1", [S], S);
fn("crypto.sha256", [S], S);
for (const h of ["md5", "sha1", "sha256", "sha512"]) fn(`crypto.hmac.${h}`, [S, S], S);
fn("crypto.hmac.equal", [S, S], B);
fn("crypto.x509.parse_certificates", [S], arr(STR_ANY));
fn("crypto.x509.parse_and_verify_certificates", [S], tup(B, arr(STR_ANY)));
fn("crypto.x509.parse_and_verify_certificates_with_options", [S, STR_ANY], tup(B, arr(STR_ANY)));
fn("crypto.x509.parse_certificate_request", [S], STR_ANY);
fn("crypto.x509.parse_keypair", [S, S], STR_ANY);
fn("crypto.x509.parse_rsa_private_key", [S], STR_ANY);
fn("crypto.parse_private_keys", [S], arr(STR_ANY));
fn("io.jwt.decode", [S], tup(obj(), obj(), S));
fn("io.jwt.decode_verify", [S, STR_ANY], tup(B, obj(), obj()), NONDET);
fn("io.jwt.encode_sign", [STR_ANY, STR_ANY, STR_ANY], S, NONDET);
fn("io.jwt.encode_sign_raw", [S, S, S], S, NONDET);
for (const alg of ["es256", "es384", "es512", "hs256", "hs384", "hs512", "ps256", "ps384", "ps512", "rs256", "rs384", "rs512", "eddsa"]) {
  fn(`io.jwt.verify_${alg}`, [S, S], B);
}

// --- graphql, http, providers ---------------------------------------------------------------------

fn("graphql.is_valid", [STR_OR_OBJ, STR_OR_OBJ], B);
fn("graphql.parse", [STR_OR_OBJ, STR_OR_OBJ], tup(obj(), obj()));
fn("graphql.parse_and_verify", [STR_OR_OBJ, STR_OR_OBJ], tup(B, obj(), obj()));
fn("graphql.parse_query", [S], obj());
fn("graphql.parse_schema", [S], obj());
fn("graphql.schema_is_valid", [STR_OR_OBJ], B);
fn("http.send", [STR_ANY], obj(), NONDET);
fn("providers.aws.sign_req", [STR_ANY, STR_ANY, N], obj());

// --- rego, opa, debugging -------------------------------------------------------------------------

fn("rego.metadata.chain", [], arr());
fn("rego.metadata.rule", [], A);
fn("rego.parse_module", [S, S], STR_ANY);
fn("opa.runtime", [], STR_ANY, NONDET);
fn("trace", [S], B);
fn("print", [], undefined, { variadic: A });
fn("internal.print", [arr(set())], undefined);
fn("internal.test_case", [arr()], undefined);

/** Every OPA builtin by name. */
export const BUILTINS: ReadonlyMap<string, BuiltinDecl> = new Map(decls.map((d) => [d.name, Object.freeze(d)]));

/** Binary operators and the builtin each calls. */
export const INFIX_OPERATORS: Readonly<Record<string, string>> = Object.freeze({
  "+": "plus",
  "-": "minus",
  "*": "mul",
  "/": "div",
  "%": "rem",
  "==": "equal",
  "!=": "neq",
  "<": "lt",
  "<=": "lte",
  ">": "gt",
  ">=": "gte",
  "&": "and",
  "|": "or",
});

/**
 * The name of a value's type as OPA's type_name() reports it: "null", "boolean", "number", "string",
 * "array", "object" or "set" (JS Set). Bigints count as numbers.
 */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
  }
  if (Array.isArray(value)) return "array";
  if (value instanceof Set) return "set";
  return "object";
}

/** A declared type written as OPA's type checker prints it ("array[string]", "any<number, set[any]>"). */
export function typeString(t: T): string {
  if (typeof t === "string") return t;
  if ("array" in t) return `array[${typeString(t.array)}]`;
  if ("tuple" in t) return `array<${t.tuple.map(typeString).join(", ")}>`;
  if ("set" in t) return `set[${typeString(t.set)}]`;
  if ("anyOf" in t) return `any<${t.anyOf.map(typeString).join(", ")}>`;
  const statics = t.fields
    ? `<${Object.keys(t.fields)
        .sort()
        .map((k) => `${k}: ${typeString(t.fields![k]!)}`)
        .join(", ")}>`
    : "";
  const dynamic = t.object ? `[${typeString(t.object[0])}: ${typeString(t.object[1])}]` : "";
  return `object${statics}${dynamic}`;
}

/** The signature as OPA prints it in type errors: "(string, number) => boolean". */
export function signatureString(d: BuiltinDecl): string {
  const args = d.args.map(typeString);
  if (d.variadic !== undefined) args.push(`${typeString(d.variadic)}...`);
  return `(${args.join(", ")})${d.result === undefined ? "" : ` => ${typeString(d.result)}`}`;
}
