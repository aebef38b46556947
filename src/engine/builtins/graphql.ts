// graphql.* builtins, after OPA's topdown/graphql.go. OPA parses and validates with gqlparser (Go); here
// the `graphql` package does, and its ASTs are re-shaped into the JSON gqlparser's structs marshal to,
// pruned as OPA prunes them (no positions, no null or empty values; "", 0 and false stay). AST objects
// given as arguments are printed back to GraphQL text and parsed like strings.
//
// Where gqlparser and graphql-js disagree, gqlparser's behaviour is kept:
//   - an extension of a type that is not defined defines it (federation-style schemas);
//   - a schema needs no query type (an operation whose root type is missing is still invalid);
//   - a document without definitions is a valid, empty one;
//   - a query document holds only operations and fragments, a schema document only type-system definitions;
//   - gqlparser's prelude declares @defer.
// graphql 16 is used because gqlparser words its messages as graphql-js 16 does (17 reworded them).
// Not reproduced: the comments newer gqlparser versions attach to AST nodes, gqlparser's reading of
// fragment spreads in AST objects as fields, and error texts where graphql-js words them differently.

import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  buildASTSchema,
  parse,
  specifiedRules,
  validate,
  validateSchema,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type EnumValueDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  type NameNode,
  type NamedTypeNode,
  type SelectionNode,
  type StringValueNode,
  type TypeNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
} from "graphql";
import { GoError, OperandError, isObject, operandTypeErr, str } from "./common.js";

type Json = Record<string, unknown>;

// --- parsing, with OPA's error texts ---------------------------------------------------------------------

/** OPA's rewording of gqlparser errors: "<message> in <where> at location <line>:<column>". */
function located(errors: readonly GraphQLError[], where: string): GoError {
  const loc = (e: GraphQLError) => `${e.locations?.[0]?.line ?? 0}:${e.locations?.[0]?.column ?? 0}`;
  // graphql-js prefixes syntax errors and quotes punctuators; gqlparser does neither.
  const clean = (e: GraphQLError) => e.message.replace(/^Syntax Error: /, "").replace(/"(\.\.\.|[!$&():=@[\]{|}])"/g, "$1");
  // OPA cuts the text of gqlparser's error list after the first location, so later errors stay in it.
  const text = errors.map((e, i) => (i === 0 ? clean(e) : `input:${loc(e)}: ${clean(e)}`)).join("\n");
  return new GoError(`${text.replace(/\.$/, "")} in ${where} at location ${loc(errors[0]!)}`);
}

const EXECUTABLE: readonly string[] = [Kind.OPERATION_DEFINITION, Kind.FRAGMENT_DEFINITION];

function parseDocument(text: string, executable: boolean): DocumentNode {
  try {
    // gqlparser accepts a document without definitions; graphql-js does not.
    if (new Lexer(new Source(text)).advance().kind === TokenKind.EOF) return { kind: Kind.DOCUMENT, definitions: [] };
  } catch {
    // a lexing error: let parse report it
  }
  let doc: DocumentNode;
  try {
    doc = parse(text, { allowLegacyFragmentVariables: true });
  } catch (e) {
    if (e instanceof GraphQLError) throw located([e], "GraphQL string");
    throw e;
  }
  // gqlparser parses query and schema documents with separate grammars.
  const wrong = doc.definitions.find((d) => EXECUTABLE.includes(d.kind) !== executable);
  if (wrong?.loc) {
    const t = wrong.loc.startToken;
    const what = t.kind === TokenKind.NAME || t.kind === TokenKind.STRING || t.kind === TokenKind.BLOCK_STRING ? `${t.kind === TokenKind.NAME ? "Name" : "String"} "${t.value}"` : t.kind;
    throw new GoError(`Unexpected ${what} in GraphQL string at location ${t.line}:${t.column}`);
  }
  return doc;
}

// --- graphql-js AST to gqlparser JSON ----------------------------------------------------------------

const VALUE_KIND: Record<string, number> = {
  [Kind.VARIABLE]: 0,
  [Kind.INT]: 1,
  [Kind.FLOAT]: 2,
  [Kind.STRING]: 3,
  [Kind.BOOLEAN]: 5,
  [Kind.NULL]: 6,
  [Kind.ENUM]: 7,
  [Kind.LIST]: 8,
  [Kind.OBJECT]: 9,
};

function valueJSON(v: ValueNode | undefined): Json | null {
  if (!v) return null;
  let raw = "";
  let children: Json[] | null = null;
  switch (v.kind) {
    case Kind.VARIABLE:
      raw = v.name.value;
      break;
    case Kind.LIST:
      children = v.values.map((x) => ({ Name: "", Value: valueJSON(x) }));
      break;
    case Kind.OBJECT:
      children = v.fields.map((f) => ({ Name: f.name.value, Value: valueJSON(f.value) }));
      break;
    case Kind.NULL:
      raw = "null";
      break;
    case Kind.BOOLEAN:
      raw = String(v.value);
      break;
    default:
      raw = v.value;
  }
  const kind = v.kind === Kind.STRING && v.block ? 4 : VALUE_KIND[v.kind]!;
  return { Raw: raw, Children: children, Kind: kind, ExpectedType: null, Definition: null, VariableDefinition: null };
}

function typeJSON(t: TypeNode): Json {
  if (t.kind === Kind.NON_NULL_TYPE) return { ...typeJSON(t.type), NonNull: true };
  if (t.kind === Kind.LIST_TYPE) return { NamedType: "", Elem: typeJSON(t.type), NonNull: false };
  return { NamedType: t.name.value, Elem: null, NonNull: false };
}

const argsJSON = (args: readonly ArgumentNode[] | undefined) => (args ?? []).map((a) => ({ Name: a.name.value, Value: valueJSON(a.value) }));
const directivesJSON = (ds: readonly DirectiveNode[] | undefined) =>
  (ds ?? []).map((d) => ({ Name: d.name.value, Arguments: argsJSON(d.arguments), Location: "", ParentDefinition: null, Definition: null }));

function selectionJSON(s: SelectionNode): Json {
  switch (s.kind) {
    case Kind.FIELD:
      return {
        Alias: s.alias?.value ?? s.name.value,
        Name: s.name.value,
        Arguments: argsJSON(s.arguments),
        Directives: directivesJSON(s.directives),
        SelectionSet: (s.selectionSet?.selections ?? []).map(selectionJSON),
        Definition: null,
        ObjectDefinition: null,
      };
    case Kind.FRAGMENT_SPREAD:
      return { Name: s.name.value, Directives: directivesJSON(s.directives), ObjectDefinition: null, Definition: null };
    default:
      return {
        TypeCondition: s.typeCondition?.name.value ?? "",
        Directives: directivesJSON(s.directives),
        SelectionSet: s.selectionSet.selections.map(selectionJSON),
        ObjectDefinition: null,
      };
  }
}

const variablesJSON = (vs: readonly VariableDefinitionNode[] | undefined) =>
  (vs ?? []).map((v) => ({
    Variable: v.variable.name.value,
    Type: typeJSON(v.type),
    DefaultValue: valueJSON(v.defaultValue),
    Directives: directivesJSON(v.directives),
    Definition: null,
    Used: false,
  }));

function queryJSON(doc: DocumentNode): Json {
  const out: Json = { Operations: [], Fragments: [] };
  for (const d of doc.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) {
      (out.Operations as Json[]).push({
        Operation: d.operation,
        Name: d.name?.value ?? "",
        VariableDefinitions: variablesJSON(d.variableDefinitions),
        Directives: directivesJSON(d.directives),
        SelectionSet: d.selectionSet.selections.map(selectionJSON),
      });
    } else if (d.kind === Kind.FRAGMENT_DEFINITION) {
      (out.Fragments as Json[]).push({
        Name: d.name.value,
        VariableDefinition: variablesJSON(d.variableDefinitions),
        TypeCondition: d.typeCondition.name.value,
        Directives: directivesJSON(d.directives),
        SelectionSet: d.selectionSet.selections.map(selectionJSON),
        Definition: null,
      });
    }
  }
  return out;
}

const description = (n: { description?: { value: string } | undefined }) => n.description?.value ?? "";

const inputValuesJSON = (vs: readonly InputValueDefinitionNode[] | undefined) =>
  (vs ?? []).map((a) => ({ Description: description(a), Name: a.name.value, DefaultValue: valueJSON(a.defaultValue), Type: typeJSON(a.type), Directives: directivesJSON(a.directives) }));

const DEFINITION_KIND: Record<string, string> = {
  [Kind.SCALAR_TYPE_DEFINITION]: "SCALAR",
  [Kind.OBJECT_TYPE_DEFINITION]: "OBJECT",
  [Kind.INTERFACE_TYPE_DEFINITION]: "INTERFACE",
  [Kind.UNION_TYPE_DEFINITION]: "UNION",
  [Kind.ENUM_TYPE_DEFINITION]: "ENUM",
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: "INPUT_OBJECT",
  [Kind.SCALAR_TYPE_EXTENSION]: "SCALAR",
  [Kind.OBJECT_TYPE_EXTENSION]: "OBJECT",
  [Kind.INTERFACE_TYPE_EXTENSION]: "INTERFACE",
  [Kind.UNION_TYPE_EXTENSION]: "UNION",
  [Kind.ENUM_TYPE_EXTENSION]: "ENUM",
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: "INPUT_OBJECT",
};

interface TypeDefinitionView {
  name: NameNode;
  description?: StringValueNode;
  directives?: readonly DirectiveNode[];
  interfaces?: readonly NamedTypeNode[];
  fields?: readonly (InputValueDefinitionNode & { arguments?: readonly InputValueDefinitionNode[] })[];
  types?: readonly NamedTypeNode[];
  values?: readonly EnumValueDefinitionNode[];
}

function schemaJSON(doc: DocumentNode): Json {
  const out: Json = { Schema: [], SchemaExtension: [], Directives: [], Definitions: [], Extensions: [] };
  const push = (k: string, v: Json) => (out[k] as Json[]).push(v);
  for (const d of doc.definitions) {
    if (d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION) {
      push(d.kind === Kind.SCHEMA_DEFINITION ? "Schema" : "SchemaExtension", {
        Description: d.kind === Kind.SCHEMA_DEFINITION ? description(d) : "",
        Directives: directivesJSON(d.directives),
        OperationTypes: (d.operationTypes ?? []).map((o) => ({ Operation: o.operation, Type: o.type.name.value })),
      });
    } else if (d.kind === Kind.DIRECTIVE_DEFINITION) {
      push("Directives", {
        Description: description(d),
        Name: d.name.value,
        Arguments: inputValuesJSON(d.arguments),
        Locations: d.locations.map((l) => l.value),
        IsRepeatable: d.repeatable,
      });
    } else if (DEFINITION_KIND[d.kind]) {
      // All six type definitions and extensions, read through the fields any of them may have.
      const t = d as unknown as TypeDefinitionView;
      const isInput = d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || d.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION;
      push(d.kind.endsWith("Extension") ? "Extensions" : "Definitions", {
        Kind: DEFINITION_KIND[d.kind],
        Description: description(t),
        Name: t.name.value,
        Directives: directivesJSON(t.directives),
        Interfaces: (t.interfaces ?? []).map((i) => i.name.value),
        Fields: (t.fields ?? []).map((f) => ({
          Description: description(f),
          Name: f.name.value,
          Arguments: isInput ? null : inputValuesJSON(f.arguments),
          DefaultValue: isInput ? valueJSON(f.defaultValue) : null,
          Type: typeJSON(f.type),
          Directives: directivesJSON(f.directives),
        })),
        Types: (t.types ?? []).map((u) => u.name.value),
        EnumValues: (t.values ?? []).map((v) => ({ Description: description(v), Name: v.name.value, Directives: directivesJSON(v.directives) })),
        BuiltIn: false,
      });
    }
  }
  return out;
}

/** OPA's pruneIrrelevantGraphQLASTNodes: drop nulls and (after pruning) empty objects and arrays. */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(prune).filter((x) => x !== null && !(Array.isArray(x) && x.length === 0) && !(isObject(x) && Object.keys(x).length === 0));
  }
  if (isObject(v)) {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (k === "Position" || p === null || (Array.isArray(p) && p.length === 0) || (isObject(p) && Object.keys(p).length === 0)) continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

// --- gqlparser JSON back to GraphQL text (for AST objects given as arguments) -----------------------------

const arr = (v: unknown) => (Array.isArray(v) ? (v as Json[]) : []);
const s = (v: unknown) => (typeof v === "string" ? v : "");

function printValue(v: unknown): string {
  const o = isObject(v) ? v : {};
  const raw = s(o.Raw);
  switch (o.Kind) {
    case 0:
      return `$${raw}`;
    case 3:
      return JSON.stringify(raw);
    case 4:
      return `"""${raw.replace(/"""/g, '\\"""')}"""`;
    case 6:
      return "null";
    case 8:
      return `[${arr(o.Children).map((c) => printValue(c.Value)).join(", ")}]`;
    case 9:
      return `{${arr(o.Children).map((c) => `${s(c.Name)}: ${printValue(c.Value)}`).join(", ")}}`;
    default:
      return raw;
  }
}

function printType(t: unknown): string {
  const o = isObject(t) ? t : {};
  const base = isObject(o.Elem) ? `[${printType(o.Elem)}]` : s(o.NamedType);
  return o.NonNull === true ? `${base}!` : base;
}

const printArgs = (args: unknown) => {
  const a = arr(args);
  return a.length ? `(${a.map((x) => `${s(x.Name)}: ${printValue(x.Value)}`).join(", ")})` : "";
};
const printDirectives = (ds: unknown) => arr(ds).map((d) => ` @${s(d.Name)}${printArgs(d.Arguments)}`).join("");
const printVariables = (vs: unknown) => {
  const v = arr(vs);
  if (!v.length) return "";
  const one = (x: Json) => `$${s(x.Variable)}: ${printType(x.Type)}${isObject(x.DefaultValue) ? ` = ${printValue(x.DefaultValue)}` : ""}${printDirectives(x.Directives)}`;
  return `(${v.map(one).join(", ")})`;
};

function printSelections(ss: unknown): string {
  const sel = arr(ss);
  if (!sel.length) return "";
  const one = (x: Json): string => {
    if ("TypeCondition" in x) return `...${s(x.TypeCondition) ? ` on ${s(x.TypeCondition)}` : ""}${printDirectives(x.Directives)} ${printSelections(x.SelectionSet)}`;
    if (!("Alias" in x) && !("Arguments" in x) && !("SelectionSet" in x)) return `...${s(x.Name)}${printDirectives(x.Directives)}`;
    const alias = s(x.Alias) && s(x.Alias) !== s(x.Name) ? `${s(x.Alias)}: ` : "";
    return `${alias}${s(x.Name)}${printArgs(x.Arguments)}${printDirectives(x.Directives)} ${printSelections(x.SelectionSet)}`;
  };
  return `{ ${sel.map(one).join(" ")} }`;
}

function printQuery(doc: Json): string {
  const ops = arr(doc.Operations).map(
    (o) => `${s(o.Operation) || "query"} ${s(o.Name)}${printVariables(o.VariableDefinitions)}${printDirectives(o.Directives)} ${printSelections(o.SelectionSet)}`,
  );
  const frags = arr(doc.Fragments).map(
    (f) => `fragment ${s(f.Name)}${printVariables(f.VariableDefinition)} on ${s(f.TypeCondition)}${printDirectives(f.Directives)} ${printSelections(f.SelectionSet)}`,
  );
  return [...ops, ...frags].join("\n");
}

const printDescription = (d: unknown) => (s(d) ? `${JSON.stringify(s(d))} ` : "");
const printArgDefs = (args: unknown) => {
  const a = arr(args);
  const one = (x: Json) => `${printDescription(x.Description)}${s(x.Name)}: ${printType(x.Type)}${isObject(x.DefaultValue) ? ` = ${printValue(x.DefaultValue)}` : ""}${printDirectives(x.Directives)}`;
  return a.length ? `(${a.map(one).join(", ")})` : "";
};
const KEYWORD: Record<string, string> = { SCALAR: "scalar", OBJECT: "type", INTERFACE: "interface", UNION: "union", ENUM: "enum", INPUT_OBJECT: "input" };

function printDefinition(d: Json, extend: boolean): string {
  const kind = s(d.Kind);
  let body = "";
  if (arr(d.Interfaces).length) body += ` implements ${arr(d.Interfaces).map(s).join(" & ")}`;
  body += printDirectives(d.Directives);
  if (arr(d.Types).length) body += ` = ${arr(d.Types).map(s).join(" | ")}`;
  if (arr(d.EnumValues).length) body += ` { ${arr(d.EnumValues).map((v) => `${printDescription(v.Description)}${s(v.Name)}${printDirectives(v.Directives)}`).join(" ")} }`;
  if (arr(d.Fields).length) {
    const field = (f: Json) =>
      `${printDescription(f.Description)}${s(f.Name)}${printArgDefs(f.Arguments)}: ${printType(f.Type)}${isObject(f.DefaultValue) ? ` = ${printValue(f.DefaultValue)}` : ""}${printDirectives(f.Directives)}`;
    body += ` { ${arr(d.Fields).map(field).join(" ")} }`;
  }
  return `${extend ? "extend " : printDescription(d.Description)}${KEYWORD[kind] ?? kind} ${s(d.Name)}${body}`;
}

function printSchema(doc: Json): string {
  const ops = (o: Json) => (arr(o.OperationTypes).length ? ` { ${arr(o.OperationTypes).map((t) => `${s(t.Operation)}: ${s(t.Type)}`).join(" ")} }` : "");
  return [
    ...arr(doc.Schema).map((x) => `${printDescription(x.Description)}schema${printDirectives(x.Directives)}${ops(x)}`),
    ...arr(doc.SchemaExtension).map((x) => `extend schema${printDirectives(x.Directives)}${ops(x)}`),
    ...arr(doc.Directives).map(
      (x) => `${printDescription(x.Description)}directive @${s(x.Name)}${printArgDefs(x.Arguments)}${x.IsRepeatable === true ? " repeatable" : ""} on ${arr(x.Locations).map(s).join(" | ")}`,
    ),
    ...arr(doc.Definitions).map((x) => printDefinition(x, false)),
    ...arr(doc.Extensions).map((x) => printDefinition(x, true)),
  ].join("\n");
}

/** A query or schema argument: GraphQL text, or an AST object as the parse builtins return. */
function documentOf(v: unknown, executable: boolean, pos: number): DocumentNode {
  if (typeof v === "string") return parseDocument(v, executable);
  if (isObject(v)) return parseDocument(executable ? printQuery(v) : printSchema(v), executable);
  throw operandTypeErr(pos, v, "string", "object");
}

// --- schemas and validation ------------------------------------------------------------------------------

const EXTENSION_TO_DEFINITION: Record<string, Kind> = {
  [Kind.SCALAR_TYPE_EXTENSION]: Kind.SCALAR_TYPE_DEFINITION,
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INTERFACE_TYPE_EXTENSION]: Kind.INTERFACE_TYPE_DEFINITION,
  [Kind.UNION_TYPE_EXTENSION]: Kind.UNION_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
};
const BUILTIN_TYPES = new Set(["Int", "Float", "String", "Boolean", "ID"]);
const DEFER = parse("directive @defer(if: Boolean = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT").definitions[0]!;

/** The document gqlparser would validate: extensions of undefined types define them, plus its prelude's @defer. */
function gqlparserSchemaDocument(doc: DocumentNode): DocumentNode {
  const defined = new Set<string>(BUILTIN_TYPES);
  for (const d of doc.definitions) if ("name" in d && d.name && !(d.kind in EXTENSION_TO_DEFINITION)) defined.add(d.name.value);
  const definitions = doc.definitions.map((d) => {
    const kind = EXTENSION_TO_DEFINITION[d.kind];
    if (!kind || !("name" in d) || !d.name || defined.has(d.name.value)) return d;
    defined.add(d.name.value);
    return { ...d, kind } as typeof d;
  });
  const hasDefer = doc.definitions.some((d) => d.kind === Kind.DIRECTIVE_DEFINITION && d.name.value === "defer");
  return { kind: Kind.DOCUMENT, definitions: hasDefer ? definitions : [...definitions, DEFER] };
}

/** gqlparser's schema validation; the schema is built to validate queries against. */
function buildSchema(doc: DocumentNode): GraphQLSchema {
  const full = gqlparserSchemaDocument(doc);
  let schema: GraphQLSchema;
  try {
    schema = buildASTSchema(full);
  } catch (e) {
    // SDL errors come as one plain Error, without locations
    if (e instanceof Error) throw schemaError(e.message, e instanceof GraphQLError ? e.locations?.[0] : undefined);
    throw e;
  }
  // gqlparser does not require a query type.
  const errors = validateSchema(schema).filter((e) => e.message !== "Query root type must be provided.");
  if (errors.length > 0) throw schemaError(errors[0]!.message, errors[0]!.locations?.[0]);
  return buildASTSchema(full, { assumeValid: true, assumeValidSDL: true });
}

function schemaError(message: string, loc: { line: number; column: number } | undefined): GoError {
  const first = message.split("\n")[0]!;
  return new GoError(`Error in gqlparser SchemaDocument to Schema conversion: input${loc ? `:${loc.line}:${loc.column}` : ""}: ${first}`);
}

/** gqlparser's KnownRootType: an operation needs its root type in the schema (graphql-js 16 does not check). */
const knownRootType: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`Schema does not support operation type "${node.operation}"`, { nodes: node }));
    }
  },
});

const RULES = [...specifiedRules, knownRootType];

function validateQuery(schema: GraphQLSchema, query: DocumentNode): void {
  const errors = validate(schema, query, RULES);
  if (errors.length > 0) throw located(errors, "GraphQL query string");
}

/** Parse both, validate the query against the schema, and return the pruned ASTs. */
function parseAndValidate(q: unknown, sch: unknown): [unknown, unknown] {
  // OPA numbers these operands 0 and 1.
  const query = documentOf(q, true, 0);
  const schemaDoc = documentOf(sch, false, 1);
  validateQuery(buildSchema(schemaDoc), query);
  return [prune(queryJSON(query)), prune(schemaJSON(schemaDoc))];
}

/** Whether f runs without a builtin error (is_valid and parse_and_verify answer false instead of failing). */
function succeeds(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof GoError || e instanceof OperandError) return false;
    throw e;
  }
}

export const GRAPHQL_BUILTINS = {
  "graphql.parse": (q: unknown, sch: unknown): unknown => parseAndValidate(q, sch),
  "graphql.parse_and_verify": (q: unknown, sch: unknown): unknown => {
    let result: [unknown, unknown] | undefined;
    return succeeds(() => (result = parseAndValidate(q, sch))) ? [true, ...result!] : [false, {}, {}];
  },
  "graphql.parse_query": (q: unknown): unknown => prune(queryJSON(parseDocument(str(q, 1), true))),
  "graphql.parse_schema": (sch: unknown): unknown => prune(schemaJSON(parseDocument(str(sch, 1), false))),
  "graphql.is_valid": (q: unknown, sch: unknown): boolean => succeeds(() => parseAndValidate(q, sch)),
  "graphql.schema_is_valid": (sch: unknown): boolean => succeeds(() => buildSchema(documentOf(sch, false, 1))),
};
