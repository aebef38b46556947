// npm run bench:eval — evaluation through @open-policy-agent/opa-wasm of thirty Kubernetes checks
// (bench/fixtures/k8s-checks.rego) on a Pod AdmissionReview, against the same checks hand-written in
// TypeScript, in the same run; with where the time goes (input copy + JSON parse in Wasm + result
// dump, measured with a policy that ignores its input), and the shipped library's Kubernetes
// entrypoint when it is present.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine, POLICIES_DIR } from "../src/engine/engine.js";
import { LoadedPolicy } from "../src/engine/policy.js";
import { loadText } from "../src/inputs/index.js";
import { compileRego } from "../src/rego/compiler.js";
import { OPA_BUILTINS } from "../src/rego/registry.js";
import { denyTs } from "./fixtures/k8s-checks.js";
import { sample, us } from "./stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.env["N"] ?? 20000);
const review = JSON.parse(readFileSync(join(here, "fixtures/pod-admission-review.json"), "utf8"));
const bytes = new TextEncoder().encode(JSON.stringify(review));

const source = readFileSync(join(here, "fixtures/k8s-checks.rego"), "utf8");
const compiled = compileRego({ sources: [{ file: "k8s-checks.rego", source }, { file: "io.rego", source: "package bench.io\np := true\n" }], entrypoints: ["bench/k8s/deny", "bench/io/p"], builtins: OPA_BUILTINS });
const policy = new LoadedPolicy(compiled.wasm);

// The two implementations must agree before their speeds mean anything.
const wasmDeny = (policy.evaluate("bench/k8s/deny", bytes)[0]?.["result"] as string[]).slice().sort();
const tsDeny = denyTs(review);
if (JSON.stringify(wasmDeny) !== JSON.stringify(tsDeny)) {
  console.error("the Rego and TypeScript checks disagree:\n", JSON.stringify(wasmDeny, null, 1), "\n", JSON.stringify(tsDeny, null, 1));
  process.exit(1);
}
console.log(`30 checks, ${wasmDeny.length} violations on a ${bytes.length}-byte Pod AdmissionReview; ${N} evaluations each`);

const full = sample(() => policy.evaluate("bench/k8s/deny", bytes), N);
const io = sample(() => policy.evaluate("bench/io/p", bytes), N);
const ts = sample(() => denyTs(JSON.parse(new TextDecoder().decode(bytes))), N);
const json = sample(() => JSON.parse(JSON.stringify(review)), N);
console.log(`wasm (SDK evaluate, input as JSON bytes)   median ${us(full.median)}  p99 ${us(full.p99)}`);
console.log(`  of which input copy + Wasm JSON parse + dump (policy ignoring input)  median ${us(io.median)}`);
console.log(`  evaluation of the thirty checks            ~${us(full.median - io.median)}`);
console.log(`TypeScript twin (JSON.parse + checks)      median ${us(ts.median)}  p99 ${us(ts.p99)}`);
console.log(`baseline JSON.stringify + JSON.parse       median ${us(json.median)}`);
console.log(`ratio wasm/typescript ${(full.median / ts.median).toFixed(2)}   ratio wasm/JSON-roundtrip ${(full.median / json.median).toFixed(2)}`);

if (existsSync(join(POLICIES_DIR, "kubernetes")) && readdirSync(join(POLICIES_DIR, "kubernetes")).some((f) => f.endsWith(".rego"))) {
  const engine = await Engine.fromPolicies();
  const doc = loadText("review.json", JSON.stringify(review)).documents[0]!;
  const lib = sample(() => engine.evaluate(doc), Math.min(N, 5000));
  console.log(`shipped library (${engine.checks.filter((c) => c.kinds.includes("kubernetes")).length} Kubernetes checks) via Engine.evaluate  median ${us(lib.median)}  p99 ${us(lib.p99)}`);
}
