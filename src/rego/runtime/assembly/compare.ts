// OPA's total order (ast.Compare) and equality.
import { numCompare } from "./number";
import { bytesCmp, bytesEq } from "./string";
import { sortedAt, sortedOrder, tCount, tFind, tKey, tVal } from "./collections";
import {
  T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_SET, T_STRING, arrGet, arrLen, boolOf, strLen, strPtr,
  tagOf,
} from "./value";

export function strCompare(a: usize, b: usize): i32 {
  const na = strLen(a), nb = strLen(b);
  const c = bytesCmp(strPtr(a), strPtr(b), na < nb ? na : nb);
  if (c != 0) return c;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function valueCompare(a: usize, b: usize): i32 {
  if (a == b) return 0;
  if (a == 0) return -1; // undefined sorts first; only reachable through misuse
  if (b == 0) return 1;
  const ta = tagOf(a), tb = tagOf(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case T_BOOLEAN: {
      const x = <i32>boolOf(a), y = <i32>boolOf(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case T_NUMBER: return numCompare(a, b);
    case T_STRING: return strCompare(a, b);
    case T_ARRAY: {
      const na = arrLen(a), nb = arrLen(b);
      const m = na < nb ? na : nb;
      for (let i: u32 = 0; i < m; i++) {
        const c = valueCompare(arrGet(a, i), arrGet(b, i));
        if (c != 0) return c;
      }
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
    case T_OBJECT: {
      const na = tCount(a), nb = tCount(b);
      const oa = sortedOrder(a), ob = sortedOrder(b);
      const m = na < nb ? na : nb;
      for (let i: u32 = 0; i < m; i++) {
        const ia = sortedAt(oa, i), ib = sortedAt(ob, i);
        let c = valueCompare(tKey(a, ia), tKey(b, ib));
        if (c != 0) return c;
        c = valueCompare(tVal(a, ia), tVal(b, ib));
        if (c != 0) return c;
      }
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
    case T_SET: {
      const na = tCount(a), nb = tCount(b);
      const oa = sortedOrder(a), ob = sortedOrder(b);
      const m = na < nb ? na : nb;
      for (let i: u32 = 0; i < m; i++) {
        const c = valueCompare(tKey(a, sortedAt(oa, i)), tKey(b, sortedAt(ob, i)));
        if (c != 0) return c;
      }
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
  }
  return 0; // null == null
}

export function valueEqual(a: usize, b: usize): bool {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  const ta = tagOf(a);
  if (ta != tagOf(b)) return false;
  switch (ta) {
    case T_BOOLEAN: return boolOf(a) == boolOf(b);
    case T_NUMBER: return numCompare(a, b) == 0;
    case T_STRING: {
      const n = strLen(a);
      return n == strLen(b) && bytesEq(strPtr(a), strPtr(b), n);
    }
    case T_ARRAY: {
      const n = arrLen(a);
      if (n != arrLen(b)) return false;
      for (let i: u32 = 0; i < n; i++) if (!valueEqual(arrGet(a, i), arrGet(b, i))) return false;
      return true;
    }
    case T_OBJECT: {
      const n = tCount(a);
      if (n != tCount(b)) return false;
      for (let i: u32 = 0; i < n; i++) {
        const j = tFind(b, tKey(a, i));
        if (j < 0 || !valueEqual(tVal(a, i), tVal(b, <u32>j))) return false;
      }
      return true;
    }
    case T_SET: {
      const n = tCount(a);
      if (n != tCount(b)) return false;
      for (let i: u32 = 0; i < n; i++) if (tFind(b, tKey(a, i)) < 0) return false;
      return true;
    }
  }
  return true; // null
}

export function opa_value_compare(a: usize, b: usize): i32 {
  return valueCompare(a, b);
}

export function evident_equal(a: usize, b: usize): i32 {
  return valueEqual(a, b) ? 1 : 0;
}
