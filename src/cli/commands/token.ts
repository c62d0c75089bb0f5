import type { CliCommand } from '../command';

// Scaffold: replaced by the issue that owns this command.
export const tokenCommand: CliCommand = {
  name: 'token',
  summary: '(not built yet)',
  usage: 'incident-desk token',
  run: async (_args, io) => {
    io.stderr('incident-desk token: not built yet\n');
    return 1;
  },
};
