import * as readline from 'node:readline';
import { Writable } from 'node:stream';

/** How the command asks a person; replaced in tests, where no terminal exists. */
export interface Prompter {
  /** True when someone can answer (stdin is a terminal). */
  readonly interactive: boolean;
  /** Resolves true only for an explicit yes. */
  confirm(question: string): Promise<boolean>;
  /** Asks for a param's value (not echoed when secret); undefined or '' when the person declines. */
  ask(question: string, options: { secret: boolean; initial?: string }): Promise<string | undefined>;
}

export function terminalPrompter(): Prompter {
  return {
    interactive: process.stdin.isTTY === true,
    confirm: async (question) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await new Promise<string>((resolve) => {
          // Ctrl-C or Ctrl-D at the prompt is a no, not a hang.
          rl.on('SIGINT', () => resolve(''));
          rl.on('close', () => resolve(''));
          rl.question(`${question} [y/N] `, resolve);
        });
        return /^(y|yes)$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    ask: async (question, { secret }) => {
      // A secret is typed blind: readline writes through `muted`, which drops the echo.
      let echo = true;
      const muted = new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (echo) process.stderr.write(chunk);
          done();
        },
      });
      const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
      try {
        return await new Promise<string | undefined>((resolve) => {
          rl.on('SIGINT', () => resolve(undefined));
          rl.on('close', () => resolve(undefined));
          rl.question(`${question}${secret ? ' (hidden)' : ''}: `, (answer) => resolve(answer));
          echo = !secret;
        });
      } finally {
        echo = true;
        rl.close();
        if (secret) process.stderr.write('\n');
      }
    },
  };
}

/** Ctrl-C, a closed terminal or a cancelled CI job: the step's own process group would not hear them. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function processInterrupts(handler: () => void): () => void {
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
