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

/** Shells whose blocks may be transcripts: a leading `$ ` prompt is stripped, as Runme does. */
const PROMPTED_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'shell', 'console']);
const PROMPT = /^\s*\$(?: |$)/;
/** `<<EOF`, `<<-'EOF'`, `<< "EOF"`: a here-document whose body is not output. */
const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

/**
 * The text to run for a fence body. In a shell block with `$ ` prompts, the
 * prompted lines run (prompt stripped), with their `\` continuations and
 * here-document bodies; every other line is output and is dropped. A block with
 * no prompt runs as written — a `console` block too (people paste commands there
 * without prompts).
 */
export function commandsFor(language: string, body: string): string {
  if (!isRunnableLanguage(language)) return '';
  const lines = body.split('\n');
  if (!PROMPTED_SHELLS.has(language) || !body.includes('$') || !lines.some((line) => PROMPT.test(line))) return trimTrailingBlankLines(lines).join('\n');
  const commands: string[] = [];
  let continuing = false;
  let heredoc: string | undefined;
  for (const line of lines) {
    if (heredoc !== undefined) {
      commands.push(line);
      if (line.replace(/^\t+/, '') === heredoc) heredoc = undefined;
      continue;
    }
    const prompt = PROMPT.exec(line);
    let command: string;
    if (continuing) command = line.replace(/^> ?/, '');
    else if (prompt) command = line.slice(prompt[0].length);
    else continue;
    commands.push(command);
    continuing = endsWithLineContinuation(line);
    heredoc = HEREDOC.exec(command)?.[2];
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
