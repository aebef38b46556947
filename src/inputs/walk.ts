// Expanding the paths of a scan into files: directories are walked in a deterministic order,
// `.evidentignore` files (gitignore syntax) are honoured, node_modules/.git/.terraform are skipped.
import { promises as fsp } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { InputError } from "./types.js";
import { describeFsError } from "./read.js";

export const IGNORE_FILE = ".evidentignore";
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(["node_modules", ".git", ".terraform"]);
/** Files a directory walk picks up; explicitly named files are read whatever their name. */
export const CANDIDATE_FILE = /\.(json|ya?ml|jsonl|ndjson)(\.gz)?$/i;

export interface WalkOptions {
  /** Name of the ignore files looked for in walked directories (default `.evidentignore`). */
  ignoreFileName?: string;
  /** An additional ignore file; its patterns are relative to its own directory. */
  ignoreFile?: string;
  /** Directory whose ignore file also applies to paths beneath it (default process.cwd()). */
  cwd?: string;
}

export interface WalkedFile {
  path: string;
  /** Named on the command line (not found by walking a directory). */
  explicit: boolean;
}

export interface Skipped {
  file: string;
  reason: string;
}

export interface WalkResult {
  files: WalkedFile[];
  errors: InputError[];
  skipped: Skipped[];
}

interface Matcher {
  base: string;
  ig: Ignore;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

async function loadIgnore(file: string, errors: InputError[]): Promise<Ignore | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    errors.push({ file, message: `cannot read ignore file: ${describeFsError(e)}` });
    return undefined;
  }
  return ignore().add(text);
}

function isIgnored(matchers: readonly Matcher[], abs: string, isDir: boolean): boolean {
  for (let i = matchers.length - 1; i >= 0; i--) {
    const m = matchers[i]!;
    const rel = relative(m.base, abs);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) continue;
    const r = m.ig.test(toPosix(rel) + (isDir ? "/" : ""));
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

/** Expands files and directories into the files to read, in a deterministic order. Never throws. */
export async function walkPaths(paths: readonly string[], opts: WalkOptions = {}): Promise<WalkResult> {
  const result: WalkResult = { files: [], errors: [], skipped: [] };
  const ignoreName = opts.ignoreFileName ?? IGNORE_FILE;
  const cwd = resolve(opts.cwd ?? process.cwd());
  const base: Matcher[] = [];
  if (opts.ignoreFile) {
    const ig = await loadIgnore(opts.ignoreFile, result.errors);
    if (ig) base.push({ base: resolve(opts.ignoreFile, ".."), ig });
    else if (!result.errors.some((e) => e.file === opts.ignoreFile)) result.errors.push({ file: opts.ignoreFile, message: "ignore file not found" });
  }
  const seen = new Set<string>();

  for (const p of paths) {
    let st;
    try {
      st = await fsp.stat(p);
    } catch (e) {
      result.errors.push({ file: p, message: describeFsError(e) });
      continue;
    }
    const abs = resolve(p);
    if (st.isFile()) {
      if (!seen.has(abs)) {
        seen.add(abs);
        result.files.push({ path: p, explicit: true });
      }
      continue;
    }
    if (!st.isDirectory()) {
      result.errors.push({ file: p, message: "is neither a file nor a directory" });
      continue;
    }
    // Ignore files of the directories between cwd and the walked root apply too (as with git).
    const matchers = [...base];
    const relToCwd = relative(cwd, abs);
    if (!relToCwd.startsWith("..") && !isAbsolute(relToCwd)) {
      const parts = relToCwd === "" ? [] : relToCwd.split(sep);
      let dir = cwd;
      for (let i = 0; i < parts.length; i++) {
        const ig = await loadIgnore(join(dir, ignoreName), result.errors);
        if (ig) matchers.push({ base: dir, ig });
        dir = join(dir, parts[i]!);
      }
    }
    await walkDir(p, abs, matchers, ignoreName, result, seen, 0);
  }
  return result;
}

async function walkDir(
  dir: string,
  abs: string,
  parentMatchers: Matcher[],
  ignoreName: string,
  result: WalkResult,
  seen: Set<string>,
  depth: number,
): Promise<void> {
  if (depth > 64) {
    result.errors.push({ file: dir, message: "directory nesting deeper than 64 levels; not walked further" });
    return;
  }
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (e) {
    result.errors.push({ file: dir, message: describeFsError(e) });
    return;
  }
  const matchers = [...parentMatchers];
  if (entries.some((e) => e.name === ignoreName)) {
    const ig = await loadIgnore(join(dir, ignoreName), result.errors);
    if (ig) matchers.push({ base: abs, ig });
  }
  if (dir !== "." && abs.endsWith(`${sep}templates`) && entries.length > 0) {
    if (await exists(join(abs, "..", "Chart.yaml"))) {
      result.skipped.push({ file: dir, reason: "Helm chart templates are not manifests; scan `helm template` output instead" });
      return;
    }
  }
  entries.sort((a, b) => byCodeUnit(a.name, b.name));
  for (const ent of entries) {
    const childPath = join(dir, ent.name);
    const childAbs = join(abs, ent.name);
    let isDir = ent.isDirectory();
    let isFile = ent.isFile();
    if (ent.isSymbolicLink()) {
      try {
        const st = await fsp.stat(childAbs);
        if (st.isDirectory()) {
          if (!isIgnored(matchers, childAbs, true)) result.skipped.push({ file: childPath, reason: "symbolic link to a directory (not followed)" });
          continue;
        }
        isFile = st.isFile();
        isDir = false;
      } catch {
        result.skipped.push({ file: childPath, reason: "dangling symbolic link" });
        continue;
      }
    }
    if (isDir) {
      if (SKIPPED_DIRS.has(ent.name)) continue;
      if (isIgnored(matchers, childAbs, true)) continue;
      await walkDir(childPath, childAbs, matchers, ignoreName, result, seen, depth + 1);
    } else if (isFile) {
      if (ent.name === ignoreName || !CANDIDATE_FILE.test(ent.name)) continue;
      if (isIgnored(matchers, childAbs, false)) continue;
      if (seen.has(childAbs)) continue;
      seen.add(childAbs);
      result.files.push({ path: childPath, explicit: false });
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}
