// Reads chains from PostgreSQL for export.
import pg from "pg";
import type { SignedCheckpoint } from "../checkpoint.js";
import type { LogReader } from "../log.js";
import type { EvidenceRecord } from "../record.js";
import { quoteIdent } from "./migrate.js";

const PAGE = 5000;

export class PgLogReader implements LogReader {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly s: string,
  ) {}

  static async open(cfg: { connectionString?: string; pool?: pg.PoolConfig; schema?: string }): Promise<PgLogReader> {
    const pool = new pg.Pool({ connectionString: cfg.connectionString, max: 2, ...cfg.pool });
    pool.on("error", () => undefined);
    return new PgLogReader(pool, quoteIdent(cfg.schema ?? "evident", "schema"));
  }

  async chains(): Promise<string[]> {
    const r = await this.pool.query<{ chain: string }>(`SELECT DISTINCT chain FROM ${this.s}.evidence_records ORDER BY chain`);
    return r.rows.map((x) => x.chain);
  }

  async *records(chain: string, around?: { from: Date; to: Date }): AsyncIterable<EvidenceRecord> {
    let lo = 1;
    let hi = Number.MAX_SAFE_INTEGER;
    if (around) {
      const r = await this.pool.query<{ lo: string | null; hi: string | null }>(
        `SELECT min(seq)::text AS lo, max(seq)::text AS hi FROM ${this.s}.evidence_records WHERE chain = $1 AND time BETWEEN $2 AND $3`,
        [chain, around.from.toISOString(), around.to.toISOString()],
      );
      if (!r.rows[0]?.lo) return;
      lo = Number(r.rows[0].lo);
      hi = Number(r.rows[0].hi);
    }
    for (let from = lo; from <= hi; ) {
      const r = await this.pool.query<{ body: string; seq_text: string }>(
        `SELECT body, seq::text AS seq_text FROM ${this.s}.evidence_records WHERE chain = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq LIMIT ${PAGE}`,
        [chain, from, hi],
      );
      for (const row of r.rows) yield JSON.parse(row.body) as EvidenceRecord;
      if (r.rows.length < PAGE) break;
      from = Number(r.rows[r.rows.length - 1]!.seq_text) + 1;
    }
  }

  async checkpoints(chain: string): Promise<SignedCheckpoint[]> {
    const r = await this.pool.query<{ body: string }>(`SELECT body FROM ${this.s}.evidence_checkpoints WHERE chain = $1 ORDER BY to_seq`, [chain]);
    return r.rows.map((x) => JSON.parse(x.body) as SignedCheckpoint);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
