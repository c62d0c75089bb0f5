/**
 * Runme's `export X=placeholder` prompting: a step line that exports a literal
 * value is a question ("what is X?") whose placeholder is the value written. The
 * run session asks (unless the front matter says `skipPrompts: true` or the step
 * `promptEnv=false`), hands the answer to the shell as an environment variable, and
 * runs the line as `export X` — the answer is never written into the script.
 */

export interface PromptedExport {
  name: string;
  placeholder: string;
  /** 0-based line within the commands. */
  line: number;
}

// A whole line `export NAME=value`, where value is literal: quoted, or unquoted without expansions.
const EXPORT_LINE = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=("([^"$`\\]*)"|'([^']*)'|([^\s"'$`\\;&|<>()]*))\s*$/;

export function promptedExports(commands: string): PromptedExport[] {
  const found: PromptedExport[] = [];
  const seen = new Set<string>();
  commands.split('\n').forEach((text, line) => {
    const match = EXPORT_LINE.exec(text);
    if (!match || match[1] === undefined || seen.has(match[1])) return;
    seen.add(match[1]);
    found.push({ name: match[1], placeholder: match[3] ?? match[4] ?? match[5] ?? '', line });
  });
  return found;
}

/** The commands with the answered exports' lines as `export NAME`, which keeps the value the shell was given. */
export function exportsFromEnvironment(commands: string, answered: readonly PromptedExport[]): string {
  if (answered.length === 0) return commands;
  const byLine = new Map(answered.map((a) => [a.line, a.name]));
  return commands
    .split('\n')
    .map((text, line) => {
      const name = byLine.get(line);
      return name === undefined ? text : `${/^\s*/.exec(text)?.[0] ?? ''}export ${name}`;
    })
    .join('\n');
}
