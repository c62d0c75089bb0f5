import { terminalSafe } from '../text/terminalSafe';

/**
 * What the editor types into a runbook's terminal for a step.
 *
 * Shell integration reports one execution per command line the shell reads, so a
 * multi-line step sent as typed ends after its first line with no exit code
 * (VS Code cannot match the rest). Single-line steps therefore go out as written.
 * Any other bash or zsh step is written to a file in a private folder and sourced
 * with one line, `. '/…/probe.sh'`: it runs in the terminal's own shell (exported
 * variables and `cd` carry over to later steps, as when typed), its status is that
 * of its last command (as with the command line's `bash -c`), and the file first
 * prints the step's text, dimmed, so the terminal shows the step as the runbook
 * says it rather than an `eval $'…'` line. The file holds only the runbook's text:
 * params reach the shell as environment variables, never in it.
 * PowerShell steps go out as one `Invoke-Expression` line.
 */

export type TerminalShell = 'bash' | 'zsh' | 'pwsh';

/** The shell a step's terminal runs: one with shell integration that reads the step's language. */
export function terminalShellFor(language: string): TerminalShell {
  if (language === 'zsh') return 'zsh';
  if (language === 'pwsh' || language === 'powershell') return 'pwsh';
  // sh, bash, shell, console: bash reads POSIX sh, and `sh` itself has no shell integration.
  return 'bash';
}

/** A step for the terminal: a line to type, or a script to write to a private file and the line that sources it. */
export type TerminalStepCommand = { kind: 'line'; line: string } | { kind: 'script'; script: string; sourceLine: (scriptPath: string) => string };

/** A value asked for the step (`export X=placeholder`), waiting in a private file for the step's script to read. */
export interface ValueFile {
  /** A validated environment variable name. */
  name: string;
  path: string;
}

/**
 * With `values` (bash, zsh), the step always goes as a script, which first reads
 * each value from its file into the shell variable and deletes the file: the value
 * is never typed into the terminal (its screen, its history) nor written into the
 * script. PowerShell steps cannot take values this way (see valueFilesSupported).
 */
export function terminalStepCommand(commands: string, shell: TerminalShell, values: readonly ValueFile[] = []): TerminalStepCommand {
  const withValues = values.length > 0 && valueFilesSupported(shell);
  if (!withValues && (sendAsWritten(commands, shell) || shell === 'pwsh')) return { kind: 'line', line: terminalCommandLine(commands, shell) };
  const script = stepScript(commands);
  return { kind: 'script', script: withValues ? `${valueFileReads(values)}\n${script}` : script, sourceLine: (scriptPath) => `. ${posixSingleQuoted(scriptPath)}` };
}

export function valueFilesSupported(shell: TerminalShell): boolean {
  return shell !== 'pwsh';
}

/**
 * `NAME="$(cat -- 'file'; printf x)"; NAME="${NAME%x}"` keeps the value exactly
 * (trailing line breaks too, which `$(…)` alone would drop); the file goes at once.
 * `command` skips the aliases and functions of the person's interactive shell
 * (`alias rm='rm -i'`). The names are validated variable names; the paths are single-quoted.
 */
export function valueFileReads(values: readonly ValueFile[]): string {
  return values
    .map(({ name, path }) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Not a variable name: ${JSON.stringify(name)}`);
      const file = posixSingleQuoted(path);
      return `${name}="$(command cat -- ${file}; printf x)"; ${name}="\${${name}%x}"; command rm -f -- ${file}`;
    })
    .join('\n');
}

/**
 * The one-line form, when no file can be written: the step as written when it can be,
 * else a single `eval` (bash, zsh) or `Invoke-Expression` (pwsh) of the whole text.
 */
export function terminalCommandLine(commands: string, shell: TerminalShell): string {
  if (sendAsWritten(commands, shell)) return commands;
  return shell === 'pwsh' ? `Invoke-Expression ${pwshDoubleQuoted(commands)}` : `eval ${ansiCQuoted(commands)}`;
}

/**
 * The sourced file: the step's text printed dimmed (control characters removed, so
 * the copy cannot drive the terminal), then the step itself, unchanged. `printf` is
 * a builtin and the text is one single-quoted argument: nothing in it expands.
 */
export function stepScript(commands: string): string {
  const shown = terminalSafe(commands, { multiline: true }).replace(/\n$/, '');
  // No newline after the step: its last line then reads as in `bash -c` (a trailing backslash stays literal).
  return `printf '\\033[2m%s\\033[0m\\n' ${posixSingleQuoted(shown)}\n${commands}`;
}

/** POSIX shell single quotes: everything literal, a quote as '\''. */
export function posixSingleQuoted(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * As written: one line, no control characters (tabs included), no trailing line continuation, and
 * (bash, zsh) no `!`, which an interactive shell would take for history expansion
 * where `bash -c` would not.
 */
function sendAsWritten(commands: string, shell: TerminalShell): boolean {
  // A tab would be typed into the shell's line editor and trigger completion.
  if (commands === '' || /[\u0000-\u001f\u007f]/.test(commands)) return false;
  if (/(^|[^\\])(\\\\)*\\$/.test(commands)) return false;
  if (shell !== 'pwsh' && commands.includes('!')) return false;
  return shell === 'pwsh' ? !commands.includes('`') : true;
}

/** bash/zsh `$'...'`: backslash and quote escaped, control characters as \xHH. */
export function ansiCQuoted(text: string): string {
  let out = "$'";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

/** PowerShell `"..."` with backtick escapes; `$` escaped so nothing expands before Invoke-Expression reads it. */
export function pwshDoubleQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '`' || char === '"' || char === '$') out += `\`${char}`;
    else if (char === '\u201c' || char === '\u201d' || char === '\u201e') out += `\`${char}`; // PowerShell treats smart quotes as quotes
    else if (char === '\n') out += '`n';
    else if (char === '\r') out += '`r';
    else if (char === '\t') out += '`t';
    else if (code < 0x20 || code === 0x7f) out += `$([char]${code})`;
    else out += char;
  }
  return `${out}"`;
}
