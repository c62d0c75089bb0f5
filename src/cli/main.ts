import type { CliCommand, CliIo } from './command';
import { runCommand } from './runCommand';
import { cliVersion } from './version';

/**
 * Each sub-command is loaded only when it runs: `runbook steps` must not pay for the
 * HTTP server, the SQLite store, octokit and git, and `runbooks lint` must work on a
 * Node.js too old for the store (node:sqlite).
 */
interface LazyCommand {
  name: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: readonly LazyCommand[] = [
  { name: 'serve', load: async () => (await import('./commands/serve.js')).serveCommand },
  { name: 'token', load: async () => (await import('./commands/token.js')).tokenCommand },
  { name: 'db', load: async () => (await import('./commands/db.js')).dbCommand },
  { name: 'incidents', load: async () => (await import('./commands/incidents.js')).incidentsCommand },
  { name: 'incident', load: async () => (await import('./commands/incident.js')).incidentCommand },
  { name: 'runbooks', load: async () => (await import('./commands/runbooks.js')).runbooksCommand },
  { name: 'runbook', load: async () => (await import('./commands/runbook.js')).runbookCommand },
  { name: 'retro', load: async () => (await import('./commands/retro.js')).retroCommand },
  { name: 'alerts', load: async () => (await import('./commands/alerts.js')).alertsCommand },
  { name: 'slo', load: async () => (await import('./commands/slo.js')).sloCommand },
  { name: 'insights', load: async () => (await import('./commands/insights.js')).insightsCommand },
];

/** The overview loads every command for its summary; only `--help` pays for that. */
async function overview(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: incident-desk <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  --help      show help (also: incident-desk <command> --help)',
    '  --version   print the version',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${cliVersion()}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`incident-desk: unknown command '${name}'\n\n${await overview()}`);
    return 2;
  }
  return runCommand(await entry.load(), rest, io);
}
