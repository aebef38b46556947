// The planner's intermediate representation: functions made of nested blocks of statements over
// locals that hold value pointers (0 = undefined), close to OPA's planner IR.
//
// Control flow: a statement that "fails" (a lookup that is undefined, a false comparison) leaves the
// innermost enclosing block; `break` leaves the named block. `scan` runs its body once per element;
// a failure in the body moves on to the next element. Negation is planned with blocks and breaks.

/** A local (a register holding a value pointer) or a constant (a value built once at instantiation). */
export type Operand = { l: number } | { c: number };

export interface Block {
  id: number;
  stmts: Stmt[];
}

export type Stmt =
  | { op: "block"; blocks: Block[] }
  | { op: "break"; target: number }
  | { op: "dot"; src: Operand; key: Operand; dst: number }
  | { op: "scan"; src: Operand; key: number; value: number; body: Block }
  /** Calls a runtime export, a planned function or a host builtin; undefined result fails unless `total`. */
  | { op: "call"; target: CallTarget; args: Operand[]; dst: number; total?: boolean }
  | { op: "assign"; src: Operand; dst: number }
  /** Sets dst, or checks that dst already equals src; a difference aborts with `error`. */
  | { op: "assignOnce"; src: Operand; dst: number; error: string }
  | { op: "equal"; a: Operand; b: Operand }
  | { op: "notEqual"; a: Operand; b: Operand }
  /** Compares with OPA's total order: fails unless `cmp(a, b) <rel> 0`. */
  | { op: "compare"; a: Operand; b: Operand; rel: "lt" | "lte" | "gt" | "gte" }
  | { op: "isDefined"; src: number }
  | { op: "isUndefined"; src: number }
  /** Fails when the value is the boolean false (an expression's value must not be false). */
  | { op: "notFalse"; src: Operand }
  | { op: "isType"; src: Operand; type: ValueType }
  /** Fails unless the value is an array, object or set. */
  | { op: "isCollection"; src: Operand }
  | { op: "lenEq"; src: Operand; n: number }
  | { op: "make"; kind: "array" | "object" | "set"; dst: number }
  | { op: "arrayAppend"; arr: number; value: Operand }
  | { op: "objectInsert"; obj: number; key: Operand; value: Operand }
  | { op: "objectInsertOnce"; obj: number; key: Operand; value: Operand; error: string }
  | { op: "setAdd"; set: number; value: Operand }
  | { op: "abort"; error: string }
  | { op: "return"; src: Operand }
  | { op: "reset"; dst: number }
  /** The Rego call site ("file:row" string constant) of the builtin call that follows, for its errors (strict mode only). */
  | { op: "site"; src: Operand }
  /** Global state for `with` on functions and virtual documents (see plan/with.ts). */
  | { op: "setGlobal"; global: string; src: Operand }
  | { op: "getGlobal"; global: string; dst: number };

export type CallTarget =
  | { kind: "runtime"; name: string }
  | { kind: "func"; name: string }
  | { kind: "host"; builtin: string; id: number };

/** OPA's value type tags. */
export const enum ValueType {
  Null = 1,
  Boolean = 2,
  Number = 3,
  String = 4,
  Array = 5,
  Object = 6,
  Set = 7,
}

export interface IRFunc {
  name: string;
  /** Locals 0..params-1 are parameters: (input, data, args...). */
  params: number;
  locals: number;
  body: Block;
  /** The function's result is memoized per evaluation (rules without arguments). */
  memo: boolean;
  /** Human-readable origin, for --dump-ir. */
  origin: string;
}

/** A constant value, as Rego value text (JSON plus sets). */
export interface IRConst {
  text: string;
}

export interface IREntrypoint {
  name: string;
  func: string;
}

export interface IRProgram {
  consts: IRConst[];
  funcs: IRFunc[];
  entrypoints: IREntrypoint[];
  /** Host builtins by id, as `builtins()` reports them. */
  hostBuiltins: string[];
  /** Named globals used by `with` (mocks and the memo switch). */
  globals: string[];
  strictBuiltinErrors: boolean;
}
