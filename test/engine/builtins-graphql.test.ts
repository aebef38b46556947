// graphql.* evaluated from Rego. The schemas, queries, expected ASTs and messages are OPA's conformance
// cases (test/cases/testdata/v1/graphql, the suite ../shared/conformance/opa was copied from), which pin
// gqlparser's behaviour. (Later OPA releases, on a newer gqlparser, add "ExpectedTypeHasDefault": false
// to every value; the suite we are measured on does not have it.)
import { describe, expect, it } from "vitest";
import { evalError, evalRule } from "./rego.js";

const call = (expr: string, input: Record<string, unknown> = {}) => evalRule(`p := ${expr}`, "p", { input });
const v = (Kind: number, Raw: string) => ({ Kind, Raw });

describe("graphql.parse_query", () => {
  const parse = (query: string) => call("graphql.parse_query(input.q)", { q: query });

  it("returns gqlparser's AST, pruned of positions and empty values", () => {
    expect(parse("{ node(id: 4) { id, name } }")).toEqual({
      Operations: [
        {
          Name: "",
          Operation: "query",
          SelectionSet: [
            { Alias: "node", Arguments: [{ Name: "id", Value: v(1, "4") }], Name: "node", SelectionSet: [{ Alias: "id", Name: "id" }, { Alias: "name", Name: "name" }] },
          ],
        },
      ],
    });
    expect(parse('{ f(long: """long""", short: "short", n: null, id: [1,2], o: {a: $v}) }')).toEqual({
      Operations: [
        {
          Name: "",
          Operation: "query",
          SelectionSet: [
            {
              Alias: "f",
              Name: "f",
              Arguments: [
                { Name: "long", Value: v(4, "long") },
                { Name: "short", Value: v(3, "short") },
                { Name: "n", Value: v(6, "null") },
                { Name: "id", Value: { ...v(8, ""), Children: [{ Name: "", Value: v(1, "1") }, { Name: "", Value: v(1, "2") }] } },
                { Name: "o", Value: { ...v(9, ""), Children: [{ Name: "a", Value: v(0, "v") }] } },
              ],
            },
          ],
        },
      ],
    });
  });

  it("keeps variable definitions, types, directives, fragments and inline fragments in gqlparser's shape", () => {
    const ast = parse(`
      query on($arr: [Arr], $notnull: [Arr!]!, $site: Site = MOBILE) @dir {
        ... a
        ... on on { field }
        ... @skip(unless: $foo) { id }
      }
      fragment a on Type { on(on: $on) @on(on: on) }
    `);
    expect(ast).toEqual({
      Operations: [
        {
          Name: "on",
          Operation: "query",
          Directives: [{ Location: "", Name: "dir" }],
          VariableDefinitions: [
            { Type: { Elem: { NamedType: "Arr", NonNull: false }, NamedType: "", NonNull: false }, Used: false, Variable: "arr" },
            { Type: { Elem: { NamedType: "Arr", NonNull: true }, NamedType: "", NonNull: true }, Used: false, Variable: "notnull" },
            { DefaultValue: v(7, "MOBILE"), Type: { NamedType: "Site", NonNull: false }, Used: false, Variable: "site" },
          ],
          SelectionSet: [
            { Name: "a" },
            { SelectionSet: [{ Alias: "field", Name: "field" }], TypeCondition: "on" },
            { Directives: [{ Arguments: [{ Name: "unless", Value: v(0, "foo") }], Location: "", Name: "skip" }], SelectionSet: [{ Alias: "id", Name: "id" }], TypeCondition: "" },
          ],
        },
      ],
      Fragments: [
        {
          Name: "a",
          TypeCondition: "Type",
          SelectionSet: [
            { Alias: "on", Arguments: [{ Name: "on", Value: v(0, "on") }], Directives: [{ Arguments: [{ Name: "on", Value: v(7, "on") }], Location: "", Name: "on" }], Name: "on" },
          ],
        },
      ],
    });
    // fragment variables (experimental in both parsers)
    expect(parse("fragment a($v: Boolean = false) on t { f(v: $v) }")).toEqual({
      Fragments: [
        {
          Name: "a",
          SelectionSet: [{ Alias: "f", Arguments: [{ Name: "v", Value: v(0, "v") }], Name: "f" }],
          TypeCondition: "t",
          VariableDefinition: [{ DefaultValue: v(5, "false"), Type: { NamedType: "Boolean", NonNull: false }, Used: false, Variable: "v" }],
        },
      ],
    });
  });

  it("reports syntax errors as OPA does", () => {
    const err = (query: string) => evalError("p := graphql.parse_query(input.q)", "p", { input: { q: query }, strict: true });
    expect(err("{")).toEqual({ code: "eval_builtin_error", message: "graphql.parse_query: Expected Name, found <EOF> in GraphQL string at location 1:2" });
    expect(err("{ field: {} }").message).toBe("graphql.parse_query: Expected Name, found { in GraphQL string at location 1:10");
    expect(err("notanoperation Foo { field }").message).toBe('graphql.parse_query: Unexpected Name "notanoperation" in GraphQL string at location 1:1');
    expect(err("...").message).toBe("graphql.parse_query: Unexpected ... in GraphQL string at location 1:1");
    expect(err("{__typename{...}}").message).toBe("graphql.parse_query: Expected {, found } in GraphQL string at location 1:16");
    expect(err("\n  { ...MissingOn }\n  fragment MissingOn Type\n").message).toBe('graphql.parse_query: Expected "on", found Name "Type" in GraphQL string at location 3:22');
    expect(err("type Query { x: Int }").message).toBe('graphql.parse_query: Unexpected Name "type" in GraphQL string at location 1:1');
    expect(call("graphql.parse_query(input.q)", { q: "{" })).toBeUndefined();
  });
});

describe("graphql.parse_schema", () => {
  const parse = (schema: string) => call("graphql.parse_schema(input.s)", { s: schema });

  it("returns gqlparser's schema document", () => {
    expect(parse('"Description"\ntype Hello { world(flag: Boolean = true, things: [String]): String }')).toEqual({
      Definitions: [
        {
          BuiltIn: false,
          Description: "Description",
          Fields: [
            {
              Arguments: [
                { DefaultValue: v(5, "true"), Description: "", Name: "flag", Type: { NamedType: "Boolean", NonNull: false } },
                { Description: "", Name: "things", Type: { Elem: { NamedType: "String", NonNull: false }, NamedType: "", NonNull: false } },
              ],
              Description: "",
              Name: "world",
              Type: { NamedType: "String", NonNull: false },
            },
          ],
          Kind: "OBJECT",
          Name: "Hello",
        },
      ],
    });
    expect(parse("extend type Hello implements Greeting")).toEqual({
      Extensions: [{ BuiltIn: false, Description: "", Interfaces: ["Greeting"], Kind: "OBJECT", Name: "Hello" }],
    });
    expect(parse("schema { query: Query }\nextend schema @directive")).toEqual({
      Schema: [{ Description: "", OperationTypes: [{ Operation: "query", Type: "Query" }] }],
      SchemaExtension: [{ Description: "", Directives: [{ Location: "", Name: "directive" }] }],
    });
    expect(parse('enum Hello { WO, RLD }\nunion U = A | B\ninput I { a: Int = 1 }\ndirective @d(a: String = "b") repeatable on FIELD | QUERY')).toEqual({
      Definitions: [
        { BuiltIn: false, Description: "", EnumValues: [{ Description: "", Name: "WO" }, { Description: "", Name: "RLD" }], Kind: "ENUM", Name: "Hello" },
        { BuiltIn: false, Description: "", Kind: "UNION", Name: "U", Types: ["A", "B"] },
        { BuiltIn: false, Description: "", Fields: [{ DefaultValue: v(1, "1"), Description: "", Name: "a", Type: { NamedType: "Int", NonNull: false } }], Kind: "INPUT_OBJECT", Name: "I" },
      ],
      Directives: [
        { Arguments: [{ DefaultValue: v(3, "b"), Description: "", Name: "a", Type: { NamedType: "String", NonNull: false } }], Description: "", IsRepeatable: true, Locations: ["FIELD", "QUERY"], Name: "d" },
      ],
    });
  });

  it("reports syntax errors", () => {
    const err = (schema: string) => evalError("p := graphql.parse_schema(input.s)", "p", { input: { s: schema }, strict: true }).message;
    expect(err("extend type Hello")).toBe("graphql.parse_schema: Unexpected <EOF> in GraphQL string at location 1:18");
    expect(err("extend schema")).toBe("graphql.parse_schema: Unexpected <EOF> in GraphQL string at location 1:14");
    expect(err("{ x }")).toBe("graphql.parse_schema: Unexpected { in GraphQL string at location 1:1");
  });
});

// OPA's is-valid and schema-is-valid cases: [description, schema, query, valid]
const FEDERATED = `
  extend type User { id: ID! }
  extend type Product { upc: String! }
  union _Entity = Product | User
  extend type Query { entity: _Entity }
`;
const LOCALE = `
  extend type Query { myAction(myEnum: Locale!): SomeResult! }
  type SomeResult { id: String }
  enum Locale { EN LT DE }
`;
const DEPRECATED = `
  type DeprecatedType { deprecatedField: String @deprecated newField(deprecatedArg: Int): Boolean }
  enum DeprecatedEnum { ALPHA @deprecated }
`;

describe("graphql.is_valid and graphql.schema_is_valid", () => {
  const isValid = (query: unknown, schema: unknown) => call("graphql.is_valid(input.q, input.s)", { q: query, s: schema });
  const schemaIsValid = (schema: unknown) => call("graphql.schema_is_valid(input.s)", { s: schema });

  it("validates queries against schemas with gqlparser's rules", () => {
    expect(isValid("{ entity { ... on User { id } } }", FEDERATED)).toBe(true); // extensions define missing types
    expect(isValid("query SomeOperation { myAction { id } }", LOCALE)).toBe(false); // required argument missing
    expect(isValid("query SomeOperation ($locale: Locale! = DE) { myAction(myEnum: $locale) { id } }", LOCALE)).toBe(true);
    expect(isValid("", DEPRECATED)).toBe(true); // no query type needed, an empty document is valid
    expect(isValid("query Foo($flag: Boolean!) { ...Bar }\nfragment Bar on Query { bar @include(if: $flag) }", "type Query { bar: String! }")).toBe(true);
    expect(isValid("mutation{x(a:b)}", "type Query { bar: String! }\ntype Mutation { x: String! }")).toBe(false);
    expect(isValid("mutation { x }", "type Query { bar: String! }")).toBe(false); // no mutation root
    expect(isValid("{ nope }", "type Query { bar: String }")).toBe(false);
    expect(isValid("{ bar }", "type Query { bar: String }")).toBe(true);
    expect(isValid(1, "type Query { bar: String }")).toBe(false);
  });

  it("checks schemas as gqlparser does", () => {
    for (const s of [FEDERATED, LOCALE, DEPRECATED, "type Query { bar: String! }", "type Hello { world: String }", "enum Hello { WORLD }", "scalar Hello", "input Hello { world: String }", "", 'type Query { x: Int }\ndirective @directive(a: String = "b") on SCHEMA\nextend schema @directive']) {
      expect(schemaIsValid(s), s).toBe(true);
    }
    for (const s of [
      "type Hello {}",
      "extend type Hello implements Greeting",
      "extend type Hello",
      "schema { query: Query }",
      "extend schema { mutation: Mutation }",
      "type Hello implements World { field: String }",
      "union Hello = World",
      "interface IA { id: ID! }\ninterface IIA implements IA { id: ID! }\ntype A implements IIA { id: ID! }",
      "input Hello { world(foo: Int): String }",
      "extend scalar Foo @deprecated\nextend type Foo @deprecated",
    ]) {
      expect(schemaIsValid(s), s).toBe(false);
    }
    expect(schemaIsValid(7)).toBe(false);
  });

  it("accepts the AST objects parse_query and parse_schema return", () => {
    const schema = "type Employee { id: String!, salary: Int! }\nschema { query: Query }\ntype Query { employeeByID(id: String): Employee }";
    const body = `
      schema_ast := graphql.parse_schema(input.s)
      query_ast := graphql.parse_query(input.q)
      p := [graphql.is_valid(query_ast, schema_ast), graphql.schema_is_valid(schema_ast), graphql.parse(query_ast, schema_ast) == [query_ast, schema_ast]]
    `;
    expect(evalRule(body, "p", { input: { s: schema, q: 'query { employeeByID(id: "alice") { salary }}' } })).toEqual([true, true, true]);
    const bad = { Operations: [{ Name: "", Operation: "mutation", SelectionSet: [{ Alias: "x", Arguments: [{ Name: "a", Value: { Kind: 7, Raw: "b" } }], Name: "x" }] }] };
    const schemaAst = {
      Definitions: [
        { BuiltIn: false, Description: "", Fields: [{ Description: "", Name: "bar", Type: { NamedType: "String", NonNull: true } }], Kind: "OBJECT", Name: "Query" },
        { BuiltIn: false, Description: "", Fields: [{ Description: "", Name: "x", Type: { NamedType: "String", NonNull: true } }], Kind: "OBJECT", Name: "Mutation" },
      ],
    };
    expect(isValid(bad, schemaAst)).toBe(false);
    expect(isValid({ ...bad, Operations: [{ ...bad.Operations[0], SelectionSet: [{ Alias: "x", Name: "x" }] }] }, schemaAst)).toBe(true);
  });
});

describe("graphql.parse and graphql.parse_and_verify", () => {
  it("return both ASTs when the query is valid", () => {
    const q = "query SomeOperation ($locale: Locale! = DE) { myAction(myEnum: $locale) { id } }";
    const [query, schema] = call("graphql.parse(input.q, input.s)", { q, s: LOCALE }) as [unknown, Record<string, unknown>];
    expect(query).toEqual({
      Operations: [
        {
          Name: "SomeOperation",
          Operation: "query",
          SelectionSet: [{ Alias: "myAction", Arguments: [{ Name: "myEnum", Value: v(0, "locale") }], Name: "myAction", SelectionSet: [{ Alias: "id", Name: "id" }] }],
          VariableDefinitions: [{ DefaultValue: v(7, "DE"), Type: { NamedType: "Locale", NonNull: true }, Used: false, Variable: "locale" }],
        },
      ],
    });
    expect(Object.keys(schema).sort()).toEqual(["Definitions", "Extensions"]);
    expect(call("graphql.parse_and_verify(input.q, input.s)", { q, s: LOCALE })).toEqual([true, query, schema]);
    expect(call("graphql.parse(input.q, input.s)", { q: "", s: DEPRECATED })).toEqual([{}, expect.any(Object)]);
  });

  it("graphql.parse fails with the first validation error; parse_and_verify answers [false, {}, {}]", () => {
    const q = "query SomeOperation {\n  myAction {\n    id\n  }\n}";
    expect(evalError("p := graphql.parse(input.q, input.s)", "p", { input: { q, s: LOCALE }, strict: true })).toEqual({
      code: "eval_builtin_error",
      message: 'graphql.parse: Field "myAction" argument "myEnum" of type "Locale!" is required, but it was not provided in GraphQL query string at location 2:3',
    });
    expect(call("graphql.parse_and_verify(input.q, input.s)", { q, s: LOCALE })).toEqual([false, {}, {}]);
    expect(call("graphql.parse_and_verify(input.q, input.s)", { q: "{", s: LOCALE })).toEqual([false, {}, {}]);
    expect(call("graphql.parse_and_verify(input.q, input.s)", { q: 1, s: LOCALE })).toEqual([false, {}, {}]);
    // OPA numbers the operands of graphql.parse 0 and 1
    expect(evalError("p := graphql.parse(input.q, input.s)", "p", { input: { q: 1, s: LOCALE }, strict: true })).toEqual({
      code: "eval_type_error",
      message: "graphql.parse: operand 0 must be one of {string, object} but got number",
    });
    expect(evalError("p := graphql.parse(input.q, input.s)", "p", { input: { q: "{ x }", s: "type Query { x: Unknown }" }, strict: true }).message).toBe(
      'graphql.parse: Error in gqlparser SchemaDocument to Schema conversion: input: Unknown type "Unknown".',
    );
  });
});
