import type { CliCommand } from '../command';

// Scaffold: replaced by the issue that owns this command.
export const retroCommand: CliCommand = {
  name: 'retro',
  summary: '(not built yet)',
  usage: 'incident-desk retro',
  run: async (_args, io) => {
    io.stderr('incident-desk retro: not built yet\n');
    return 1;
  },
};
