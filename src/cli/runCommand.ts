import { UsageError, type CliCommand, type CliIo } from './command';

/**
 * One sub-command from its arguments to its exit code: `--help` prints its usage (0),
 * wrong arguments print the message and the usage (2), any other failure its message (1).
 * main.ts and the bin's fast path (fastPath.ts) both run commands through here, so a
 * command answers the same whichever way it was reached.
 */
export async function runCommand(command: CliCommand, args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
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
