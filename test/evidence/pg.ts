// PostgreSQL of the development and CI machines: 127.0.0.1:5432, trust auth, database `test`.
// Each test file makes its own schema and application role and drops them afterwards.
// There is no skip: when the server is unreachable the suite fails.
import pg from "pg";
import net from "node:net";
import { randomBytes } from "node:crypto";
import { migrate } from "../../src/evidence/pglog/migrate.js";

export const PG_HOST = process.env.PGHOST_TEST ?? "127.0.0.1";
export const PG_PORT = 5432;
export const PG_DB = "test";
export const ADMIN_URL = `postgres://postgres@${PG_HOST}:${PG_PORT}/${PG_DB}`;

export interface PgFixture {
  schema: string;
  appRole: string;
  appUrl: string;
  admin: pg.Client;
  drop(): Promise<void>;
}

export async function setupPg(): Promise<PgFixture> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is required on ${PG_HOST}:${PG_PORT} (database ${PG_DB}, trust auth) and is not reachable: ${(e as Error).message}`);
  }
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const schema = `ev_test_${id}`;
  const appRole = `ev_app_${id}`;
  await admin.query(`CREATE ROLE "${appRole}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
  await admin.query(`GRANT CONNECT ON DATABASE "${PG_DB}" TO "${appRole}"`);
  await migrate({ client: admin, schema, appRole });
  return {
    schema,
    appRole,
    appUrl: `postgres://${appRole}@${PG_HOST}:${PG_PORT}/${PG_DB}`,
    admin,
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.query(`DROP OWNED BY "${appRole}"`);
      await admin.query(`DROP ROLE IF EXISTS "${appRole}"`);
      await admin.end();
    },
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Starts forwarding 127.0.0.1:port to the real server (the database "comes back" on that address). */
export async function forwardToPg(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((client) => {
    const upstream = net.connect(PG_PORT, PG_HOST);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((r) => srv.listen(port, "127.0.0.1", r));
  return {
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}
