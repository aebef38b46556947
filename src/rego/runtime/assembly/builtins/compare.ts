// Comparison operators and type predicates.
import { valueCompare, valueEqual } from "../compare";
import { mkBool, mkStrLit, T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, tagOf, typeName } from "../value";

export function b_equal(a: usize, b: usize): usize { return a && b ? mkBool(valueEqual(a, b)) : 0; }
export function b_neq(a: usize, b: usize): usize { return a && b ? mkBool(!valueEqual(a, b)) : 0; }
export function b_lt(a: usize, b: usize): usize { return a && b ? mkBool(valueCompare(a, b) < 0) : 0; }
export function b_lte(a: usize, b: usize): usize { return a && b ? mkBool(valueCompare(a, b) <= 0) : 0; }
export function b_gt(a: usize, b: usize): usize { return a && b ? mkBool(valueCompare(a, b) > 0) : 0; }
export function b_gte(a: usize, b: usize): usize { return a && b ? mkBool(valueCompare(a, b) >= 0) : 0; }

function is(a: usize, t: u32): usize { return a ? mkBool(tagOf(a) == t) : 0; }
export function b_is_number(a: usize): usize { return is(a, T_NUMBER); }
export function b_is_string(a: usize): usize { return is(a, T_STRING); }
export function b_is_boolean(a: usize): usize { return is(a, T_BOOLEAN); }
export function b_is_array(a: usize): usize { return is(a, T_ARRAY); }
export function b_is_set(a: usize): usize { return is(a, T_SET); }
export function b_is_object(a: usize): usize { return is(a, T_OBJECT); }
export function b_is_null(a: usize): usize { return is(a, T_NULL); }
export function b_type_name(a: usize): usize { return a ? mkStrLit(typeName(a)) : 0; }
