/**
 * The one line the editor types into a runbook's terminal for a step.
 *
 * Shell integration reports one execution per command line the shell reads, so a
 * multi-line step sent as typed ends after its first line with no exit code
 * (VS Code cannot match the rest). A multi-line step therefore goes out as a
 * single `eval` of the whole text, quoted so the shell sees exactly the step's
 * text: it runs in the terminal's shell (variables and `cd` carry over to later
 * steps, as when typed), and its exit status is that of its last command, as with
 * the command line's `bash -c`. Single-line steps go out as written, so the
 * terminal shows what the runbook says.
 */

export type TerminalShell = 'bash' | 'zsh' | 'pwsh';

/** The shell a step's terminal runs: one with shell integration that reads the step's language. */
export function terminalShellFor(language: string): TerminalShell {
  if (language === 'zsh') return 'zsh';
  if (language === 'pwsh' || language === 'powershell') return 'pwsh';
  // sh, bash, shell, console: bash reads POSIX sh, and `sh` itself has no shell integration.
  return 'bash';
}

export function terminalCommandLine(commands: string, shell: TerminalShell): string {
  if (sendAsWritten(commands, shell)) return commands;
  return shell === 'pwsh' ? `Invoke-Expression ${pwshDoubleQuoted(commands)}` : `eval ${ansiCQuoted(commands)}`;
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
