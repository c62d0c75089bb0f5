import type { CliCommand } from '../command';

// Scaffold: replaced by the issue that owns this command.
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: '(not built yet)',
  usage: 'incident-desk serve',
  run: async (_args, io) => {
    io.stderr('incident-desk serve: not built yet\n');
    return 1;
  },
};
