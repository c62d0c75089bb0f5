import { UsageError, type CliCommand, type CliIo } from './command';
import { incidentsCommand } from './commands/incidents';
import { retroCommand } from './commands/retro';
import { runbookCommand } from './commands/runbook';
import { runbooksCommand } from './commands/runbooks';
import { serveCommand } from './commands/serve';
import { tokenCommand } from './commands/token';

declare const INCIDENT_DESK_VERSION: string | undefined;

export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  tokenCommand,
  incidentsCommand,
  runbooksCommand,
  runbookCommand,
  retroCommand,
];

export function cliVersion(): string {
  return typeof INCIDENT_DESK_VERSION === 'string' ? INCIDENT_DESK_VERSION : '0.0.0-dev';
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
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
    io.stdout(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${cliVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`incident-desk: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`incident-desk ${command.name}: ${(error as Error).message}\n\n${command.usage.trimEnd()}\n`);
      return 2;
    }
    io.stderr(`incident-desk ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** node:util parseArgs reports unknown options and missing values with ERR_PARSE_ARGS_* codes. */
function isParseArgsError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && ((error as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS_');
}
