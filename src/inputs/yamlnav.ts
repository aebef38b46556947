// Field paths (`spec.template.spec.containers[0].image`, `metadata.annotations["a.b/c"]`) and finding
// them in a parsed YAML (or JSON, which is YAML) document to report a line.
import { isMap, isScalar, isSeq, isAlias, type Document, type Node } from "yaml";

export type PathSegment = string | number;

/**
 * Splits a field path into segments. Accepts dots, `[0]` indexes, `["quoted.key"]` / `['quoted']`
 * keys, and a leading `$.`/`.`. Returns [] for an empty path.
 */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  const n = path.length;
  if (path.startsWith("$")) i = 1;
  while (i < n) {
    const c = path[i]!;
    if (c === ".") {
      i++;
      continue;
    }
    if (c === "[") {
      const close = path.indexOf("]", i);
      const q = path[i + 1];
      if (q === '"' || q === "'") {
        // quoted key: find the matching quote followed by ]
        let j = i + 2;
        let key = "";
        while (j < n && path[j] !== q) {
          if (path[j] === "\\" && j + 1 < n) {
            key += path[j + 1];
            j += 2;
          } else key += path[j++];
        }
        out.push(key);
        i = path.indexOf("]", j) + 1 || n;
        continue;
      }
      if (close < 0) {
        out.push(path.slice(i + 1));
        break;
      }
      const inner = path.slice(i + 1, close).trim();
      out.push(/^[0-9]+$/.test(inner) ? Number(inner) : inner);
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < n && path[j] !== "." && path[j] !== "[") j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}

/** Formats segments back into a path (`a.b[0]["x.y"]`). */
export function formatPath(segments: readonly PathSegment[]): string {
  let s = "";
  for (const seg of segments) {
    if (typeof seg === "number") s += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) s += s === "" ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

/**
 * Offset in the source of the deepest node along `segments` (the key of a map entry, the start of a
 * sequence item). Missing segments stop the walk: the position of the deepest existing ancestor is
 * returned, so a finding about an absent field points at its parent.
 */
export function nodeOffset(doc: Document, segments: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const seg of segments) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key;
        const kv = isScalar(k) ? k.value : k;
        return kv === seg || String(kv) === String(seg);
      });
      if (!pair) break;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const idx = typeof seg === "number" ? seg : /^[0-9]+$/.test(seg) ? Number(seg) : -1;
      const item = idx >= 0 ? node.items[idx] : undefined;
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function rangeStart(n: unknown): number | undefined {
  const r = (n as Node | undefined)?.range;
  return r ? r[0] : undefined;
}
