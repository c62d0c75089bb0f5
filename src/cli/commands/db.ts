import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BackupError,
  backupDataFolder,
  DatabaseUrlError,
  DATABASE_URL_ENV,
  MigrationRefused,
  migrateSqliteToPostgres,
  resolveDatabaseTarget,
  restoreDataFolder,
} from '../../server/index';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: incident-desk db migrate --from-data DIR --to-database-url postgres://USER@HOST:PORT/DB
       incident-desk db backup --data DIR --out FILE
       incident-desk db restore --from FILE --data DIR

migrate  Copies a SQLite server's incidents, events, tokens and idempotency records
         into an EMPTY PostgreSQL database in one transaction, then compares every
         table (row count and SHA-256) before committing. Refuses a database that
         already holds data. Incident and event numbers stay the same, so clients'
         Last-Event-ID and offline queues carry on. Stop the SQLite server first.
         The password: PGPASSWORD, or the whole URL in ${DATABASE_URL_ENV}
         (then --to-database-url may be left out); never in the argument.
backup   A consistent copy of a SQLite data folder's database while the server
         runs (SQLite's online backup), checked with PRAGMA integrity_check.
         FILE must not exist yet.
restore  Puts a backup back into a data folder that has no database (stop the
         server and move the old incident-desk.sqlite aside first).

PostgreSQL is backed up with its own tools:
  pg_dump --format=custom --file=desk.dump "postgres://USER@HOST:PORT/DB"
  pg_restore --dbname="postgres://USER@HOST:PORT/NEWDB" desk.dump
`;

export const dbCommand: CliCommand = {
  name: 'db',
  summary: 'move a SQLite server to PostgreSQL; back up and restore SQLite',
  usage,
  run: async (args, io) => {
    // A bad option throws ERR_PARSE_ARGS_*, which runCli reports as a usage error.
    const parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        'from-data': { type: 'string' },
        'to-database-url': { type: 'string' },
        data: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
      },
    });
    const [sub, ...rest] = parsed.positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const values = parsed.values;
    const required = (name: keyof typeof values, what: string): string => {
      const value = values[name];
      if (value === undefined || value.trim() === '') throw new UsageError(`missing --${name} ${what}`);
      return path.resolve(io.cwd, value);
    };
    try {
      switch (sub) {
        case 'migrate': {
          const from = required('from-data', 'DIR');
          const target = resolveDatabaseTarget(values['to-database-url'], io.env);
          if (!target) throw new UsageError(`missing --to-database-url URL (or ${DATABASE_URL_ENV})`);
          const reports = await migrateSqliteToPostgres(from, {
            connectionString: target.connectionString,
            ...(target.password === undefined ? {} : { password: target.password }),
          });
          for (const report of reports) io.stdout(`${report.table.padEnd(16)} ${String(report.rows).padStart(8)} rows  sha256 ${report.checksum}\n`);
          io.stderr(`Copied ${from} into ${target.display}; every table matches. Start the servers with --database-url.\n`);
          return 0;
        }
        case 'backup': {
          const report = await backupDataFolder(required('data', 'DIR'), required('out', 'FILE'));
          io.stderr(`Backed up ${report.pages} pages (schema version ${report.schemaVersion}) to ${report.file}.\n`);
          return 0;
        }
        case 'restore': {
          const report = await restoreDataFolder(required('from', 'FILE'), required('data', 'DIR'));
          io.stderr(`Restored ${report.pages} pages (schema version ${report.schemaVersion}) into ${report.file}.\n`);
          return 0;
        }
        default:
          throw new UsageError(sub === undefined ? 'missing sub-command: migrate, backup or restore' : `unknown sub-command '${sub}'`);
      }
    } catch (error) {
      if (error instanceof DatabaseUrlError || error instanceof MigrationRefused || error instanceof BackupError) {
        io.stderr(`incident-desk db: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
