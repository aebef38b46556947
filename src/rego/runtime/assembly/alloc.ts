// Bump allocator over the imported memory. The SDK resets the heap pointer between evaluations,
// so nothing is ever freed individually.
import { abortMsg } from "./error";

// @ts-ignore: decorator
@inline export const ALIGN: usize = 8;

export let heapPtr: usize = (__heap_base + 7) & ~7;
// Cached memory size in bytes (refreshed on every grow; the host may grow memory too, which only
// makes this value conservative).
let heapEnd: usize = 0;

function grow(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end <= have) {
    heapEnd = have;
    return;
  }
  const need = ((end - have + 0xffff) >> 16) as i32;
  // Grow at least 1/4 of the current size at a time to keep grow calls rare.
  let pages = need;
  const quarter = memory.size() >> 2;
  if (pages < quarter) pages = quarter;
  if (memory.grow(pages) < 0 && memory.grow(need) < 0) {
    abortMsg("eval_internal_error: out of memory");
  }
  heapEnd = <usize>memory.size() << 16;
}

// @ts-ignore: decorator
@inline export function alloc(size: usize): usize {
  const p = heapPtr;
  const end = (p + size + 7) & ~<usize>7;
  if (end > heapEnd) grow(end);
  heapPtr = end;
  return p;
}

export function allocZero(size: usize): usize {
  const p = alloc(size);
  memory.fill(p, 0, size);
  return p;
}

// Extends the most recent allocation in place when it is still the top of the heap.
// Returns false when something was allocated after it.
export function tryExtend(p: usize, oldSize: usize, newSize: usize): bool {
  if (((p + oldSize + 7) & ~<usize>7) != heapPtr) return false;
  const end = (p + newSize + 7) & ~<usize>7;
  if (end > heapEnd) grow(end);
  heapPtr = end;
  return true;
}

export function opa_malloc(size: usize): usize {
  return alloc(size);
}

export function opa_free(p: usize): void {}

export function opa_heap_ptr_get(): usize {
  return heapPtr;
}

// The last heap reset point. Values below it outlive the current evaluation (data, input set
// before the reset), so caches pointing into newer heap memory must never be stored in them.
export let cacheFloor: usize = (__heap_base + 7) & ~7;

export function opa_heap_ptr_set(p: usize): void {
  heapPtr = p;
  cacheFloor = p;
}
