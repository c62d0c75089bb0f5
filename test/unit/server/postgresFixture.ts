import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import type { PostgresLocation } from '../../../src/server/store/openStore';

/**
 * The real PostgreSQL the tests run against. The unit tier (test/harness/run-unit.mjs)
 * starts one and passes its URL in INCIDENT_DESK_TEST_DATABASE_URL; a test file run on
 * its own starts one itself through the same harness module. Either way these tests
 * never skip: a PostgreSQL that cannot be started fails them.
 */
export const TEST_DATABASE_URL_ENV = 'INCIDENT_DESK_TEST_DATABASE_URL';

const HARNESS = path.resolve(__dirname, '../../../../test/harness/postgres.mjs');

let shared: Promise<string> | undefined;
let ownServer: { stop(): Promise<void> } | undefined;

export function testDatabaseUrl(): Promise<string> {
  shared ??= (async () => {
    const fromTier = process.env[TEST_DATABASE_URL_ENV];
    if (fromTier) return fromTier;
    const harness = (await import(pathToFileURL(HARNESS).href)) as { startPostgres(): Promise<{ url: string; stop(): Promise<void> }> };
    const started = await harness.startPostgres();
    ownServer = started;
    return started.url;
  })();
  return shared;
}

after(async () => {
  await ownServer?.stop();
});

let counter = 0;

/** A fresh, empty database on the test server; `drop()` removes it (connections included). */
export async function createEmptyDatabase(): Promise<PostgresLocation & { url: string; name: string; drop(): Promise<void> }> {
  const url = await testDatabaseUrl();
  const name = `t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  await admin(url, `CREATE DATABASE ${name} TEMPLATE template0`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    name,
    connectionString: target.toString(),
    drop: () => admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Runs SQL on the given database with its own short-lived connection. */
export async function sql<R extends object = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function admin(url: string, text: string): Promise<void> {
  await sql(url, text);
}

/** The same URL without its password, and the password apart: how `serve --database-url` takes them. */
export function splitPassword(url: string): { url: string; password: string } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), password };
}
