// Errors and strict mode. Messages are built in linear memory from static string literals
// (read as UTF-16 code units, never allocated) and raised through the SDK's opa_abort.

// @ts-ignore: decorator
@external("env", "opa_abort")
declare function opa_abort(cstr: usize): void;

export const CODE_CONFLICT = 0;
export const CODE_TYPE = 1;
export const CODE_BUILTIN = 2;
export const CODE_INTERNAL = 3;

let strict: i32 = 0;

export function evident_set_strict(on: i32): void {
  strict = on;
}

export function evident_strict(): i32 {
  return strict;
}

export function isStrict(): bool {
  return strict != 0;
}

// Error messages are composed in a fixed static buffer: the heap may be in any state when an
// error happens, and the message is consumed by the host before anything else runs.
const MSG_CAP: usize = 4096;
const msgBuf = memory.data(4096 + 8);
let msgLen: usize = 0;

export function msgReset(): void {
  msgLen = 0;
}

export function msgByte(b: u32): void {
  if (msgLen < MSG_CAP) store<u8>(msgBuf + msgLen++, <u8>b);
}

export function msgBytes(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) msgByte(load<u8>(p + i));
}

// Appends an ASCII/BMP string literal as UTF-8.
export function msgLit(s: string): void {
  const p = changetype<usize>(s);
  const n = <usize>s.length;
  for (let i: usize = 0; i < n; i++) {
    const c = <u32>load<u16>(p + (i << 1));
    if (c < 0x80) msgByte(c);
    else if (c < 0x800) {
      msgByte(0xc0 | (c >> 6));
      msgByte(0x80 | (c & 63));
    } else {
      msgByte(0xe0 | (c >> 12));
      msgByte(0x80 | ((c >> 6) & 63));
      msgByte(0x80 | (c & 63));
    }
  }
}

export function msgInt(v: i64): void {
  if (v < 0) {
    msgByte(45);
    v = -v;
  }
  const tmp = memory.data(24);
  let n = 0;
  let u = <u64>v;
  do {
    store<u8>(tmp + n++, <u8>(48 + (u % 10)));
    u /= 10;
  } while (u != 0);
  while (n > 0) msgByte(load<u8>(tmp + --n));
}

function codeName(code: i32): void {
  if (code == CODE_CONFLICT) msgLit("eval_conflict_error: ");
  else if (code == CODE_TYPE) msgLit("eval_type_error: ");
  else if (code == CODE_BUILTIN) msgLit("eval_builtin_error: ");
  else msgLit("eval_internal_error: ");
}

// Raises the message accumulated with msg* (prefixed by its code name, which the caller wrote
// first with msgStart) through opa_abort. Never returns.
export function msgRaise(): void {
  store<u8>(msgBuf + msgLen, 0);
  opa_abort(msgBuf);
  unreachable();
}

// The Rego call site ("file:row", a string value) of the builtin being called. Modules compiled with
// strict builtin errors set it before each builtin call, so that a builtin's error names its
// expression as OPA's do ("policy.rego:4: eval_type_error: ..."); 0 when unknown.
let site: usize = 0;

export function evident_site(v: usize): void {
  site = v;
}

export function evident_site_get(): usize {
  return site;
}

export function msgStart(code: i32): void {
  msgLen = 0;
  if (site != 0 && (code == CODE_TYPE || code == CODE_BUILTIN)) {
    // a string value: [4] length, [8] bytes (value.ts)
    msgBytes(<usize>load<u32>(site, 8), <usize>load<u32>(site, 4));
    msgByte(58);
    msgByte(32);
  }
  codeName(code);
}

export function abortMsg(s: string): void {
  msgReset();
  msgLit(s);
  msgRaise();
}

export function evident_abort(code: i32, p: usize, n: usize): void {
  msgStart(code);
  msgBytes(p, n);
  msgRaise();
}
