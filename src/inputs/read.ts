// Reading an input file safely: a size limit checked before reading (and while inflating .gz), UTF-8
// and UTF-16 (BOM, or the unmistakable `{\0` pattern), binary and empty files turned into clear errors.
import { constants as fsConstants, promises as fsp } from "node:fs";
import { isAscii, isUtf8 } from "node:buffer";
import { gunzipSync } from "node:zlib";
import type { InputError } from "./types.js";

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface ReadOptions {
  /** Largest file (after gzip decompression) that is read. Default 256 MiB. */
  maxFileBytes?: number;
}

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be";

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** The file was gzip-compressed. */
  gzip: boolean;
  /** Size of the decoded bytes (after decompression). */
  bytes: number;
  /** The bytes themselves when they are plain ASCII (no BOM), so that text offsets are byte offsets. */
  ascii?: Buffer;
}

export type ReadResult = { ok: true; value: DecodedText } | { ok: false; error: InputError };

export function formatBytes(n: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

function tooBig(file: string, size: number, limit: number, what: string): ReadResult {
  return {
    ok: false,
    error: {
      file,
      message:
        `${what} is ${formatBytes(size)}, larger than the ${formatBytes(limit)} limit; ` +
        `split it or raise the limit (maxFileBytes / --max-file-size)`,
    },
  };
}

/** Reads and decodes one file. Never throws: every failure is an InputError naming the file. */
export async function readInputFile(file: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const limit = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(file, fsConstants.O_RDONLY);
    const st = await handle.stat();
    if (st.isDirectory()) return { ok: false, error: { file, message: "is a directory" } };
    if (!st.isFile()) return { ok: false, error: { file, message: "is not a regular file" } };
    if (st.size > limit) return tooBig(file, st.size, limit, "file");
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const { bytesRead } = await handle.read(buf, off, st.size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return decodeBuffer(off === st.size ? buf : buf.subarray(0, off), file, opts);
  } catch (e) {
    return { ok: false, error: { file, message: describeFsError(e) } };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    default:
      return `cannot read: ${err?.message ?? String(e)}`;
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(buf: Uint8Array, magic: number[]): boolean {
  if (buf.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (buf[i] !== magic[i]) return false;
  return true;
}

/** Decodes file bytes to text (gzip, BOM / UTF-16 aware). Never throws. */
export function decodeBuffer(input: Buffer, file: string, opts: ReadOptions = {}): ReadResult {
  const limit = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let buf = input;
  let gzip = false;
  if (buf.length === 0) return { ok: false, error: { file, message: "empty file" } };
  if (startsWith(buf, GZIP_MAGIC)) {
    gzip = true;
    try {
      buf = gunzipSync(buf, { maxOutputLength: limit });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err instanceof RangeError || err.code === "ERR_BUFFER_TOO_LARGE") {
        return {
          ok: false,
          error: {
            file,
            message:
              `gzip content inflates beyond the ${formatBytes(limit)} limit; ` +
              `split it or raise the limit (maxFileBytes / --max-file-size)`,
          },
        };
      }
      return { ok: false, error: { file, message: `not a valid gzip file: ${err.message}` } };
    }
    if (buf.length === 0) return { ok: false, error: { file, message: "empty file (after gzip decompression)" } };
  }
  if (startsWith(buf, ZIP_MAGIC)) {
    return {
      ok: false,
      error: {
        file,
        message:
          "binary file (zip archive); if this is a saved Terraform plan, convert it first: " +
          "terraform show -json plan.out > plan.json",
      },
    };
  }

  let encoding: TextEncoding = "utf-8";
  let text: string;
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    encoding = "utf-16le";
    text = buf.subarray(2).toString("utf16le");
  } else if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    encoding = "utf-16be";
    text = swap16(buf.subarray(2)).toString("utf16le");
  } else if (buf.length >= 4 && buf.length % 2 === 0 && buf[0] !== 0 && buf[1] === 0 && buf[2] !== 0 && buf[3] === 0 && buf[0] < 0x80) {
    // UTF-16LE without BOM: ASCII text with a NUL after every byte.
    encoding = "utf-16le";
    text = buf.toString("utf16le");
  } else if (buf.length >= 4 && buf.length % 2 === 0 && buf[0] === 0 && buf[1] !== 0 && buf[2] === 0 && buf[3] !== 0 && buf[1] < 0x80) {
    encoding = "utf-16be";
    text = swap16(buf).toString("utf16le");
  } else {
    const nul = buf.indexOf(0);
    if (nul >= 0) {
      return { ok: false, error: { file, message: `binary file (NUL byte at offset ${nul}); expected YAML or JSON text` } };
    }
    if (isAscii(buf)) {
      // most inputs: the bytes are the characters (no decoding, no BOM possible)
      text = buf.toString("latin1");
    } else {
      if (!isUtf8(buf)) {
        return { ok: false, error: { file, message: "not valid UTF-8 text (and no UTF-16 byte order mark); save it as UTF-8" } };
      }
      text = buf.toString("utf8");
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
  }
  if (encoding !== "utf-8") {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.includes("\u0000")) {
      return { ok: false, error: { file, message: `binary file (NUL character in ${encoding.toUpperCase()} text)` } };
    }
  }
  if (isBlank(text)) return { ok: false, error: { file, message: gzip ? "empty file (after gzip decompression)" : "empty file" } };
  const value: DecodedText = { text, encoding, gzip, bytes: buf.length };
  if (encoding === "utf-8" && buf.length === text.length) value.ascii = buf;
  return { ok: true, value };
}

function swap16(b: Buffer): Buffer {
  const even = b.length - (b.length % 2);
  const out = Buffer.from(b.subarray(0, even));
  out.swap16();
  return out;
}

function isBlank(text: string): boolean {
  // Avoid trim() on huge texts: scan until the first non-space character.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}
