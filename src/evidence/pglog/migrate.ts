// The PostgreSQL schema of the decision log. Run once by an administrator (the owner):
//   - tables of records and checkpoints, keyed by (chain, seq)
//   - the application role may SELECT and INSERT, nothing else
//   - triggers refuse UPDATE, DELETE and TRUNCATE for everyone, the owner included, and refuse an
//     INSERT that does not continue its chain (seq n must carry the hash of seq n-1 as prev_hash).
import pg from "pg";
import { EvidenceError } from "../errors.js";

export const MIGRATION_VERSION = 1;

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteIdent(name: string, what: string): string {
  if (!IDENT.test(name)) throw new EvidenceError("CONFIG_INVALID", `${what} ${JSON.stringify(name)} must match ${IDENT.source}`);
  return `"${name}"`;
}

export function migrationSql(schema: string, appRole?: string): string {
  const s = quoteIdent(schema, "schema");
  const role = appRole ? quoteIdent(appRole, "application role") : undefined;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.evidence_records (
  chain       text        NOT NULL,
  seq         bigint      NOT NULL CHECK (seq >= 1),
  id          uuid        NOT NULL UNIQUE,
  time        timestamptz NOT NULL,
  prev_hash   text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash        text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  body        text        NOT NULL,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chain, seq)
);
CREATE INDEX IF NOT EXISTS evidence_records_time ON ${s}.evidence_records (time);

CREATE TABLE IF NOT EXISTS ${s}.evidence_checkpoints (
  chain       text        NOT NULL,
  from_seq    bigint      NOT NULL,
  to_seq      bigint      NOT NULL,
  body        text        NOT NULL,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chain, to_seq)
);

CREATE TABLE IF NOT EXISTS ${s}.evidence_migrations (
  version     integer     PRIMARY KEY,
  applied_at  timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION ${s}.evidence_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'evidence is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE OR REPLACE FUNCTION ${s}.evidence_check_link() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.seq = 1 THEN
    IF NEW.prev_hash <> repeat('0', 64) THEN
      RAISE EXCEPTION 'chain % seq 1 must start at the genesis hash', NEW.chain USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  ELSE
    PERFORM 1 FROM ${s}.evidence_records r WHERE r.chain = NEW.chain AND r.seq = NEW.seq - 1 AND r.hash = NEW.prev_hash;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'chain % seq % does not continue seq %', NEW.chain, NEW.seq, NEW.seq - 1 USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;

DROP TRIGGER IF EXISTS evidence_records_no_update ON ${s}.evidence_records;
CREATE TRIGGER evidence_records_no_update BEFORE UPDATE OR DELETE ON ${s}.evidence_records
  FOR EACH ROW EXECUTE FUNCTION ${s}.evidence_refuse_change();
DROP TRIGGER IF EXISTS evidence_records_no_truncate ON ${s}.evidence_records;
CREATE TRIGGER evidence_records_no_truncate BEFORE TRUNCATE ON ${s}.evidence_records
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.evidence_refuse_change();
DROP TRIGGER IF EXISTS evidence_records_link ON ${s}.evidence_records;
CREATE TRIGGER evidence_records_link BEFORE INSERT ON ${s}.evidence_records
  FOR EACH ROW EXECUTE FUNCTION ${s}.evidence_check_link();

DROP TRIGGER IF EXISTS evidence_checkpoints_no_update ON ${s}.evidence_checkpoints;
CREATE TRIGGER evidence_checkpoints_no_update BEFORE UPDATE OR DELETE ON ${s}.evidence_checkpoints
  FOR EACH ROW EXECUTE FUNCTION ${s}.evidence_refuse_change();
DROP TRIGGER IF EXISTS evidence_checkpoints_no_truncate ON ${s}.evidence_checkpoints;
CREATE TRIGGER evidence_checkpoints_no_truncate BEFORE TRUNCATE ON ${s}.evidence_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.evidence_refuse_change();

REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM PUBLIC;
${
  role
    ? `GRANT USAGE ON SCHEMA ${s} TO ${role};
REVOKE ALL ON ${s}.evidence_records, ${s}.evidence_checkpoints, ${s}.evidence_migrations FROM ${role};
GRANT SELECT, INSERT ON ${s}.evidence_records, ${s}.evidence_checkpoints TO ${role};
GRANT SELECT ON ${s}.evidence_migrations TO ${role};`
    : ""
}
INSERT INTO ${s}.evidence_migrations (version) VALUES (${MIGRATION_VERSION}) ON CONFLICT DO NOTHING;
`;
}

/** Applies the migration in one transaction, as the connecting (owner) role. */
export async function migrate(opts: { connectionString?: string; client?: pg.ClientBase; schema?: string; appRole?: string }): Promise<void> {
  const schema = opts.schema ?? "evident";
  const own = !opts.client;
  const client = opts.client ?? new pg.Client({ connectionString: opts.connectionString });
  if (own) await (client as pg.Client).connect();
  try {
    await client.query("BEGIN");
    await client.query(migrationSql(schema, opts.appRole));
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    if (own) await (client as pg.Client).end();
  }
}
