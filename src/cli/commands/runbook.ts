import type { CliCommand } from '../command';

// Scaffold: replaced by the issue that owns this command.
export const runbookCommand: CliCommand = {
  name: 'runbook',
  summary: '(not built yet)',
  usage: 'incident-desk runbook',
  run: async (_args, io) => {
    io.stderr('incident-desk runbook: not built yet\n');
    return 1;
  },
};
