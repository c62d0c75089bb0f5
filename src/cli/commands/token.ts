import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createToken } from '../../server/index';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: incident-desk token create --data DIR

Creates a bearer token for the server whose data is in DIR and prints it
(only the token, on one line). Only its SHA-256 hash is stored, so it cannot be
shown again: put it where clients read it, e.g.
  export INCIDENT_DESK_TOKEN="$(incident-desk token create --data DIR)"
Works while the server is running.
`;

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'create a bearer token for the server',
  usage,
  run: async (args, io) => {
    let parsed;
    try {
      parsed = parseArgs({ args, strict: true, allowPositionals: true, options: { data: { type: 'string' } } });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const [sub, ...extra] = parsed.positionals;
    if (sub !== 'create') throw new UsageError(sub === undefined ? 'missing sub-command: create' : `unknown sub-command '${sub}'`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const data = parsed.values.data;
    if (data === undefined || data.trim() === '') throw new UsageError('missing --data DIR');
    io.stdout(`${await createToken(path.resolve(io.cwd, data))}\n`);
    return 0;
  },
};
