// Placeholder: the value runtime is being written (see ../ABI.md).
let heapPtr: usize = __heap_base;

export function opa_heap_ptr_get(): usize {
  return heapPtr;
}

export function opa_heap_ptr_set(p: usize): void {
  heapPtr = p;
}
