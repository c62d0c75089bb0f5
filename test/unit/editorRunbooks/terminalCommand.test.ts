import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { terminalCommandLine, terminalShellFor, type TerminalShell } from '../../../src/core/runbooks/terminalCommand';

/** Step texts that a naive terminal line would break: quotes, escapes, history `!`, heredocs, control characters. */
const SCRIPTS = [
  'echo plain',
  'echo "two"\necho three',
  "printf '%s\\n' 'single '\"'\"' quote' \"double \\\" quote\" 'back\\slash'",
  'echo "wow!" && echo !! && echo \'!$\'',
  'cat <<EOF\nline $HOME-less: ${NOPE:-default}\n  indented\nEOF\necho after',
  "cat <<'RAW'\n$not_expanded `nor this`\nRAW",
  'x=1\nif [ "$x" = 1 ]; then\n  echo yes\nfi',
  'echo tab\there',
  'echo trailing \\',
  'printf "%s" "$(printf "\\033[0m")" | od -An -c | tr -s " "',
  'echo "ünïcødé ✓ 🚀"',
  'false\n(exit 7)',
  'echo bell$(printf "\\a") | od -An -c | tr -s " "',
  '# only a comment\necho after comment',
];

function has(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

/**
 * The step run the way the terminal runs it: an interactive shell reading the
 * line from its input (history expansion on, as in a terminal), versus the
 * reference `<shell> -c <script>`.
 */
function viaTerminalLine(shell: 'bash' | 'zsh', script: string, cwd: string): { stdout: string; status: string } {
  const line = terminalCommandLine(script, shell);
  assert.ok(!line.includes('\n'), 'one line');
  const args = shell === 'bash' ? ['--noprofile', '--norc', '-i'] : ['-f', '-i'];
  const input = `${line}\necho "::status=$?"\nexit\n`;
  const run = spawnSync(shell, args, { input, cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd, TERM: 'dumb', PS1: '', PS2: '' } });
  const stdout = run.stdout.replace(/\r/g, '');
  const match = /::status=(\d+)\n?$/.exec(stdout);
  return { stdout: match ? stdout.slice(0, match.index) : stdout, status: match?.[1] ?? 'none' };
}

function reference(shell: 'bash' | 'zsh', script: string, cwd: string): { stdout: string; status: string } {
  const run = spawnSync(shell, shell === 'bash' ? ['--noprofile', '--norc', '-c', script] : ['-f', '-c', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, TERM: 'dumb' },
  });
  return { stdout: run.stdout, status: String(run.status) };
}

describe('terminal command lines (editor)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-terminal-line-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('picks a shell with shell integration for each runnable language', () => {
    const shells: Record<string, TerminalShell> = { sh: 'bash', bash: 'bash', shell: 'bash', console: 'bash', zsh: 'zsh', pwsh: 'pwsh', powershell: 'pwsh' };
    for (const [language, shell] of Object.entries(shells)) assert.equal(terminalShellFor(language), shell, language);
  });

  it('sends one-line steps as written and everything else as a single line', () => {
    assert.equal(terminalCommandLine('kubectl get pods -n "$NS"', 'bash'), 'kubectl get pods -n "$NS"');
    assert.equal(terminalCommandLine('Get-Process', 'pwsh'), 'Get-Process');
    for (const script of SCRIPTS) for (const shell of ['bash', 'zsh', 'pwsh'] as const) assert.ok(!terminalCommandLine(script, shell).includes('\n'));
    assert.equal(terminalCommandLine('a\nb', 'bash'), "eval $'a\\nb'");
    assert.equal(terminalCommandLine('Write-Host "$x"\nexit 2', 'pwsh'), 'Invoke-Expression "Write-Host `"`$x`"`nexit 2"');
  });

  // Only the shells installed here (zsh often is not); bash always is on the CI image.
  for (const shell of (['bash', 'zsh'] as const).filter(has)) {
    it(`runs every step in an interactive ${shell} exactly as \`${shell} -c\` runs it (same output, same exit status)`, () => {
      for (const script of SCRIPTS) {
        const expected = reference(shell, script, dir);
        const actual = viaTerminalLine(shell, script, dir);
        assert.equal(actual.stdout, expected.stdout, `${shell} output of ${JSON.stringify(script)}`);
        assert.equal(actual.status, expected.status, `${shell} status of ${JSON.stringify(script)}`);
      }
    });
  }
});
