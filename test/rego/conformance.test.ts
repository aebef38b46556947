// OPA's conformance cases (../shared/conformance/opa) through our compiler and the Wasm SDK.
// The floors only rise: raise them when the compiler passes more.
import { describe, expect, it } from "vitest";
import { runConformance } from "../../src/engine/conformance.js";
import { CONFORMANCE } from "../shared.js";

/** Passed cases per category, measured 2026-11-23. */
const FLOORS: Record<string, number> = {
  aggregates: 50, arithmetic: 18, array: 11, base64builtins: 7, baseandvirtualdocs: 9, casts: 1, comparisonexpr: 14,
  completedoc: 12, comprehensions: 17, defaultkeyword: 5, disjunction: 9, elsekeyword: 8, eqexpr: 44, every: 35,
  functions: 27, globsmatch: 5, indirectreferences: 4, inputvalues: 3, jsonbuiltins: 6, jsonpatch: 5, negation: 4,
  nestedreferences: 12, netcidrcontains: 6, numbersrange: 2, objectfilter: 11, objectget: 16, objectremove: 15,
  objectunion: 8, partialobjectdoc: 12, partialsetdoc: 8, refheads: 29, regexmatch: 1, regexsplit: 2, semvercompare: 5,
  sets: 5, strings: 49, time: 23, typebuiltin: 17, typenamebuiltin: 6, union: 4, units: 95, virtualdocs: 54,
  walkbuiltin: 5, withkeyword: 70,
};
const TOTAL_FLOOR = 749;

describe("OPA conformance suite", () => {
  const { summary, results } = runConformance([CONFORMANCE]);

  it("passes at least the recorded number of cases overall", () => {
    const failures = results.filter((r) => r.outcome.status !== "passed").map((r) => `${r.case.note}: ${"reason" in r.outcome ? r.outcome.reason : ""}`);
    expect(summary.passed, failures.join("\n")).toBeGreaterThanOrEqual(TOTAL_FLOOR);
  });

  it.each(Object.entries(FLOORS))("category %s passes at least %i cases", (category, floor) => {
    expect(summary.byCategory[category]?.passed ?? 0).toBeGreaterThanOrEqual(floor);
  });

  it("counts every case exactly once", () => {
    const t = summary.byCategory;
    const sum = Object.values(t).reduce((a, c) => a + c.total, 0);
    expect(sum).toBe(summary.total);
    expect(summary.passed + summary.failed + summary.skipped).toBe(summary.total);
  });
});
