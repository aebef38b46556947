// SQL of the PostgreSQL backend: batched inserts (one statement per group commit) and reads.
import pg from "pg";
import type { SignedCheckpoint } from "../checkpoint.js";
import type { EvidenceRecord } from "../record.js";
import { quoteIdent } from "./migrate.js";

export class PgStore {
  readonly s: string;
  constructor(
    readonly pool: pg.Pool,
    schema: string,
  ) {
    this.s = quoteIdent(schema, "schema");
  }

  /** One INSERT for the whole batch: atomic, and durable when it returns (synchronous commit). */
  async insertRecords(records: readonly EvidenceRecord[], opts: { skipExisting?: boolean } = {}): Promise<void> {
    if (records.length === 0) return;
    const cols: [string[], string[], string[], string[], string[], string[], string[]] = [[], [], [], [], [], [], []];
    for (const r of records) {
      cols[0].push(r.chain);
      cols[1].push(String(r.seq));
      cols[2].push(r.id);
      cols[3].push(r.time);
      cols[4].push(r.prevHash);
      cols[5].push(r.hash);
      cols[6].push(JSON.stringify(r));
    }
    await this.pool.query(
      `INSERT INTO ${this.s}.evidence_records (chain, seq, id, time, prev_hash, hash, body)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
       ${opts.skipExisting ? "ON CONFLICT DO NOTHING" : ""}`,
      cols,
    );
  }

  async insertCheckpoint(cp: SignedCheckpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.evidence_checkpoints (chain, from_seq, to_seq, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [cp.body.chain, cp.body.fromSeq, cp.body.toSeq, JSON.stringify(cp)],
    );
  }

  async maxSeq(chain: string): Promise<number> {
    const r = await this.pool.query<{ m: string | null }>(`SELECT max(seq)::text AS m FROM ${this.s}.evidence_records WHERE chain = $1`, [chain]);
    return r.rows[0]?.m ? Number(r.rows[0].m) : 0;
  }

  async head(chain: string): Promise<{ seq: number; hash: string } | undefined> {
    const r = await this.pool.query<{ seq_text: string; hash: string }>(
      `SELECT seq::text AS seq_text, hash FROM ${this.s}.evidence_records WHERE chain = $1 ORDER BY seq DESC LIMIT 1`,
      [chain],
    );
    const row = r.rows[0];
    return row ? { seq: Number(row.seq_text), hash: row.hash } : undefined;
  }
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** True for errors that mean "the database is not reachable now", as opposed to a refused statement. */
export function isUnavailable(e: unknown): boolean {
  if (!e || typeof e !== "object") return false;
  const err = e as { code?: string; message?: string; errors?: unknown[] };
  if (err.code && CONNECTION_CODES.has(err.code)) return true;
  if (err.code && (/^08/.test(err.code) || err.code === "57P01" || err.code === "57P02" || err.code === "57P03")) return true;
  if (Array.isArray(err.errors) && err.errors.some(isUnavailable)) return true; // AggregateError (IPv4 + IPv6)
  const m = err.message ?? "";
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(m);
}
