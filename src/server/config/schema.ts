import * as path from 'node:path';
import type { Node } from 'yaml';
import { isTokenScope, tokenNameProblem } from '../auth/tokenNames';
import { alertsSection } from '../integrations/alertsConfig';
import { notifySection } from '../notify/config';
import { statusPageSection } from '../notify/statusPageConfig';
import { TOKEN_SCOPES, type TokenScope } from '../store/store';
import { parseDatabaseUrl } from '../store/postgres/connection';
import type { ReadContext } from './readContext';
import { readSecretReference, type SecretReference } from './secretReference';

/**
 * The server's configuration file (`incident-desk serve --config FILE`), one section
 * per top-level key. A section reads its own YAML and reports its own mistakes;
 * adding one (alerts:, notify:) is a new entry in SECTIONS, and a key that is no
 * section's is an error, so a typo never silently does nothing.
 *
 *   server:
 *     host: 127.0.0.1        # interface to bind
 *     port: 7070             # 0 picks a free one
 *     data: ./incident-data  # the SQLite folder, relative to this file
 *     # database: postgres://desk@db:5432/incident_desk   # or PostgreSQL (password from PGPASSWORD)
 *     demo: false            # seed demo incidents into an empty store
 *   tokens:                  # provisioned at every start (e.g. for bots)
 *     - name: alertmanager
 *       scope: integration
 *       secret: { env: ALERTMANAGER_TOKEN }   # or { file: /run/secrets/alertmanager }, mode 0600
 */
export interface ConfigSection<T> {
  /** One line for the README and for error messages. */
  description: string;
  /** Undefined when a problem was reported; the loader refuses the file then. */
  read(node: Node | null, ctx: ReadContext): T | undefined;
  /** The value when the file has no such key. */
  absent(): T;
}

export interface ServerSection {
  host?: string;
  port?: number;
  /** Absolute. */
  data?: string;
  /** A PostgreSQL URL without password (the password comes from PGPASSWORD). */
  database?: string;
  demo?: boolean;
}

export interface ProvisionedToken {
  name: string;
  scope: TokenScope;
  secret: SecretReference;
}

/** Tokens need the entropy of a generated one; a short shared password is not a bearer token. */
export const MIN_PROVISIONED_SECRET_LENGTH = 32;

const serverSection: ConfigSection<ServerSection> = {
  description: 'where the server listens and keeps its data (command-line flags override these)',
  absent: () => ({}),
  read(node, ctx) {
    const entries = ctx.mapping(node, 'server', ['host', 'port', 'data', 'database', 'demo']);
    if (!entries) return undefined;
    const section: ServerSection = {};
    const before = ctx.problems.length;
    if (entries.has('host')) section.host = ctx.string(entries.get('host'), 'server.host');
    if (entries.has('port')) section.port = ctx.integer(entries.get('port'), 'server.port', 0, 65535);
    if (entries.has('data')) {
      const data = ctx.string(entries.get('data'), 'server.data');
      if (data !== undefined) section.data = path.resolve(ctx.baseDir, data);
    }
    if (entries.has('database')) {
      const database = ctx.string(entries.get('database'), 'server.database');
      const problem = database === undefined ? undefined : databaseUrlProblem(database);
      if (problem) ctx.report(entries.get('database'), `server.database: ${problem}`);
      else if (database !== undefined) section.database = database;
      if (entries.has('data')) ctx.report(entries.get('database'), 'server.database (PostgreSQL) and server.data (SQLite) exclude each other; keep one.');
    }
    if (entries.has('demo')) section.demo = ctx.boolean(entries.get('demo'), 'server.demo');
    return ctx.problems.length === before ? section : undefined;
  },
};

/** Why a config file's database URL is unusable; a password would sit in a file that is not a secret. */
function databaseUrlProblem(text: string): string | undefined {
  try {
    const url = parseDatabaseUrl(text, 'the URL');
    if (url.password !== '') return 'must not contain a password; set PGPASSWORD in the environment instead.';
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const tokensSection: ConfigSection<ProvisionedToken[]> = {
  description: 'tokens whose secrets come from the environment or a 0600 file, created or updated at every start',
  absent: () => [],
  read(node, ctx) {
    const items = ctx.sequence(node, 'tokens');
    if (!items) return undefined;
    const before = ctx.problems.length;
    const tokens: ProvisionedToken[] = [];
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const where = `tokens[${i}]`;
      const entries = ctx.mapping(item, where, ['name', 'scope', 'secret']);
      if (!entries) return;
      const name = ctx.string(entries.get('name'), `${where}.name`);
      const problem = name === undefined ? undefined : tokenNameProblem(name);
      if (problem) ctx.report(entries.get('name'), problem);
      if (name !== undefined && seen.has(name)) ctx.report(entries.get('name'), `${where}.name '${name}' is listed twice.`);
      if (name !== undefined) seen.add(name);
      let scope: TokenScope = 'responder';
      if (entries.has('scope')) {
        const value = ctx.string(entries.get('scope'), `${where}.scope`);
        if (value !== undefined && isTokenScope(value)) scope = value;
        else if (value !== undefined) ctx.report(entries.get('scope'), `${where}.scope must be one of ${TOKEN_SCOPES.join(', ')}.`);
      }
      if (!entries.has('secret')) ctx.report(item, `${where} needs a secret: { env: VARIABLE } or { file: PATH }.`);
      const secret = entries.has('secret') ? readSecretReference(entries.get('secret'), `${where}.secret`, ctx) : undefined;
      if (name !== undefined && secret !== undefined) tokens.push({ name, scope, secret });
    });
    return ctx.problems.length === before ? tokens : undefined;
  },
};

export const SECTIONS = {
  server: serverSection,
  tokens: tokensSection,
  alerts: alertsSection,
  notify: notifySection,
  status_page: statusPageSection,
} satisfies Record<string, ConfigSection<unknown>>;

type SectionValue<S> = S extends ConfigSection<infer T> ? T : never;

/** The whole file, every section filled in (from the file or its `absent()` value). */
export type ServerConfig = { [K in keyof typeof SECTIONS]: SectionValue<(typeof SECTIONS)[K]> };
