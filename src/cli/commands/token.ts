import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createToken,
  DatabaseUrlError,
  DATABASE_URL_ENV,
  listTokens,
  resolveDatabaseTarget,
  revokeToken,
  TokenAdminError,
  type StoreLocation,
} from '../../server/index';
import { isTokenScope } from '../../server/auth/tokenNames';
import { TOKEN_SCOPES, type TokenRecord } from '../../server/store/store';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: incident-desk token create --name NAME [--scope responder|viewer|integration] --data DIR
       incident-desk token list --data DIR [--json]
       incident-desk token revoke NAME --data DIR
  (each also with --database-url postgres://USER@HOST:PORT/DB instead of --data DIR;
   the password from PGPASSWORD or ${DATABASE_URL_ENV}, never the argument)

create   Creates a bearer token for the server whose data is in DIR and prints it
         (only the token, on one line). NAME is who everything written with the
         token is recorded as (e.g. maya.chen); it must be unique. Only the token's
         SHA-256 hash is stored, so it cannot be shown again:
           export INCIDENT_DESK_TOKEN="$(incident-desk token create --name maya.chen --data DIR)"
         Scopes: responder (default) reads and writes; viewer only reads;
         integration is for alert receivers and bots, which may act onBehalfOf someone.
list     Names, scopes and creation times (never a secret).
revoke   Deletes the token; a running server refuses it within a few seconds.

All three work while the server is running.
`;

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'create, list and revoke the server’s bearer tokens',
  usage,
  run: async (args, io) => {
    // A bad option throws ERR_PARSE_ARGS_*, which runCli reports as a usage error.
    const parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { data: { type: 'string' }, 'database-url': { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const [sub, ...rest] = parsed.positionals;
    const { data, name, scope, json } = parsed.values;
    let dataDir: StoreLocation;
    try {
      const database = data === undefined ? resolveDatabaseTarget(parsed.values['database-url'], io.env) : undefined;
      if (data !== undefined && parsed.values['database-url'] !== undefined) throw new UsageError('--data and --database-url exclude each other; give one');
      if (database) {
        dataDir = { database: { connectionString: database.connectionString, ...(database.password === undefined ? {} : { password: database.password }) } };
      } else {
        if (data === undefined || data.trim() === '') throw new UsageError('missing --data DIR (or --database-url URL)');
        dataDir = { dataDir: path.resolve(io.cwd, data) };
      }
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error;
      io.stderr(`incident-desk token: ${error.message}\n`);
      return 1;
    }
    try {
      switch (sub) {
        case 'create': {
          noMore(rest);
          if (name === undefined || name.trim() === '') throw new UsageError('missing --name NAME (who acts with this token, e.g. maya.chen)');
          if (scope !== undefined && !isTokenScope(scope)) throw new UsageError(`--scope must be one of ${TOKEN_SCOPES.join(', ')}, not '${scope}'`);
          io.stdout(`${await createToken(dataDir, { name, ...(scope === undefined ? {} : { scope }) })}\n`);
          return 0;
        }
        case 'list': {
          noMore(rest);
          const tokens = await listTokens(dataDir);
          io.stdout(json ? `${JSON.stringify(tokens, null, 2)}\n` : renderTokens(tokens));
          return 0;
        }
        case 'revoke': {
          const [target, ...extra] = rest;
          if (target === undefined) throw new UsageError('missing the NAME of the token to revoke');
          noMore(extra);
          await revokeToken(dataDir, target);
          io.stderr(`Revoked the token '${target}'.\n`);
          return 0;
        }
        default:
          throw new UsageError(sub === undefined ? 'missing sub-command: create, list or revoke' : `unknown sub-command '${sub}'`);
      }
    } catch (error) {
      if (!(error instanceof TokenAdminError)) throw error;
      io.stderr(`incident-desk token: ${error.message}\n`);
      return 1;
    }
  },
};

function noMore(extra: string[]): void {
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
}

/** NAME, SCOPE, CREATED; names are checked at creation, so they are safe to print. */
function renderTokens(tokens: readonly TokenRecord[]): string {
  if (tokens.length === 0) return 'No tokens. Create one with: incident-desk token create --name NAME --data DIR\n';
  const rows = tokens.map((t) => [t.name, t.scope, t.createdAt]);
  const header = ['NAME', 'SCOPE', 'CREATED'];
  const widths = header.map((h, column) => Math.max(h.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
