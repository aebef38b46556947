// Reading and writing the WebAssembly binary format (just what the linker needs).

export class ByteWriter {
  private buf = new Uint8Array(1024);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }
  byte(b: number): this {
    this.ensure(1);
    this.buf[this.length++] = b & 0xff;
    return this;
  }
  bytes(b: Uint8Array | number[]): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  u32(v: number): this {
    v >>>= 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }
  i32(v: number): this {
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.byte(b);
        return this;
      }
      this.byte(b | 0x80);
    }
  }
  name(s: string): this {
    const b = new TextEncoder().encode(s);
    this.u32(b.length);
    return this.bytes(b);
  }
  /** Appends a length-prefixed copy of another writer's bytes. */
  sized(w: ByteWriter): this {
    this.u32(w.length);
    return this.bytes(w.finish());
  }
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export class ByteReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  byte(): number {
    if (this.pos >= this.buf.length) throw new Error("wasm: unexpected end of module");
    return this.buf[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }
  i32(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    if (shift < 32 && b & 0x40) result |= ~0 << shift;
    return result | 0;
  }
  bytes(n: number): Uint8Array {
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  name(): string {
    return new TextDecoder().decode(this.bytes(this.u32()));
  }
}

export const enum Section {
  Custom = 0,
  Type = 1,
  Import = 2,
  Function = 3,
  Table = 4,
  Memory = 5,
  Global = 6,
  Export = 7,
  Start = 8,
  Element = 9,
  Code = 10,
  Data = 11,
  DataCount = 12,
}

export const I32 = 0x7f;

export interface FuncType {
  params: number[];
  results: number[];
}

export interface Import {
  module: string;
  field: string;
  kind: number; // 0 func, 1 table, 2 memory, 3 global
  typeIndex?: number;
  /** Memory limits (kind 2). */
  min?: number;
  max?: number;
  raw: Uint8Array; // the whole descriptor after the names, for kinds we do not touch
}

export interface Export {
  name: string;
  kind: number;
  index: number;
}

export interface DataSegment {
  offset: number;
  bytes: Uint8Array;
}

/** A module split into the parts the linker edits; other sections are kept as raw bytes. */
export interface ParsedModule {
  types: FuncType[];
  imports: Import[];
  functions: number[]; // type index of each defined function
  tables: Uint8Array | undefined;
  memory: Uint8Array | undefined;
  globals: Uint8Array[]; // each global's raw entry (type + init expr)
  exports: Export[];
  start: number | undefined;
  elements: Uint8Array | undefined;
  code: Uint8Array[]; // each function body, without its size prefix
  data: DataSegment[];
}

export function parseModule(bytes: Uint8Array): ParsedModule {
  const r = new ByteReader(bytes);
  const magic = r.bytes(8);
  if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) throw new Error("wasm: not a module");
  const m: ParsedModule = {
    types: [],
    imports: [],
    functions: [],
    tables: undefined,
    memory: undefined,
    globals: [],
    exports: [],
    start: undefined,
    elements: undefined,
    code: [],
    data: [],
  };
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const s = new ByteReader(r.bytes(size));
    switch (id) {
      case Section.Type: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          if (s.byte() !== 0x60) throw new Error("wasm: bad func type");
          const params = [...s.bytes(s.u32())];
          const results = [...s.bytes(s.u32())];
          m.types.push({ params, results });
        }
        break;
      }
      case Section.Import: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const module = s.name();
          const field = s.name();
          const start = s.pos;
          const kind = s.byte();
          const imp: Import = { module, field, kind, raw: new Uint8Array() };
          if (kind === 0) imp.typeIndex = s.u32();
          else if (kind === 2) {
            const flags = s.byte();
            imp.min = s.u32();
            if (flags & 1) imp.max = s.u32();
          } else if (kind === 1) {
            s.byte();
            const flags = s.byte();
            s.u32();
            if (flags & 1) s.u32();
          } else if (kind === 3) {
            s.byte();
            s.byte();
          }
          imp.raw = s.buf.slice(start, s.pos);
          m.imports.push(imp);
        }
        break;
      }
      case Section.Function: {
        const n = s.u32();
        for (let i = 0; i < n; i++) m.functions.push(s.u32());
        break;
      }
      case Section.Table:
        m.tables = s.buf.slice();
        break;
      case Section.Memory:
        m.memory = s.buf.slice();
        break;
      case Section.Global: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const start = s.pos;
          s.byte(); // valtype
          s.byte(); // mutability
          skipInitExpr(s);
          m.globals.push(s.buf.slice(start, s.pos));
        }
        break;
      }
      case Section.Export: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const name = s.name();
          const kind = s.byte();
          const index = s.u32();
          m.exports.push({ name, kind, index });
        }
        break;
      }
      case Section.Start:
        m.start = s.u32();
        break;
      case Section.Element:
        m.elements = s.buf.slice();
        break;
      case Section.Code: {
        const n = s.u32();
        for (let i = 0; i < n; i++) m.code.push(s.bytes(s.u32()).slice());
        break;
      }
      case Section.Data: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const flags = s.u32();
          if (flags !== 0) throw new Error("wasm: only active data segments in memory 0 are supported");
          const op = s.byte();
          if (op !== 0x41) throw new Error("wasm: data segment offset must be i32.const");
          const offset = s.i32();
          if (s.byte() !== 0x0b) throw new Error("wasm: bad data offset expression");
          m.data.push({ offset, bytes: s.bytes(s.u32()).slice() });
        }
        break;
      }
      default:
        break; // custom sections (names) and data count are dropped: the linker rewrites what they describe
    }
  }
  return m;
}

function skipInitExpr(s: ByteReader): void {
  for (;;) {
    const op = s.byte();
    switch (op) {
      case 0x0b:
        return;
      case 0x41:
        s.i32();
        break;
      case 0x42: // i64.const
        s.i32();
        while (s.buf[s.pos - 1]! & 0x80) s.byte();
        break;
      case 0x43:
        s.bytes(4);
        break;
      case 0x44:
        s.bytes(8);
        break;
      case 0x23:
        s.u32();
        break;
      default:
        throw new Error(`wasm: unsupported init expression opcode 0x${op.toString(16)}`);
    }
  }
}

export function writeModule(m: ParsedModule): Uint8Array {
  const out = new ByteWriter();
  out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, body: ByteWriter) => {
    out.byte(id);
    out.sized(body);
  };
  {
    const w = new ByteWriter().u32(m.types.length);
    for (const t of m.types) {
      w.byte(0x60).u32(t.params.length).bytes(t.params).u32(t.results.length).bytes(t.results);
    }
    section(Section.Type, w);
  }
  {
    const w = new ByteWriter().u32(m.imports.length);
    for (const imp of m.imports) {
      w.name(imp.module).name(imp.field);
      if (imp.kind === 2) {
        w.byte(2).byte(imp.max !== undefined ? 1 : 0).u32(imp.min ?? 0);
        if (imp.max !== undefined) w.u32(imp.max);
      } else {
        w.bytes(imp.raw);
      }
    }
    section(Section.Import, w);
  }
  {
    const w = new ByteWriter().u32(m.functions.length);
    for (const f of m.functions) w.u32(f);
    section(Section.Function, w);
  }
  if (m.tables) section(Section.Table, new ByteWriter().bytes(m.tables));
  if (m.memory) section(Section.Memory, new ByteWriter().bytes(m.memory));
  {
    const w = new ByteWriter().u32(m.globals.length);
    for (const g of m.globals) w.bytes(g);
    section(Section.Global, w);
  }
  {
    const w = new ByteWriter().u32(m.exports.length);
    for (const e of m.exports) w.name(e.name).byte(e.kind).u32(e.index);
    section(Section.Export, w);
  }
  if (m.start !== undefined) section(Section.Start, new ByteWriter().u32(m.start));
  if (m.elements) section(Section.Element, new ByteWriter().bytes(m.elements));
  {
    const w = new ByteWriter().u32(m.code.length);
    for (const c of m.code) w.u32(c.length).bytes(c);
    section(Section.Code, w);
  }
  {
    const w = new ByteWriter().u32(m.data.length);
    for (const d of m.data) w.u32(0).byte(0x41).i32(d.offset).byte(0x0b).u32(d.bytes.length).bytes(d.bytes);
    section(Section.Data, w);
  }
  return out.finish();
}

/** A mutable i32 global initialised to `value`, as a raw global entry. */
export function i32Global(value: number, mutable = true): Uint8Array {
  return new ByteWriter().byte(I32).byte(mutable ? 1 : 0).byte(0x41).i32(value).byte(0x0b).finish().slice();
}
