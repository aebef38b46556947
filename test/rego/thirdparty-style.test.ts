// Small Rego test suites written in the style of public policy libraries (Gatekeeper's library, conftest
// policies, Trivy's checks, Regula, the OPA library), run through the real `evident test` runner. Each
// suite is our own code; each exercises idioms those libraries rely on, so a regression shows up here
// before it shows up as a third-party suite that stops passing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTests, type TestResult } from "../../src/engine/test-runner.js";
import { OPA_BUILTINS } from "../../src/rego/registry.js";

const root = mkdtempSync(join(tmpdir(), "evident-thirdparty-style-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** Writes the files of one suite into a fresh directory and runs its tests. */
function run(files: Record<string, string>, regoVersion: 0 | 1): TestResult[] {
  const dir = join(root, `suite${n++}`);
  for (const [name, text] of Object.entries(files)) {
    const f = join(dir, name);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, text);
  }
  return runTests({ paths: [dir], regoVersion, builtins: OPA_BUILTINS });
}

/** `data.pkg.test_name` -> status, with messages for anything that did not pass. */
function outcomes(results: TestResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.name.split(".").pop()!, r.status === "pass" || r.status === "skip" ? r.status : `${r.status}: ${r.message}`]));
}

function expectAllPass(results: TestResult[], count: number) {
  expect(Object.entries(outcomes(results)).filter(([, s]) => s !== "pass")).toEqual([]);
  expect(results).toHaveLength(count);
}

describe("third-party style suites through evident test", () => {
  it("v0 deny[msg] with a shared library, imports and `with input as`", () => {
    const results = run(
      {
        "lib/k8s.rego": `package lib.k8s

default is_admission = false

is_admission {
	input.request.kind.kind
}

object = input.request.object {
	is_admission
}

object = input {
	not is_admission
}

workloads = {"Deployment", "StatefulSet", "DaemonSet"}

pod_spec(o) = o.spec {
	o.kind == "Pod"
}

pod_spec(o) = o.spec.template.spec {
	workloads[o.kind]
}

containers[c] {
	c := pod_spec(object).containers[_]
}

containers[c] {
	c := pod_spec(object).initContainers[_]
}

has_field(obj, field) {
	obj[field]
}

has_field(obj, field) = false {
	not obj[field]
}
`,
        "policy/images.rego": `package images

import data.lib.k8s

deny[msg] {
	c := k8s.containers[_]
	endswith(c.image, ":latest")
	msg := sprintf("container %v uses the latest tag", [c.name])
}

deny[msg] {
	c := k8s.containers[_]
	not contains(c.image, ":")
	msg = sprintf("container %v has no tag", [c.name])
}

warn[msg] {
	c := k8s.containers[_]
	not k8s.has_field(c, "resources")
	msg := sprintf("container %v has no resources", [c.name])
}
`,
        "policy/images_test.rego": `package images

pod(images) = {"kind": "Pod", "spec": {"containers": [{"name": sprintf("c%d", [i]), "image": img} | img := images[i]]}}

test_latest_denied {
	deny["container c0 uses the latest tag"] with input as pod(["nginx:latest"])
}

test_untagged_denied {
	deny["container c1 has no tag"] with input as pod(["nginx:1.25", "redis"])
}

test_tagged_allowed {
	count(deny) == 0 with input as pod(["nginx:1.25"])
}

test_deployment_template {
	count(deny) == 1 with input as {"kind": "Deployment", "spec": {"template": {"spec": {"initContainers": [{"name": "init", "image": "busybox"}]}}}}
}

test_admission_review {
	deny["container c0 uses the latest tag"] with input as {"request": {"kind": {"kind": "Pod"}, "object": pod(["a:latest"])}}
}

test_warn_without_resources {
	warn["container c0 has no resources"] with input as pod(["nginx:1.25"])
}

test_count_with_output_arg {
	count(deny, 2) with input as pod(["a:latest", "b"])
}

test_has_field_false {
	data.lib.k8s.has_field({"a": 1}, "b") == false
}

todo_test_not_written_yet {
	false
}
`,
      },
      0,
    );
    expect(outcomes(results)).toEqual({
      test_latest_denied: "pass",
      test_untagged_denied: "pass",
      test_tagged_allowed: "pass",
      test_deployment_template: "pass",
      test_admission_review: "pass",
      test_warn_without_resources: "pass",
      test_count_with_output_arg: "pass",
      test_has_field_false: "pass",
      todo_test_not_written_yet: "skip",
    });
  });

  it("v0 with future.keywords: some..in, every, contains/if, comprehensions and `not` on functions", () => {
    const results = run(
      {
        "limits.rego": `package k8slimits

import future.keywords.contains
import future.keywords.every
import future.keywords.if
import future.keywords.in

mem_multiple("Ki") := 1024
mem_multiple("Mi") := 1048576
mem_multiple("") := 1

suffix(s) := x if {
	some x in ["Ki", "Mi"]
	endswith(s, x)
} else := ""

canonify_mem(orig) := n if {
	is_number(orig)
	n := orig
}

canonify_mem(orig) := n if {
	is_string(orig)
	sfx := suffix(orig)
	raw := trim_suffix(orig, sfx)
	regex.match("^[0-9]+$", raw)
	n := to_number(raw) * mem_multiple(sfx)
}

exempt(c) if {
	some prefix in object.get(input, ["parameters", "exemptImages"], [])
	startswith(c.image, prefix)
}

violation contains {"msg": msg, "details": {"container": c.name}} if {
	some c in input.review.object.spec.containers
	not exempt(c)
	not canonify_mem(c.resources.limits.memory)
	msg := sprintf("container <%v> memory limit <%v> could not be parsed", [c.name, c.resources.limits.memory])
}

violation contains {"msg": msg} if {
	some c in input.review.object.spec.containers
	not exempt(c)
	canonify_mem(c.resources.limits.memory) > canonify_mem(input.parameters.memory)
	msg := sprintf("container <%v> memory limit is too high", [c.name])
}

all_limited if every c in input.review.object.spec.containers {
	c.resources.limits.memory
}

names := {c.name | some c in input.review.object.spec.containers}

by_name := {c.name: c.image | some c in input.review.object.spec.containers}
`,
        "limits_test.rego": `package k8slimits

import future.keywords.if
import future.keywords.in

review(cs) := {"object": {"spec": {"containers": cs}}}

ctr(name, mem) := {"name": name, "image": "nginx", "resources": {"limits": {"memory": mem}}}

test_under_limit if {
	inp := {"review": review([ctr("a", "1Ki")]), "parameters": {"memory": "1Mi"}}
	count(violation) == 0 with input as inp
}

test_over_limit if {
	inp := {"review": review([ctr("a", "2Mi"), ctr("b", 10)]), "parameters": {"memory": "1Mi"}}
	results := violation with input as inp
	count(results) == 1
	results[_].msg == "container <a> memory limit is too high"
}

test_unparsable if {
	inp := {"review": review([ctr("a", "lots")]), "parameters": {"memory": "1Mi"}}
	results := violation with input as inp
	some r in results
	r.details.container == "a"
}

test_exempt if {
	inp := {"review": review([ctr("a", "lots")]), "parameters": {"memory": "1Mi", "exemptImages": ["ngi"]}}
	count(violation) == 0 with input as inp
}

test_every if {
	all_limited with input as {"review": review([ctr("a", "1Ki")])}
	not all_limited with input as {"review": review([{"name": "b"}])}
}

test_comprehensions if {
	inp := {"review": review([ctr("a", 1), ctr("b", 2)])}
	names == {"a", "b"} with input as inp
	by_name == {"a": "nginx", "b": "nginx"} with input as inp
}

test_input_path_override if {
	count(violation) == 1 with input as {"review": review([ctr("a", "2Ki")]), "parameters": {"memory": "4Ki"}}
		with input.parameters.memory as "1Ki"
}

test_expected_to_fail if {
	count(violation) == 5 with input as {"review": review([]), "parameters": {}}
}
`,
      },
      0,
    );
    expect(outcomes(results)).toEqual({
      test_under_limit: "pass",
      test_over_limit: "pass",
      test_unparsable: "pass",
      test_exempt: "pass",
      test_every: "pass",
      test_comprehensions: "pass",
      test_input_path_override: "pass",
      test_expected_to_fail: "fail: undefined",
    });
  });

  it("v1 checks with result helpers, ref heads, function mocks and `with data`", () => {
    const results = run(
      {
        "lib/result.rego": `package lib.result

new(msg, cause) := {"msg": msg, "cause": object.get(cause, "__meta", {})}
`,
        "checks/s3.rego": `# METADATA
# title: S3 bucket encryption
# custom:
#   id: S3-001
package checks.s3

import data.lib.result

default encryption_required := true

encryption_required := data.config.require_encryption

deny contains res if {
	some name, bucket in input.buckets
	encryption_required
	not encrypted(bucket)
	res := result.new(sprintf("bucket %s is not encrypted", [name]), bucket)
}

encrypted(b) if b.encryption.enabled == true

encrypted(b) if b.sse_algorithm in {"AES256", "aws:kms"}

report.summary.failed := count(deny)

report.summary.checked := count(input.buckets)

now_year := time.date(time.now_ns())[0]
`,
        "checks/s3_test.rego": `package checks.s3_test

import data.checks.s3

buckets := {"logs": {"sse_algorithm": "AES256"}, "tmp": {"__meta": {"line": 3}}}

test_unencrypted_denied if {
	results := s3.deny with input.buckets as buckets
	some r in results
	r.msg == "bucket tmp is not encrypted"
	r.cause == {"line": 3}
}

test_config_off if {
	count(s3.deny) == 0 with input.buckets as buckets with data.config.require_encryption as false
}

test_ref_head_report if {
	s3.report == {"summary": {"failed": 1, "checked": 2}} with input.buckets as buckets
}

mock_new(msg, _) := {"msg": upper(msg)}

test_function_mock if {
	results := s3.deny with input.buckets as buckets with data.lib.result.new as mock_new
	some r in results
	r.msg == "BUCKET TMP IS NOT ENCRYPTED"
}

test_builtin_mock if {
	s3.now_year == 2001 with time.now_ns as 1000000000000000000
}

test_print_does_not_change_outcome if {
	print("buckets:", count(buckets))
	s3.encrypted({"encryption": {"enabled": true}})
}
`,
      },
      1,
    );
    expectAllPass(results, 6);
    expect(results.find((r) => r.name.endsWith("test_print_does_not_change_outcome"))!.output).toEqual(["buckets: 2"]);
  });

  it("v0 helpers with else chains, deprecated builtins and old-style output arguments", () => {
    const results = run(
      {
        "lib.rego": `package lib.judge

judgement(allows, denies) = ret {
	count(denies) > 0
	any(denies)
	ret := {"valid": false}
} else = ret {
	count(allows) > 0
	all(allows)
	ret := {"valid": true}
} else = {"valid": false, "error": "no decision"} {
	true
}

kinds = {k | input.resources[_]._type = t; split(t, "_", parts); k = parts[0]}

dedup(xs) = cast_set(xs)

ordered(s) = cast_array(s)

named(x) {
	re_match("^[a-z]+$", x)
}
`,
        "lib_test.rego": `package lib.judge

test_deny_wins {
	judgement([true], [true]) == {"valid": false}
}

test_allow {
	judgement([true, true], []) == {"valid": true}
}

test_else_constant {
	judgement([], []).error == "no decision"
}

test_output_arg_split {
	kinds == {"aws", "google"} with input as {"resources": [{"_type": "aws_s3"}, {"_type": "google_sql"}, {"_type": "aws_iam"}]}
}

test_cast_set {
	dedup([2, 1, 2]) == {1, 2}
}

test_cast_array {
	ordered({"b", "a"}) == ["a", "b"]
}

test_cast_type_error_is_undefined {
	not dedup("x")
}

test_re_match {
	named("abc")
	not named("a1")
}

test_set_diff {
	set_diff({1, 2, 3}, {2}) == {1, 3}
}
`,
      },
      0,
    );
    expectAllPass(results, 9);
  });

  it("reports failures and errors the way opa test does", () => {
    const results = run(
      {
        "p_test.rego": `package p

import rego.v1

x := 1

test_pass if x == 1

test_fail if x == 2

conflict := v if some v in input.vs

test_conflict_error if conflict with input.vs as [1, 2]

test_strict_object_get if object.get({"a": 1}, "a", 0) == 1
`,
      },
      1,
    );
    const o = outcomes(results);
    expect(o["test_pass"]).toBe("pass");
    expect(o["test_fail"]).toBe("fail: undefined");
    expect(o["test_conflict_error"]).toMatch(/^error: eval_conflict_error/);
    expect(o["test_strict_object_get"]).toBe("pass");
  });

  // Two styles that third-party suites use and that the compiler once rejected.
  it("v0 tests may declare a local named `input` (Gatekeeper's and konstraint's test style)", () => {
    const results = run(
      {
        "core.rego": `package lib.core

is_gk {
	input.review.object
}

has_field(obj, field) {
	not object.get(obj, field, "N_DEFINED") == "N_DEFINED"
}
`,
        "core_test.rego": `package lib.core

test_is_gk {
	input := {"review": {"object": {"kind": "Pod"}}}
	is_gk with input as input
}

test_local_input_as_argument {
	input := {"kind": "test"}
	has_field(input, "kind")
	not has_field(input, "abc")
}
`,
      },
      0,
    );
    expectAllPass(results, 2);
  });

  it("v0 chained rule bodies keep the head's arguments (`f(x) { a } { b }`, Regula's style)", () => {
    const results = run(
      {
        "w.rego": `package waivers

pattern_matches(pattern, value) {
	pattern == "*"
} {
	pattern == value
}

p[x] {
	x := 1
} {
	x := 2
}
`,
        "w_test.rego": `package waivers

test_wildcard {
	pattern_matches("*", "anything")
}

test_exact {
	pattern_matches("a", "a")
	not pattern_matches("a", "b")
}

test_partial_set {
	p == {1, 2}
}
`,
      },
      0,
    );
    expectAllPass(results, 3);
  });
});
