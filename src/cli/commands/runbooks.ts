import type { CliCommand } from '../command';

// Scaffold: replaced by the issue that owns this command.
export const runbooksCommand: CliCommand = {
  name: 'runbooks',
  summary: '(not built yet)',
  usage: 'incident-desk runbooks',
  run: async (_args, io) => {
    io.stderr('incident-desk runbooks: not built yet\n');
    return 1;
  },
};
