/**
 * The text the editor types into a runbook's terminal for a step.
 *
 * The terminal should show the step as the runbook wrote it, and shell integration
 * must report the whole step as one execution with one exit code. Typed line by
 * line, a multi-line step would be several command lines, and the execution VS Code
 * tracks would end after the first. So a multi-line step goes out as its lines
 * inside a `{ … }` group: bash and zsh read the group to its closing brace before
 * running any of it, so it is one command line with one exit status (that of its
 * last command, as with the command line's `bash -c`); it runs in the terminal's
 * own shell, so variables and `cd` carry over to later steps, as when typed.
 *
 * What cannot be typed safely goes out as a single `eval` of the quoted text
 * instead: control characters (a tab would trigger completion, an escape would
 * reach the line editor, and remote text must never become a terminal sequence),
 * `!` (history expansion in an interactive shell, never in `bash -c`) and a
 * trailing backslash (it would continue into the closing brace). PowerShell has
 * no group that keeps variables in scope and reads as written, so a multi-line
 * step there is an `Invoke-Expression`.
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
  if (!typeable(commands, shell)) return shell === 'pwsh' ? `Invoke-Expression ${pwshDoubleQuoted(commands)}` : `eval ${ansiCQuoted(commands)}`;
  if (!commands.includes('\n')) return commands;
  // PowerShell has no scope-keeping group that reads as written (see above).
  if (shell === 'pwsh') return `Invoke-Expression ${pwshDoubleQuoted(commands)}`;
  // The braces on lines of their own: the step's first line may be a comment or a here-doc.
  return `{\n${commands}\n}`;
}

/**
 * Typed as it is: no control characters but newlines, no trailing line continuation,
 * and (bash, zsh) no `!`, which an interactive shell would take for history expansion
 * where `bash -c` would not.
 */
function typeable(commands: string, shell: TerminalShell): boolean {
  if (commands.trim() === '' || /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(commands)) return false;
  if (/(^|[^\\])(\\\\)*\\$/.test(commands)) return false;
  if (shell !== 'pwsh' && commands.includes('!')) return false;
  return shell === 'pwsh' ? !commands.includes('`') : true;
}

/** bash/zsh `$'...'`: backslash and quote escaped, control characters as \xHH (C1 as its UTF-8 bytes). */
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
    // C1 controls (a one-character CSI among them) are escape sequences to a terminal too.
    // As their UTF-8 bytes, since `\\u` depends on the shell's locale.
    else if (code >= 0x80 && code <= 0x9f) out += `\\xc2\\x${code.toString(16)}`;
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
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `$([char]${code})`;
    else out += char;
  }
  return `${out}"`;
}
