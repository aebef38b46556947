// Builtin error helpers with OPA's wording. Each returns 0 (undefined) unless strict mode is on,
// in which case it raises through opa_abort.
import { CODE_BUILTIN, CODE_TYPE, isStrict, msgBytes, msgInt, msgLit, msgRaise, msgStart } from "../error";
import { numToI64 } from "../number";
import { T_NUMBER, tagOf, typeName } from "../value";

function head(code: i32, name: string, pos: i32): void {
  msgStart(code);
  msgLit(name);
  msgLit(": operand ");
  msgInt(pos);
  msgLit(" ");
}

// "name: operand N must be EXP but got TYPE"
export function errType(name: string, pos: i32, got: usize, exp: string): usize {
  if (!isStrict()) return 0;
  head(CODE_TYPE, name, pos);
  msgLit("must be ");
  msgLit(exp);
  msgLit(" but got ");
  msgLit(typeName(got));
  msgRaise();
  return 0;
}

// "name: operand N must be one of {LIST} but got TYPE"
export function errOneOf(name: string, pos: i32, got: usize, list: string): usize {
  if (!isStrict()) return 0;
  head(CODE_TYPE, name, pos);
  msgLit("must be one of {");
  msgLit(list);
  msgLit("} but got ");
  msgLit(typeName(got));
  msgRaise();
  return 0;
}

// "name: operand N must be COLL of EXPs but got COLL containing TYPE"
export function errElem(name: string, pos: i32, coll: usize, got: usize, exp: string): usize {
  if (!isStrict()) return 0;
  head(CODE_TYPE, name, pos);
  msgLit("must be ");
  msgLit(typeName(coll));
  msgLit(" of ");
  msgLit(exp);
  msgLit("s but got ");
  msgLit(typeName(coll));
  msgLit(" containing ");
  msgLit(typeName(got));
  msgRaise();
  return 0;
}

// "name: operand N TEXT" (a type error without a type name, e.g. "must be integer number ...")
export function errOperand(name: string, pos: i32, text: string): usize {
  if (!isStrict()) return 0;
  head(CODE_TYPE, name, pos);
  msgLit(text);
  msgRaise();
  return 0;
}

// "name: MESSAGE" as eval_type_error (OPA's builtins.ErrOperand).
export function errTypeMsg(name: string, text: string): usize {
  if (!isStrict()) return 0;
  msgStart(CODE_TYPE);
  msgLit(name);
  msgLit(": ");
  msgLit(text);
  msgRaise();
  return 0;
}

// "name: MESSAGE" as eval_builtin_error.
export function errBuiltin(name: string, text: string): usize {
  if (!isStrict()) return 0;
  msgStart(CODE_BUILTIN);
  msgLit(name);
  msgLit(": ");
  msgLit(text);
  msgRaise();
  return 0;
}

// Like errBuiltin, with a byte range appended (e.g. a quoted input) and a tail.
export function errBuiltin3(name: string, text: string, p: usize, n: usize, tail: string): usize {
  if (!isStrict()) return 0;
  msgStart(CODE_BUILTIN);
  msgLit(name);
  msgLit(": ");
  msgLit(text);
  msgBytes(p, n);
  msgLit(tail);
  msgRaise();
  return 0;
}

export let argInt: i64 = 0;

// OPA's IntOperand: a number that is an integer. Returns false after reporting the error.
export function intArg(name: string, pos: i32, v: usize): bool {
  if (tagOf(v) != T_NUMBER) {
    errType(name, pos, v, "number");
    return false;
  }
  if (!numToI64(v)) {
    errOperand(name, pos, "must be integer number but got floating-point number");
    return false;
  }
  return true;
}
