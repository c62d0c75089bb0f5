/** The contract every `incident-desk` sub-command implements. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CliCommand {
  /** First word after `incident-desk`. */
  name: string;
  /** One line for the overview in `--help`. */
  summary: string;
  /** Full usage text shown by `incident-desk NAME --help`. */
  usage: string;
  /** Resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for wrong arguments; printed with the command's usage and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
