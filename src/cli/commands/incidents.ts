import type { CliCommand } from '../command';

// Scaffold: replaced by the issue that owns this command.
export const incidentsCommand: CliCommand = {
  name: 'incidents',
  summary: '(not built yet)',
  usage: 'incident-desk incidents',
  run: async (_args, io) => {
    io.stderr('incident-desk incidents: not built yet\n');
    return 1;
  },
};
