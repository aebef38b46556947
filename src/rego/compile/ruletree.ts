// Stage "ruletree": places every rule at the node of its ref's ground prefix under `data`, and
// decides what each node is: a complete rule, a partial set, a function, an object assembled from
// rules with variables in their refs, or an internal node (a package or a path prefix).
import { isGround, type Rule, type Term } from "../ast.js";
import type { ErrorList } from "../errors.js";

export type NodeKind = "complete" | "partialset" | "function" | "object" | "internal";

export interface RuleNode {
  /** The ground key term of this node under its parent (undefined for the root). */
  key?: Term;
  /** Absolute path from `data`, as ground key terms. */
  path: Term[];
  children: Map<string, RuleNode>;
  /** Rules whose ref's ground prefix ends at this node. */
  rules: Rule[];
  parent?: RuleNode;
  kind: NodeKind;
  /** Set on nodes inside an object node's subtree: the object node that assembles them. */
  assembledBy?: RuleNode;
}

/** A rule with its absolute ref (without `data`) and the length of its ground prefix. */
export interface PlacedRule {
  rule: Rule;
  ref: Term[];
  groundLen: number;
}

/** Canonical identity of a ground key term (`"p"`, `0`, `true`, `{"a":"b"}`). */
export function keyId(t: Term): string {
  return JSON.stringify(groundToJS(t));
}

export function groundToJS(t: Term): unknown {
  switch (t.type) {
    case "null":
      return null;
    case "boolean":
      return t.value;
    case "number":
      return { $n: t.value };
    case "string":
      return t.value;
    case "array":
      return t.items.map(groundToJS);
    case "set":
      return { $set: t.items.map(groundToJS).map((x) => JSON.stringify(x)).sort() };
    case "object":
      return { $obj: t.items.map(([k, v]) => [JSON.stringify(groundToJS(k)), groundToJS(v)]).sort() };
    default:
      throw new Error(`not a ground term: ${t.type}`);
  }
}

export function placeRule(rule: Rule): PlacedRule {
  const l = rule.head.ref.loc;
  const pkg: Term[] = rule.module.package.map((p) => ({ type: "string", value: p, loc: l }) as Term);
  const head = rule.head.ref.terms;
  const first = head[0]!;
  const ref: Term[] = [...pkg, first.type === "var" ? { type: "string", value: first.name, loc: first.loc } : first, ...head.slice(1)];
  let groundLen = 0;
  while (groundLen < ref.length && isGround(ref[groundLen]!)) groundLen++;
  return { rule, ref, groundLen };
}

export class RuleTree {
  readonly root: RuleNode = { path: [], children: new Map(), rules: [], kind: "internal" };
  readonly placed = new Map<Rule, PlacedRule>();

  constructor(private readonly errors: ErrorList) {}

  add(rule: Rule): void {
    const p = placeRule(rule);
    this.placed.set(rule, p);
    let node = this.root;
    for (let i = 0; i < p.groundLen; i++) node = this.child(node, p.ref[i]!);
    node.rules.push(rule);
  }

  ensurePath(path: Term[]): RuleNode {
    let node = this.root;
    for (const k of path) node = this.child(node, k);
    return node;
  }

  private child(node: RuleNode, key: Term): RuleNode {
    const id = keyId(key);
    let c = node.children.get(id);
    if (!c) {
      c = { key, path: [...node.path, key], children: new Map(), rules: [], parent: node, kind: "internal" };
      node.children.set(id, c);
    }
    return c;
  }

  /** The node at an absolute path of ground keys, if any rule lives at or below it. */
  lookup(path: Term[]): RuleNode | undefined {
    let node: RuleNode | undefined = this.root;
    for (const k of path) {
      node = node.children.get(keyId(k));
      if (!node) return undefined;
    }
    return node;
  }

  /** Classifies nodes and reports conflicting rule kinds. */
  classify(): void {
    const visit = (node: RuleNode, assembler?: RuleNode) => {
      if (assembler) node.assembledBy = assembler;
      let nextAssembler = assembler;
      if (node.rules.length > 0 && !assembler) {
        const fns = node.rules.filter((r) => r.head.args);
        const dynamic = node.rules.some((r) => this.placed.get(r)!.groundLen < this.placed.get(r)!.ref.length);
        if (fns.length > 0 && fns.length < node.rules.length) {
          this.errors.add("rego_type_error", `conflicting rules ${pathName(node)} found`, node.rules[0]!.loc);
        }
        if (fns.length > 0) {
          node.kind = "function";
          const arities = new Set(fns.map((r) => r.head.args!.length));
          if (arities.size > 1) this.errors.add("rego_type_error", `conflicting rules ${pathName(node)} found`, fns[0]!.loc);
        } else if (dynamic || this.hasRulesBelow(node)) {
          node.kind = "object";
          nextAssembler = node;
          // A rule defining the whole node cannot coexist with rules defining parts of it.
          const whole = node.rules.find((r) => this.placed.get(r)!.groundLen === this.placed.get(r)!.ref.length);
          if (whole) {
            this.errors.add("rego_type_error", `rule ${pathName(node)} conflicts with other rules defining parts of it`, whole.loc);
          }
        } else {
          const sets = node.rules.filter((r) => r.head.key !== undefined);
          if (sets.length > 0 && sets.length < node.rules.length) {
            this.errors.add("rego_type_error", `conflicting rules ${pathName(node)} found`, node.rules[0]!.loc);
          }
          node.kind = sets.length > 0 ? "partialset" : "complete";
        }
        const defaults = node.rules.filter((r) => r.default);
        if (defaults.length > 1) this.errors.add("rego_type_error", `multiple default rules ${pathName(node)} found`, defaults[1]!.loc);
      }
      for (const c of node.children.values()) visit(c, nextAssembler);
    };
    visit(this.root);
  }

  private hasRulesBelow(node: RuleNode): boolean {
    for (const c of node.children.values()) {
      if (c.rules.some((r) => !r.head.args)) return true;
      if (this.hasRulesBelow(c)) return true;
    }
    return false;
  }

  /** Every rule in a node's subtree, nodes in path order. */
  rulesBelow(node: RuleNode): Rule[] {
    const out: Rule[] = [...node.rules];
    for (const c of node.children.values()) out.push(...this.rulesBelow(c));
    return out;
  }

  *nodes(node: RuleNode = this.root): Generator<RuleNode> {
    yield node;
    for (const c of node.children.values()) yield* this.nodes(c);
  }
}

export function pathName(node: RuleNode): string {
  let s = "data";
  for (const k of node.path) {
    if (k.type === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k.value)) s += "." + k.value;
    else s += `[${JSON.stringify(groundToJS(k))}]`;
  }
  return s;
}
