import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile } from '../../server/config/loader';
import { resolveTokenSecrets } from '../../server/config/provisionTokens';
import { resolveNotify } from '../../server/notify/config';
import { SecretError } from '../../server/config/secretReference';
import type { ServerConfig } from '../../server/config/schema';
import { DatabaseUrlError, DATABASE_URL_ENV, resolveDatabaseTarget, startServer, type PostgresTarget } from '../../server/index';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { cliVersion } from '../version';

const usage = `Usage: incident-desk serve [--config FILE] --port N --data DIR [--host H] [--demo]
       incident-desk serve [--config FILE] --port N --database-url postgres://USER@HOST:PORT/DB [--host H] [--demo]

Runs the Incident Desk API server until it gets SIGINT (Ctrl-C) or SIGTERM.
When it is ready it prints exactly one line on stdout:
  Incident Desk server listening on http://127.0.0.1:PORT

Options:
  --config F   YAML config file (server:, tokens:, alerts:; see README "Server configuration");
               checked at start, every mistake reported as FILE:LINE:COL: message.
               The flags below override its server: values.
  --port N     port to listen on; 0 picks a free one
  --data DIR   folder for the SQLite database (created when missing)
  --database-url URL
               a PostgreSQL database instead of SQLite; any number of servers
               (replicas) may share it. The password never goes in this argument
               (process lists show it): set PGPASSWORD, or put the whole URL,
               password included, in ${DATABASE_URL_ENV} and leave this out.
  --host H     interface to bind (default 127.0.0.1, this machine only)
  --demo       seed realistic demo incidents when the database is empty

Clients need a token: incident-desk token create --name NAME --data DIR (or --database-url URL)
The API contract is served at /v1/openapi.json.
`;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the incident API server (SQLite, or PostgreSQL for several replicas)',
  usage,
  run: async (args, io) => {
    const values = readArgs(args);
    const config = values.config === undefined ? undefined : readConfig(path.resolve(io.cwd, values.config), io);
    if (config === null) return 1;
    const fromFile = config?.server ?? {};
    const port = values.port === undefined && fromFile.port !== undefined ? fromFile.port : parsePort(values.port);
    let database: PostgresTarget | undefined;
    try {
      database = chooseDatabase(values, fromFile, io.env);
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error;
      io.stderr(`incident-desk serve: ${error.message} Not starting.\n`);
      return 1;
    }
    if (values['database-url'] !== undefined && values.data !== undefined) {
      throw new UsageError('--data (SQLite) and --database-url (PostgreSQL) exclude each other; give one');
    }
    const data = database ? undefined : (values.data ?? fromFile.data);
    if (!database && (data === undefined || data.trim() === '')) {
      throw new UsageError(`missing --data DIR (or server.data in the config file), or --database-url URL`);
    }
    const host = values.host ?? fromFile.host ?? '127.0.0.1';
    let tokens;
    let notify;
    try {
      tokens = resolveTokenSecrets(config?.tokens ?? [], io.env);
      notify = config && config.notify.channels.length > 0 ? resolveNotify(config.notify, io.env) : undefined;
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      io.stderr(`incident-desk serve: ${error.message} Not starting.\n`);
      return 1;
    }
    if (!isLoopback(host)) {
      io.stderr(`incident-desk serve: binding ${host} exposes the API beyond this machine; put TLS in front of it.\n`);
    }

    const server = await startServer({
      port,
      host,
      ...(database
        ? { database: { connectionString: database.connectionString, ...(database.password === undefined ? {} : { password: database.password }) } }
        : { dataDir: path.resolve(io.cwd, data ?? '') }),
      demo: values.demo || (fromFile.demo ?? false),
      tokens,
      ...(config ? { alertPolicy: config.alerts, statusPage: config.status_page } : {}),
      ...(notify ? { notify } : {}),
      version: cliVersion(),
      logger: {
        info: (message) => io.stderr(`${message}\n`),
        error: (message) => io.stderr(`${message}\n`),
      },
    });
    io.stdout(`Incident Desk server listening on ${server.url}\n`);

    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};

/** The validated file, or null after printing its problems one per line (so editors can jump to them). */
function readConfig(file: string, io: CliIo): ServerConfig | null {
  try {
    return loadConfigFile(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`${error.problems.join('\n')}\nincident-desk serve: ${error.problems.length} problem(s) in the config file; not starting.\n`);
    return null;
  }
}

function readArgs(args: string[]): { config?: string; port?: string; data?: string; 'database-url'?: string; host?: string; demo: boolean } {
  // A bad option throws ERR_PARSE_ARGS_*, which runCli reports as a usage error.
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean', default: false },
    },
  });
  return { ...values, demo: values.demo ?? false };
}

/**
 * Which store: command-line flags first (--data is SQLite, --database-url PostgreSQL),
 * then the config file (server.data or server.database), then INCIDENT_DESK_DATABASE_URL.
 */
function chooseDatabase(
  values: { data?: string; 'database-url'?: string },
  fromFile: { data?: string; database?: string },
  env: NodeJS.ProcessEnv,
): PostgresTarget | undefined {
  if (values['database-url'] !== undefined) return resolveDatabaseTarget(values['database-url'], env);
  if (values.data !== undefined) return undefined;
  if (fromFile.database !== undefined) return resolveDatabaseTarget(fromFile.database, env);
  if (fromFile.data !== undefined) return undefined;
  return resolveDatabaseTarget(undefined, env);
}

function parsePort(value: string | undefined): number {
  if (value === undefined) throw new UsageError('missing --port N (0 picks a free port)');
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not '${value}'`);
  return Number(value);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
