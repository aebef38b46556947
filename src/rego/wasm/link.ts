// Emit + link: turns the planner's IR into Wasm functions and appends them, with the policy's
// constants, globals and OPA ABI exports, to the runtime module (build/runtime.wasm).
import type { Block, IRFunc, IRProgram, Operand, Stmt } from "../plan/ir.js";
import { hostBuiltinName } from "../registry.js";
import { ByteWriter, type Export, I32, type ParsedModule, i32Global, parseModule, writeModule } from "./binary.js";

const OP = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  return: 0x0f,
  call: 0x10,
  local_get: 0x20,
  local_set: 0x21,
  local_tee: 0x22,
  global_get: 0x23,
  global_set: 0x24,
  i32_const: 0x41,
  i32_eqz: 0x45,
  i32_eq: 0x46,
  i32_ne: 0x47,
  i32_lt_s: 0x48,
  i32_gt_s: 0x4a,
  i32_le_s: 0x4c,
  i32_ge_s: 0x4e,
  i32_gt_u: 0x4b,
  i32_and: 0x71,
  i32_or: 0x72,
  i32_add: 0x6a,
  void: 0x40,
} as const;

export interface LinkResult {
  wasm: Uint8Array;
  /** Pages of memory the module needs at instantiation (its memory import's minimum). */
  minPages: number;
}

/** The ABI exports the SDK uses (and one of ours), taken from the runtime as they are. */
const RUNTIME_ABI_EXPORTS = [
  "opa_malloc",
  "opa_free",
  "opa_json_parse",
  "opa_json_dump",
  "opa_value_parse",
  "opa_value_dump",
  "opa_heap_ptr_get",
  "opa_heap_ptr_set",
  "opa_eval_ctx_new",
  "opa_eval_ctx_set_input",
  "opa_eval_ctx_set_data",
  "opa_eval_ctx_set_entrypoint",
  "opa_eval_ctx_get_result",
  // not ABI: the host reads the call site of a failing host builtin (strict mode) through it
  "evident_site_get",
];

export function link(runtime: Uint8Array, ir: IRProgram): LinkResult {
  const m = parseModule(runtime);
  const linker = new Linker(m, ir);
  return linker.run();
}

/** The ABI functions the linker generates, in the order they follow the planned functions. */
export const GENERATED_FUNCTIONS = ["__evident_start", "__evident_dispatch", "opa_eval", "eval", "builtins", "entrypoints", "__memo_reset"] as const;

class Linker {
  private funcIndex = new Map<string, number>(); // runtime exports and planned functions
  private importIndex = new Map<string, number>();
  private globalIndex = new Map<string, number>();
  private typeIndex = new Map<string, number>();
  private data = new ByteWriter();
  private dataBase = 0;
  private cstrings = new Map<string, number>();
  private constGlobals: number[] = [];
  private memoGlobals = new Map<string, number>();

  constructor(
    private readonly m: ParsedModule,
    private readonly ir: IRProgram,
  ) {}

  run(): LinkResult {
    const m = this.m;
    let nFuncImports = 0;
    for (const imp of m.imports) {
      if (imp.kind === 0) this.importIndex.set(imp.field, nFuncImports++);
    }
    for (const e of m.exports) if (e.kind === 0) this.funcIndex.set(e.name, e.index);
    for (const name of ["opa_abort", "opa_builtin0", "opa_builtin1", "opa_builtin2", "opa_builtin3", "opa_builtin4"]) {
      if (!this.importIndex.has(name)) throw new Error(`runtime does not import env.${name}`);
    }
    // Our data goes after the runtime's static data.
    let end = 0;
    for (const d of m.data) end = Math.max(end, d.offset + d.bytes.length);
    this.dataBase = align(end, 16);

    // Globals: constants, memo slots, root input/data, named `with` globals.
    const addGlobal = (name: string, init = 0): number => {
      const idx = m.globals.length + countImportGlobals(m);
      m.globals.push(i32Global(init));
      this.globalIndex.set(name, idx);
      return idx;
    };
    for (let i = 0; i < this.ir.consts.length; i++) this.constGlobals.push(addGlobal(`const${i}`));
    // The memo generation: the input and data the memoized values were computed for.
    addGlobal("memo_input");
    addGlobal("memo_data");
    for (const g of this.ir.globals) addGlobal(g);
    for (const f of this.ir.funcs) if (f.memo) this.memoGlobals.set(f.name, addGlobal(`memo:${f.name}`));
    const abiVersion = m.globals.length + countImportGlobals(m);
    m.globals.push(i32Global(1, false));
    const abiMinor = abiVersion + 1;
    m.globals.push(i32Global(2, false));

    // Function indices for planned functions, then the generated ABI functions.
    let next = nFuncImports + m.functions.length;
    for (const f of this.ir.funcs) this.funcIndex.set(f.name, next++);
    for (const g of GENERATED_FUNCTIONS) this.funcIndex.set(g, next++);

    // Constant texts and C strings live in our data segment.
    const constPtrs = this.ir.consts.map((c) => this.addBytes(new TextEncoder().encode(c.text)));
    const builtinsText = JSON.stringify(Object.fromEntries(this.ir.hostBuiltins.map((b, i) => [hostBuiltinName(b), i])));
    const entrypointsText = JSON.stringify(Object.fromEntries(this.ir.entrypoints.map((e, i) => [e.name, i])));
    const builtinsConst = this.addBytes(new TextEncoder().encode(builtinsText));
    const entrypointsConst = this.addBytes(new TextEncoder().encode(entrypointsText));
    const builtinsGlobal = addGlobal("builtins_value");
    const entrypointsGlobal = addGlobal("entrypoints_value");

    for (const f of this.ir.funcs) this.addFunction(this.typeOf(f.params), this.emitFunc(f));

    // __evident_start: run the runtime's own start, place the heap after our data, build the constants.
    const runtimeStart = m.start;
    const startBody = new FuncBuilder(0);
    if (runtimeStart !== undefined) startBody.call(runtimeStart);
    const heapFixup = startBody.i32ConstPlaceholder();
    startBody.call(this.rt("opa_heap_ptr_set"));
    startBody.i32Const(this.ir.strictBuiltinErrors ? 1 : 0).call(this.rt("evident_set_strict"));
    const parseConst = (ptr: number, len: number, global: number) => {
      startBody.i32Const(ptr).i32Const(len).call(this.rt("opa_value_parse")).op(OP.global_set).u32(global);
      startBody.op(OP.global_get).u32(global).op(OP.i32_eqz).op(OP.if).byte(OP.void);
      startBody.i32Const(this.cstring("eval_internal_error: invalid constant in policy")).call(this.imp("opa_abort")).op(OP.unreachable);
      startBody.op(OP.end);
    };
    this.ir.consts.forEach((c, i) => parseConst(constPtrs[i]!, new TextEncoder().encode(c.text).length, this.constGlobals[i]!));
    parseConst(builtinsConst, new TextEncoder().encode(builtinsText).length, builtinsGlobal);
    parseConst(entrypointsConst, new TextEncoder().encode(entrypointsText).length, entrypointsGlobal);
    const startCodeIndex = this.m.code.length;
    this.addFunction(this.typeOf(0, 0), startBody.finish());

    // __evident_dispatch(entrypoint, input, data) -> result set
    {
      const f = new FuncBuilder(3);
      f.local(1).local(2).call(this.funcIndex.get("__memo_reset")!);
      this.ir.entrypoints.forEach((e, i) => {
        f.local(0).i32Const(i).op(OP.i32_eq).op(OP.if).byte(OP.void);
        f.local(1).local(2).call(this.funcIndex.get(e.func)!).op(OP.return);
        f.op(OP.end);
      });
      f.i32Const(this.cstring("eval_internal_error: invalid entrypoint id")).call(this.imp("opa_abort")).op(OP.unreachable);
      f.i32Const(0);
      this.addFunction(this.typeOf(3), f.finish());
    }
    // opa_eval(reserved, entrypoint, data, inputPtr, inputLen, heapPtr, format) -> cstr
    {
      const f = new FuncBuilder(7);
      const input = f.newLocal();
      const rs = f.newLocal();
      f.local(5).call(this.rt("opa_heap_ptr_set"));
      f.local(4).op(OP.if).byte(OP.void);
      // Rego value text is a superset of JSON: inputs may also be written as Rego terms (sets).
      f.local(3).local(4).call(this.rt("opa_value_parse")).set(input);
      f.op(OP.end);
      f.local(1).local(input).local(2).call(this.funcIndex.get("__evident_dispatch")!).set(rs);
      f.local(6).op(OP.if).byte(I32);
      f.local(rs).call(this.rt("opa_value_dump"));
      f.op(OP.else);
      f.local(rs).call(this.rt("opa_json_dump"));
      f.op(OP.end);
      this.addFunction(this.typeOf(7), f.finish());
    }
    // eval(ctx) -> 0
    {
      const f = new FuncBuilder(1);
      f.local(0).call(this.rt("evident_ctx_entrypoint"));
      f.local(0).call(this.rt("evident_ctx_input"));
      f.local(0).call(this.rt("evident_ctx_data"));
      f.call(this.funcIndex.get("__evident_dispatch")!);
      const rs = f.newLocal();
      f.set(rs);
      f.local(0).local(rs).call(this.rt("evident_ctx_set_result"));
      f.i32Const(0);
      this.addFunction(this.typeOf(1), f.finish());
    }
    {
      const f = new FuncBuilder(0);
      f.op(OP.global_get).u32(builtinsGlobal);
      this.addFunction(this.typeOf(0), f.finish());
    }
    {
      const f = new FuncBuilder(0);
      f.op(OP.global_get).u32(entrypointsGlobal);
      this.addFunction(this.typeOf(0), f.finish());
    }
    // __memo_reset(input, data): a new memo generation (a new evaluation, or `with input as x`).
    {
      const f = new FuncBuilder(2);
      f.local(0).op(OP.global_set).u32(this.g("memo_input"));
      f.local(1).op(OP.global_set).u32(this.g("memo_data"));
      for (const idx of this.memoGlobals.values()) f.i32Const(0).op(OP.global_set).u32(idx);
      this.addFunction(this.typeOf(2, 0), f.finish());
    }

    // Data segment, and the heap start patched into __evident_start.
    const dataBytes = this.data.finish().slice();
    const heapStart = align(this.dataBase + dataBytes.length, 16);
    heapFixup.set(heapStart);
    m.data.push({ offset: this.dataBase, bytes: dataBytes });
    m.start = this.funcIndex.get("__evident_start");
    this.m.code[startCodeIndex] = startBody.finish();

    const minPages = Math.max(1, Math.ceil((heapStart + 65536) / 65536));
    for (const imp of m.imports) {
      if (imp.kind === 2 && (imp.min ?? 0) < minPages) imp.min = minPages;
    }

    const exports: Export[] = [];
    for (const name of RUNTIME_ABI_EXPORTS) {
      const idx = this.funcIndex.get(name);
      if (idx === undefined) throw new Error(`runtime lacks the ABI export ${name}`);
      exports.push({ name, kind: 0, index: idx });
    }
    for (const name of ["opa_eval", "eval", "builtins", "entrypoints"]) exports.push({ name, kind: 0, index: this.funcIndex.get(name)! });
    exports.push({ name: "opa_wasm_abi_version", kind: 3, index: abiVersion });
    exports.push({ name: "opa_wasm_abi_minor_version", kind: 3, index: abiMinor });
    const memExport = m.exports.find((e) => e.kind === 2);
    if (memExport) exports.push(memExport);
    m.exports = exports;
    return { wasm: writeModule(m), minPages };
  }

  // ---- helpers ----

  private g(name: string): number {
    const idx = this.globalIndex.get(name);
    if (idx === undefined) throw new Error(`unknown global ${name}`);
    return idx;
  }
  private rt(name: string): number {
    const idx = this.funcIndex.get(name);
    if (idx === undefined) throw new Error(`runtime lacks export ${name}`);
    return idx;
  }
  private imp(name: string): number {
    return this.importIndex.get(name)!;
  }
  private typeOf(params: number, results = 1): number {
    const key = `${params}:${results}`;
    let idx = this.typeIndex.get(key);
    if (idx !== undefined) return idx;
    idx = this.m.types.findIndex(
      (t) => t.params.length === params && t.params.every((p) => p === I32) && t.results.length === results && t.results.every((r) => r === I32),
    );
    if (idx < 0) {
      idx = this.m.types.length;
      this.m.types.push({ params: new Array(params).fill(I32), results: new Array(results).fill(I32) });
    }
    this.typeIndex.set(key, idx);
    return idx;
  }
  private addFunction(type: number, body: Uint8Array): void {
    this.m.functions.push(type);
    this.m.code.push(body);
  }
  private addBytes(b: Uint8Array): number {
    const ptr = this.dataBase + this.data.length;
    this.data.bytes(b);
    return ptr;
  }
  /** A NUL-terminated string in our data segment (messages for opa_abort). */
  private cstring(s: string): number {
    let p = this.cstrings.get(s);
    if (p === undefined) {
      const b = new TextEncoder().encode(s);
      p = this.addBytes(b);
      this.data.byte(0);
      this.cstrings.set(s, p);
    }
    return p;
  }

  // ---- IR -> code ----

  private emitFunc(f: IRFunc): Uint8Array {
    const b = new FuncBuilder(f.params);
    for (let i = f.params; i < f.locals; i++) b.newLocal();
    const e = new FuncEmitter(this, b, f);
    e.emit();
    return b.finish();
  }

  operand(b: FuncBuilder, o: Operand): void {
    if ("l" in o) b.local(o.l);
    else b.op(OP.global_get).u32(this.constGlobals[o.c]!);
  }

  runtimeIndex(name: string): number {
    return this.rt(name);
  }
  importIdx(name: string): number {
    return this.imp(name);
  }
  funcIdx(name: string): number {
    const idx = this.funcIndex.get(name);
    if (idx === undefined) throw new Error(`unknown function ${name}`);
    return idx;
  }
  globalIdx(name: string): number {
    return this.g(name);
  }
  memoGlobal(name: string): number | undefined {
    return this.memoGlobals.get(name);
  }
  abortMessage(msg: string): number {
    return this.cstring(msg);
  }
}

function countImportGlobals(m: ParsedModule): number {
  return m.imports.filter((i) => i.kind === 3).length;
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** Accumulates one function body: locals, instructions. */
class FuncBuilder {
  private w = new ByteWriter();
  private nLocals = 0;
  private placeholders: { pos: number; value: number }[] = [];

  constructor(readonly params: number) {}

  newLocal(): number {
    return this.params + this.nLocals++;
  }
  op(o: number): this {
    this.w.byte(o);
    return this;
  }
  byte(b: number): this {
    this.w.byte(b);
    return this;
  }
  u32(v: number): this {
    this.w.u32(v);
    return this;
  }
  i32Const(v: number): this {
    this.w.byte(OP.i32_const).i32(v);
    return this;
  }
  /** An i32.const whose value is set later (5-byte padded LEB). */
  i32ConstPlaceholder(): { set(v: number): void } {
    this.w.byte(OP.i32_const);
    const pos = this.w.length;
    this.w.bytes([0x80, 0x80, 0x80, 0x80, 0x00]);
    const ph = { pos, value: 0 };
    this.placeholders.push(ph);
    return { set: (v: number) => (ph.value = v) };
  }
  local(i: number): this {
    this.w.byte(OP.local_get).u32(i);
    return this;
  }
  set(i: number): this {
    this.w.byte(OP.local_set).u32(i);
    return this;
  }
  call(idx: number): this {
    this.w.byte(OP.call).u32(idx);
    return this;
  }
  finish(): Uint8Array {
    const body = this.w.finish().slice();
    for (const ph of this.placeholders) {
      let v = ph.value;
      for (let i = 0; i < 5; i++) {
        let byte = v & 0x7f;
        v >>= 7;
        if (i < 4) byte |= 0x80;
        body[ph.pos + i] = byte;
      }
    }
    const out = new ByteWriter();
    if (this.nLocals > 0) out.u32(1).u32(this.nLocals).byte(I32);
    else out.u32(0);
    out.bytes(body).byte(OP.end);
    return out.finish().slice();
  }
}

/** Emits one IR function, tracking Wasm label depths for IR block ids. */
class FuncEmitter {
  /** Open Wasm labels, innermost last: an IR block id, or -1 for labels IR does not name. */
  private labels: number[] = [];
  private memoIdx: number | undefined;

  constructor(
    private readonly L: Linker,
    private readonly b: FuncBuilder,
    private readonly f: IRFunc,
  ) {
    this.memoIdx = f.memo ? L.memoGlobal(f.name) : undefined;
  }

  emit(): void {
    const b = this.b;
    if (this.memoIdx !== undefined) {
      // Memoized values belong to one (input, data): called with others (under `with input as x`),
      // start a new generation, so each item of a batch keeps its memo instead of recomputing.
      b.local(0).op(OP.global_get).u32(this.L.globalIdx("memo_input")).op(OP.i32_ne);
      b.local(1).op(OP.global_get).u32(this.L.globalIdx("memo_data")).op(OP.i32_ne);
      b.op(OP.i32_or).op(OP.if).byte(OP.void);
      b.local(0).local(1).call(this.L.funcIdx("__memo_reset"));
      b.op(OP.end);
      b.op(OP.global_get).u32(this.memoIdx).i32Const(1).op(OP.i32_gt_u).op(OP.if).byte(OP.void);
      b.op(OP.global_get).u32(this.memoIdx).op(OP.return);
      b.op(OP.end);
      b.op(OP.global_get).u32(this.memoIdx).i32Const(1).op(OP.i32_eq).op(OP.if).byte(OP.void);
      b.i32Const(0).op(OP.return);
      b.op(OP.end);
    }
    this.block(this.f.body);
    this.ret({ c: -1 });
  }

  private depthOf(blockId: number): number {
    for (let i = this.labels.length - 1; i >= 0; i--) if (this.labels[i] === blockId) return this.labels.length - 1 - i;
    throw new Error(`emit: break to a block that is not open (${blockId})`);
  }
  /** The innermost IR block: where a failure goes. */
  private failDepth(): number {
    for (let i = this.labels.length - 1; i >= 0; i--) if (this.labels[i]! >= 0) return this.labels.length - 1 - i;
    throw new Error("emit: failure outside any block");
  }

  private block(blk: Block): void {
    this.b.op(OP.block).byte(OP.void);
    this.labels.push(blk.id);
    for (const s of blk.stmts) this.stmt(s);
    this.labels.pop();
    this.b.op(OP.end);
  }

  private o(op: Operand): void {
    this.L.operand(this.b, op);
  }

  private failIf(): void {
    this.b.op(OP.br_if).u32(this.failDepth());
  }

  private abort(msg: string): void {
    this.b.i32Const(this.L.abortMessage(msg)).call(this.L.importIdx("opa_abort")).op(OP.unreachable);
  }

  /** Return `op` (or undefined when op.c is -1), storing it in the memo first. */
  private ret(op: Operand): void {
    const b = this.b;
    if ("c" in op && op.c === -1) b.i32Const(0);
    else this.o(op);
    if (this.memoIdx !== undefined) {
      const tmp = b.newLocal();
      b.set(tmp);
      // Store only if the generation is still ours (a nested `with` may have started another).
      b.local(0).op(OP.global_get).u32(this.L.globalIdx("memo_input")).op(OP.i32_eq);
      b.local(1).op(OP.global_get).u32(this.L.globalIdx("memo_data")).op(OP.i32_eq);
      b.op(OP.i32_and).op(OP.if).byte(OP.void);
      // 1 marks "computed, undefined".
      b.local(tmp).local(tmp).op(OP.i32_eqz).op(OP.i32_add).op(OP.global_set).u32(this.memoIdx);
      b.op(OP.end);
      b.local(tmp);
    }
    b.op(OP.return);
  }

  private stmt(s: Stmt): void {
    const b = this.b;
    const L = this.L;
    switch (s.op) {
      case "block":
        for (const blk of s.blocks) this.block(blk);
        return;
      case "break":
        b.op(OP.br).u32(this.depthOf(s.target));
        return;
      case "dot":
        this.o(s.src);
        this.o(s.key);
        b.call(L.runtimeIndex("opa_value_get"));
        b.op(OP.local_tee).u32(s.dst).op(OP.i32_eqz);
        this.failIf();
        return;
      case "scan": {
        const pos = b.newLocal();
        const src = b.newLocal();
        this.o(s.src);
        b.set(src);
        b.i32Const(-1).set(pos);
        b.op(OP.block).byte(OP.void);
        this.labels.push(-1);
        b.op(OP.loop).byte(OP.void);
        this.labels.push(-1);
        b.local(src).local(pos).call(L.runtimeIndex("evident_iter_next")).op(OP.local_tee).u32(pos);
        b.i32Const(-1).op(OP.i32_eq).op(OP.br_if).u32(1);
        b.local(src).local(pos).call(L.runtimeIndex("evident_iter_key")).set(s.key);
        b.local(src).local(pos).call(L.runtimeIndex("evident_iter_value")).set(s.value);
        this.block(s.body);
        b.op(OP.br).u32(0);
        this.labels.pop();
        b.op(OP.end);
        this.labels.pop();
        b.op(OP.end);
        return;
      }
      case "call": {
        const t = s.target;
        if (t.kind === "host") {
          if (s.args.length > 4) throw new Error(`host builtin ${t.builtin} takes more than 4 arguments`);
          b.i32Const(t.id).i32Const(0);
          for (const a of s.args) this.o(a);
          b.call(L.importIdx(`opa_builtin${s.args.length}`));
        } else {
          for (const a of s.args) this.o(a);
          b.call(t.kind === "runtime" ? L.runtimeIndex(t.name) : L.funcIdx(t.name));
        }
        b.set(s.dst);
        if (!s.total) {
          b.local(s.dst).op(OP.i32_eqz);
          this.failIf();
        }
        return;
      }
      case "assign":
        this.o(s.src);
        b.set(s.dst);
        return;
      case "assignOnce":
        b.local(s.dst).op(OP.if).byte(OP.void);
        this.labels.push(-1);
        b.local(s.dst);
        this.o(s.src);
        b.call(L.runtimeIndex("evident_equal")).op(OP.i32_eqz).op(OP.if).byte(OP.void);
        this.abort(s.error);
        b.op(OP.end);
        b.op(OP.else);
        this.o(s.src);
        b.set(s.dst);
        this.labels.pop();
        b.op(OP.end);
        return;
      case "equal":
      case "notEqual":
        this.o(s.a);
        this.o(s.b);
        b.call(L.runtimeIndex("evident_equal"));
        if (s.op === "equal") b.op(OP.i32_eqz);
        this.failIf();
        return;
      case "compare": {
        this.o(s.a);
        this.o(s.b);
        b.call(L.runtimeIndex("opa_value_compare")).i32Const(0);
        const rel = { lt: OP.i32_lt_s, lte: OP.i32_le_s, gt: OP.i32_gt_s, gte: OP.i32_ge_s }[s.rel];
        b.op(rel).op(OP.i32_eqz);
        this.failIf();
        return;
      }
      case "isDefined":
        b.local(s.src).op(OP.i32_eqz);
        this.failIf();
        return;
      case "isUndefined":
        b.local(s.src);
        this.failIf();
        return;
      case "notFalse": {
        this.o(s.src);
        b.op(OP.i32_eqz);
        this.failIf();
        this.o(s.src);
        b.call(L.runtimeIndex("opa_value_type")).i32Const(2).op(OP.i32_eq);
        b.op(OP.if).byte(OP.void);
        this.labels.push(-1);
        this.o(s.src);
        b.call(L.runtimeIndex("evident_is_true")).op(OP.i32_eqz);
        this.failIf();
        this.labels.pop();
        b.op(OP.end);
        return;
      }
      case "isType":
        this.o(s.src);
        b.op(OP.i32_eqz);
        this.failIf();
        this.o(s.src);
        b.call(L.runtimeIndex("opa_value_type")).i32Const(s.type).op(OP.i32_ne);
        this.failIf();
        return;
      case "isCollection":
        this.o(s.src);
        b.op(OP.i32_eqz);
        this.failIf();
        this.o(s.src);
        b.call(L.runtimeIndex("opa_value_type")).i32Const(5).op(OP.i32_lt_s);
        this.failIf();
        return;
      case "lenEq":
        this.o(s.src);
        b.call(L.runtimeIndex("opa_value_length")).i32Const(s.n).op(OP.i32_ne);
        this.failIf();
        return;
      case "make":
        b.call(L.runtimeIndex(s.kind === "array" ? "opa_array" : s.kind === "object" ? "opa_object" : "opa_set")).set(s.dst);
        return;
      case "arrayAppend":
        b.local(s.arr);
        this.o(s.value);
        b.call(L.runtimeIndex("opa_array_append"));
        return;
      case "objectInsert":
        b.local(s.obj);
        this.o(s.key);
        this.o(s.value);
        b.call(L.runtimeIndex("opa_object_insert"));
        return;
      case "objectInsertOnce":
        b.local(s.obj);
        this.o(s.key);
        this.o(s.value);
        b.call(L.runtimeIndex("evident_object_insert_once")).op(OP.i32_eqz).op(OP.if).byte(OP.void);
        this.abort(s.error);
        b.op(OP.end);
        return;
      case "setAdd":
        b.local(s.set);
        this.o(s.value);
        b.call(L.runtimeIndex("opa_set_add"));
        return;
      case "abort":
        this.abort(s.error);
        return;
      case "return":
        this.ret(s.src);
        return;
      case "reset":
        b.i32Const(0).set(s.dst);
        return;
      case "site":
        this.o(s.src);
        b.call(L.runtimeIndex("evident_site"));
        return;
      case "setGlobal":
        this.o(s.src);
        b.op(OP.global_set).u32(L.globalIdx(s.global));
        return;
      case "getGlobal":
        b.op(OP.global_get).u32(L.globalIdx(s.global)).set(s.dst);
        return;
    }
  }
}
