/**
 * Which fences run, and what text runs for them.
 */

export const RUNNABLE_LANGUAGES = ['sh', 'bash', 'zsh', 'shell', 'console', 'pwsh', 'powershell'] as const;
export type RunnableLanguage = (typeof RUNNABLE_LANGUAGES)[number];

export function isRunnableLanguage(language: string): language is RunnableLanguage {
  return (RUNNABLE_LANGUAGES as readonly string[]).includes(language);
}

export function isPowerShell(language: string): boolean {
  return language === 'pwsh' || language === 'powershell';
}

/**
 * The text to run for a fence body. For `console` (a transcript) only the lines
 * after a `$ ` prompt run, plus continuation lines of a command ending in `\`;
 * everything else is output and is dropped. Other runnable languages run as written.
 */
export function commandsFor(language: string, body: string): string {
  if (!isRunnableLanguage(language)) return '';
  const lines = body.split('\n');
  if (language !== 'console') return trimTrailingBlankLines(lines).join('\n');
  const commands: string[] = [];
  let continuing = false;
  for (const line of lines) {
    const prompt = /^\s*\$(?: |$)/.exec(line);
    if (continuing) {
      commands.push(line.replace(/^> ?/, ''));
    } else if (prompt) {
      commands.push(line.slice(prompt[0].length));
    } else {
      continue;
    }
    continuing = endsWithLineContinuation(line);
  }
  return trimTrailingBlankLines(commands).join('\n');
}

/** An odd number of trailing backslashes escapes the newline. */
function endsWithLineContinuation(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

function trimTrailingBlankLines(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  return lines.slice(0, end);
}
