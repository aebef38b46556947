// The deprecated cast_* builtins, after OPA's topdown/casts.go. Still part of the Rego v0 language (OPA
// keeps them for modules parsed as v0), and old policy libraries call them.
//
// On the host a set arrives as a JSON array, so `cast_array` and `cast_set` take either, and a set passed
// where an object, string, boolean or null is required is reported as "array" (the error only shows under
// strict builtin errors; otherwise the call is undefined, as in OPA). `cast_set` answers an array: the
// compiler rebuilds host results declared as sets (duplicates collapse there).

import { isObject, operandTypeErr } from "./common.js";

/** cast_array(x): an array as is, a set's elements in order; anything else is a type error. */
function castArray(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  throw operandTypeErr(1, x, "array", "set");
}

/** cast_set(x): the elements of an array or set, as a set. */
function castSet(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  throw operandTypeErr(1, x, "array", "set");
}

function castString(x: unknown): string {
  if (typeof x === "string") return x;
  throw operandTypeErr(1, x, "string");
}

function castBoolean(x: unknown): boolean {
  if (typeof x === "boolean") return x;
  throw operandTypeErr(1, x, "boolean");
}

function castNull(x: unknown): null {
  if (x === null) return null;
  throw operandTypeErr(1, x, "null");
}

function castObject(x: unknown): Record<string, unknown> {
  if (isObject(x)) return x;
  throw operandTypeErr(1, x, "object");
}

export const CAST_BUILTINS = {
  cast_array: castArray,
  cast_set: castSet,
  cast_string: castString,
  cast_boolean: castBoolean,
  cast_null: castNull,
  cast_object: castObject,
};
