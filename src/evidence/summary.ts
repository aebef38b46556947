// Totals of a period, per decision and per control, computed from records (and the control catalog).
// The same function feeds the signed predicate, the HTML report and the OSCAL results, and the
// verifier recomputes it from the bundle's records: "report totals match the records".
import { DECISIONS, isFindingWaived, type Decision, type EvidenceRecord } from "./record.js";

export type DecisionCounts = Record<Decision, number>;

export interface ControlStats {
  control: string;
  title: string;
  /** records whose subject kind is in the control's scope (catalog), or that have a finding on it */
  evaluated: number;
  decisions: DecisionCounts;
  /** findings on this control not waived by an active exception */
  failures: number;
  /** findings on this control waived by an active exception */
  waived: number;
}

export interface Summary {
  totals: { records: number; decisions: DecisionCounts; findings: number; failures: number; waived: number };
  controls: ControlStats[];
}

export interface CatalogLike {
  frameworks?: { id: string; controls?: { id: string; title?: string }[] }[];
  checks?: { id: string; kind?: string; kinds?: string[]; controls?: string[] }[];
}

export function emptyDecisions(): DecisionCounts {
  return Object.fromEntries(DECISIONS.map((d) => [d, 0])) as DecisionCounts;
}

export function controlTitles(catalog: CatalogLike | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of catalog?.frameworks ?? []) for (const c of f.controls ?? []) m.set(`${f.id}:${c.id}`, c.title ?? "");
  return m;
}

/** subject kind -> controls of the catalog checks that apply to that kind */
function scopes(catalog: CatalogLike | undefined): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const ch of catalog?.checks ?? []) {
    const kinds = ch.kinds ?? (ch.kind ? [ch.kind] : []);
    for (const k of kinds) {
      let s = m.get(k);
      if (!s) m.set(k, (s = new Set()));
      for (const c of ch.controls ?? []) s.add(c);
    }
  }
  return m;
}

export function computeSummary(records: Iterable<EvidenceRecord>, opts: { catalog?: CatalogLike; controls?: string[] | null } = {}): Summary {
  const titles = controlTitles(opts.catalog);
  const scope = scopes(opts.catalog);
  const only = opts.controls && opts.controls.length ? new Set(opts.controls) : undefined;
  const totals = { records: 0, decisions: emptyDecisions(), findings: 0, failures: 0, waived: 0 };
  const per = new Map<string, ControlStats>();
  const stats = (c: string): ControlStats => {
    let s = per.get(c);
    if (!s) per.set(c, (s = { control: c, title: titles.get(c) ?? "", evaluated: 0, decisions: emptyDecisions(), failures: 0, waived: 0 }));
    return s;
  };
  if (only) for (const c of only) stats(c);
  for (const r of records) {
    totals.records++;
    totals.decisions[r.decision]++;
    const touched = new Set<string>(scope.get(r.subject.kind) ?? []);
    for (const f of r.findings) {
      const waived = isFindingWaived(r, f);
      totals.findings++;
      if (waived) totals.waived++;
      else totals.failures++;
      for (const c of f.controls) {
        touched.add(c);
        if (only && !only.has(c)) continue;
        if (waived) stats(c).waived++;
        else stats(c).failures++;
      }
    }
    for (const c of touched) {
      if (only && !only.has(c)) continue;
      const s = stats(c);
      s.evaluated++;
      s.decisions[r.decision]++;
    }
  }
  const controls = [...per.values()].sort((a, b) => (a.control < b.control ? -1 : a.control > b.control ? 1 : 0));
  return { totals, controls };
}

/** Failures and waived findings of a control per UTC day, for the report's trend chart. */
export function dailyTrend(records: readonly EvidenceRecord[], control: string, from: Date, to: Date): { day: string; failures: number; waived: number; evaluated: number }[] {
  const days: string[] = [];
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = start; t <= to.getTime() && days.length < 400; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  const idx = new Map(days.map((d, i) => [d, i]));
  const out = days.map((day) => ({ day, failures: 0, waived: 0, evaluated: 0 }));
  for (const r of records) {
    const i = idx.get(r.time.slice(0, 10));
    if (i === undefined) continue;
    let hit = false;
    for (const f of r.findings) {
      if (!f.controls.includes(control)) continue;
      hit = true;
      if (isFindingWaived(r, f)) out[i]!.waived++;
      else out[i]!.failures++;
    }
    if (hit) out[i]!.evaluated++;
  }
  return out;
}
