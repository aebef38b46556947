// Micro-benchmark: opa_json_parse and opa_json_dump of a ~5 KB Kubernetes AdmissionReview in the
// Wasm runtime, against JSON.parse + JSON.stringify of the same text measured in the same run.
// Run: npm run build:runtime && npx tsx bench/runtime-json.ts
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WA } from "../test/wasm-api.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = join(root, "../shared/corpora/kubernetes/admissionreview/kubewarden__policies/echo/create_accept.json");
const text = readFileSync(file, "utf8");
const bytes = new TextEncoder().encode(text);

const memory = new WA.Memory({ initial: 5 });
const fail = () => {
  throw new Error("unexpected import call");
};
const { exports: x } = new WA.Instance(new WA.Module(readFileSync(join(root, "build/runtime.wasm"))), {
  env: { memory, opa_abort: fail, opa_println: fail, opa_builtin0: fail, opa_builtin1: fail, opa_builtin2: fail, opa_builtin3: fail, opa_builtin4: fail },
}) as unknown as { exports: Record<string, (...a: number[]) => number> };

const base = x.opa_heap_ptr_get();
const src = x.opa_malloc(bytes.length);
new Uint8Array(memory.buffer).set(bytes, src);
const afterInput = x.opa_heap_ptr_get();

// Sanity: the Wasm round trip means the same document.
const v0 = x.opa_json_parse(src, bytes.length);
const out0 = x.opa_json_dump(v0);
const mem = new Uint8Array(memory.buffer);
let end = out0;
while (mem[end] !== 0) end++;
if (JSON.stringify(JSON.parse(new TextDecoder().decode(mem.subarray(out0, end)))) !== JSON.stringify(sortKeys(JSON.parse(text)))) {
  throw new Error("Wasm round trip differs from the input document");
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

function timeUs(iters: number, fn: () => void): number {
  for (let i = 0; i < Math.min(2000, iters); i++) fn(); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1000 / iters;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const N = 20000;
let sink = 0;
const parseUs: number[] = [], dumpUs: number[] = [], bothUs: number[] = [], jsUs: number[] = [];
for (let round = 0; round < 5; round++) {
  parseUs.push(timeUs(N, () => {
    x.opa_heap_ptr_set(afterInput);
    sink ^= x.opa_json_parse(src, bytes.length);
  }));
  x.opa_heap_ptr_set(afterInput);
  const v = x.opa_json_parse(src, bytes.length);
  const mark = x.opa_heap_ptr_get();
  dumpUs.push(timeUs(N, () => {
    x.opa_heap_ptr_set(mark);
    sink ^= x.opa_json_dump(v);
  }));
  bothUs.push(timeUs(N, () => {
    x.opa_heap_ptr_set(afterInput);
    sink ^= x.opa_json_dump(x.opa_json_parse(src, bytes.length));
  }));
  jsUs.push(timeUs(N, () => {
    sink ^= JSON.stringify(JSON.parse(text)).length;
  }));
}
x.opa_heap_ptr_set(base);

const p = median(parseUs), d = median(dumpUs), both = median(bothUs), js = median(jsUs);
console.log(`input: ${file.slice(file.indexOf("corpora/"))} (${bytes.length} bytes), median of 5 rounds x ${N} iterations`);
console.log(`wasm opa_json_parse:              ${p.toFixed(2)} µs (best round ${Math.min(...parseUs).toFixed(2)} µs)`);
console.log(`wasm opa_json_dump:               ${d.toFixed(2)} µs`);
console.log(`wasm parse + dump:                ${both.toFixed(2)} µs`);
console.log(`js JSON.parse + JSON.stringify:   ${js.toFixed(2)} µs (baseline, same run)`);
console.log(`ratio wasm/js:                    ${(both / js).toFixed(2)}x`);
if (sink === 0.5) console.log(sink);
