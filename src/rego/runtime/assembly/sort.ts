// Stable merge sort of u32 items by OPA's value order. Items are either value pointers
// (base == 0) or entry indices into a table's entry array (base != 0: compares entry keys).
import { alloc } from "./alloc";
import { strCompare, valueCompare } from "./compare";
import { T_STRING } from "./value";

// Comparison with an inline path for the common string-vs-string case.
// @ts-ignore: decorator
@inline function cmp(a: usize, b: usize): i32 {
  if (load<u8>(a) == T_STRING && load<u8>(b) == T_STRING) return strCompare(a, b);
  return valueCompare(a, b);
}

// @ts-ignore: decorator
@inline function keyOf(base: usize, x: u32): usize {
  return base == 0 ? <usize>x : <usize>load<u32>(base + (<usize>x << 3));
}

export function sortIdx(arr: usize, n: u32, base: usize): void {
  if (n < 2) return;
  // Insertion sort runs of 8, then merge.
  const RUN: u32 = 8;
  for (let lo: u32 = 0; lo < n; lo += RUN) {
    const hi = lo + RUN < n ? lo + RUN : n;
    for (let i = lo + 1; i < hi; i++) {
      const x = load<u32>(arr + (<usize>i << 2));
      const kx = keyOf(base, x);
      let j = i;
      while (j > lo) {
        const y = load<u32>(arr + (<usize>(j - 1) << 2));
        if (cmp(keyOf(base, y), kx) <= 0) break;
        store<u32>(arr + (<usize>j << 2), y);
        j--;
      }
      store<u32>(arr + (<usize>j << 2), x);
    }
  }
  if (n <= RUN) return;
  let src = arr;
  let dst = alloc(<usize>n << 2);
  for (let width: u32 = RUN; width < n; width *= 2) {
    for (let lo: u32 = 0; lo < n; lo += 2 * width) {
      const mid = lo + width < n ? lo + width : n;
      const hi = lo + 2 * width < n ? lo + 2 * width : n;
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const a = load<u32>(src + (<usize>i << 2));
        const b = load<u32>(src + (<usize>j << 2));
        if (cmp(keyOf(base, b), keyOf(base, a)) < 0) {
          store<u32>(dst + (<usize>(k++) << 2), b);
          j++;
        } else {
          store<u32>(dst + (<usize>(k++) << 2), a);
          i++;
        }
      }
      while (i < mid) store<u32>(dst + (<usize>(k++) << 2), load<u32>(src + (<usize>(i++) << 2)));
      while (j < hi) store<u32>(dst + (<usize>(k++) << 2), load<u32>(src + (<usize>(j++) << 2)));
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src != arr) memory.copy(arr, src, <usize>n << 2);
}
