// CloudTrail log files as CloudTrail delivers them to S3, read from a directory (a synced bucket):
//   AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<id>.json.gz
//   AWSLogs/<organization id>/<account>/CloudTrail/<region>/...   (organization trails)
// One unit per account and region. The checkpoint keeps the files done for the days that may still
// receive files (the last two) and the day before which everything is done. Files are read through
// src/inputs, so every record of a file is the document `evident scan` makes of it.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { actorFromUserIdentity } from "../../evidence/index.js";
import { formatInputError, loadFile } from "../../inputs/index.js";
import type { CloudTrailFilesSourceConfig } from "../config-schema.js";
import type { EvalItem, ScannerSource, Unit, UnitContext, UnitResult } from "../types.js";

export interface CloudTrailFilesState {
  /** Every day before this one ("YYYY/MM/DD") is done. */
  closedBefore?: string;
  /** Files done, per day. */
  files: Record<string, string[]>;
}

const FILE_BATCH = 500;

async function dirs(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

function previousDay(day: string): string {
  const d = new Date(`${day.replace(/\//g, "-")}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10).replace(/-/g, "/");
}

export class CloudTrailFilesSource implements ScannerSource<CloudTrailFilesState> {
  readonly type = "cloudtrail-files";
  readonly name: string;
  private readonly dirOf = new Map<string, string>();

  constructor(private readonly cfg: CloudTrailFilesSourceConfig) {
    this.name = cfg.name;
  }

  async units(): Promise<Unit[]> {
    const root = join(this.cfg.path, "AWSLogs");
    const found: { account: string; region: string; dir: string }[] = [];
    const regionsUnder = async (accountDir: string, account: string) => {
      for (const region of await dirs(join(accountDir, "CloudTrail"))) found.push({ account, region, dir: join(accountDir, "CloudTrail", region) });
    };
    for (const top of await dirs(root)) {
      if (/^[0-9]{12}$/.test(top)) await regionsUnder(join(root, top), top);
      else if (/^o-[a-z0-9]+$/.test(top)) for (const acc of await dirs(join(root, top))) if (/^[0-9]{12}$/.test(acc)) await regionsUnder(join(root, top, acc), acc);
    }
    const units: Unit[] = [];
    for (const f of found) {
      if (this.cfg.accounts && !this.cfg.accounts.includes(f.account)) continue;
      if (this.cfg.regions && !this.cfg.regions.includes(f.region)) continue;
      const key = `${this.name}/${f.account}/${f.region}`;
      if (this.dirOf.has(key) && this.dirOf.get(key) !== f.dir) continue; // same account in both layouts: the first one
      this.dirOf.set(key, f.dir);
      units.push({ key, refPrefix: `${this.name}:${f.account}/${f.region}/`, label: `${f.account}/${f.region}` });
    }
    return units;
  }

  async runUnit(unit: Unit, ctx: UnitContext<CloudTrailFilesState>): Promise<UnitResult> {
    const dir = this.dirOf.get(unit.key)!;
    const state: CloudTrailFilesState = ctx.state ? structuredClone(ctx.state) : { files: {} };
    const days: string[] = [];
    for (const y of await dirs(dir)) for (const m of await dirs(join(dir, y))) for (const d of await dirs(join(dir, y, m))) days.push(`${y}/${m}/${d}`);
    const warnings: string[] = [];
    let items = 0;
    for (const day of days) {
      if (state.closedBefore && day < state.closedBefore) continue;
      const done = new Set(state.files[day] ?? []);
      const names = (await readdir(join(dir, day))).filter((n) => /\.json(\.gz)?$/.test(n) && !done.has(n)).sort();
      for (const name of names) {
        if (ctx.signal.aborted) {
          await ctx.save(state, { force: true });
          return { items, interrupted: true, warnings };
        }
        const loaded = await loadFile(join(dir, day, name), { source: "scanner" });
        warnings.push(...loaded.errors.map(formatInputError));
        const docs = loaded.documents.filter((d) => d.kind === "cloudtrail");
        for (let i = 0; i < docs.length; i += FILE_BATCH) {
          const batch: EvalItem[] = docs.slice(i, i + FILE_BATCH).map((doc) => {
            const event = (doc.input as { event: Record<string, unknown> }).event;
            return { doc, reference: `${unit.refPrefix}${day}/${name}#${doc.index}`, actor: actorFromUserIdentity(event.userIdentity) };
          });
          await ctx.record(batch);
          items += batch.length;
        }
        (state.files[day] ??= []).push(name);
        await ctx.save(state);
      }
    }
    if (days.length) {
      // Days before the last two can receive no more files: close them.
      const closed = previousDay(days[days.length - 1]!);
      state.closedBefore = state.closedBefore && state.closedBefore > closed ? state.closedBefore : closed;
      for (const day of Object.keys(state.files)) if (day < state.closedBefore) delete state.files[day];
    }
    await ctx.save(state, { force: true });
    return { items, warnings };
  }
}
