import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { terminalCommandLine, terminalShellFor, terminalStepCommand, type TerminalShell } from '../../../src/core/runbooks/terminalCommand';
import { terminalSafe } from '../../../src/core/text/terminalSafe';

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
function viaTerminalLine(shell: 'bash' | 'zsh', script: string, cwd: string, line = terminalCommandLine(script, shell), after = ''): { stdout: string; status: string } {
  assert.ok(!line.includes('\n'), 'one line');
  const args = shell === 'bash' ? ['--noprofile', '--norc', '-i'] : ['-f', '-i'];
  const input = `${line}\necho "::status=$?"\n${after}exit\n`;
  const run = spawnSync(shell, args, { input, cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd, TERM: 'dumb', PS1: '', PS2: '' } });
  const stdout = run.stdout.replace(/\r/g, '');
  const match = /::status=(\d+)\n?$/.exec(stdout);
  return { stdout: match ? stdout.slice(0, match.index) : stdout, status: match?.[1] ?? 'none' };
}

let scriptCount = 0;

/** As the editor sends it: as written, or a private file sourced by one line; `shown` is what the file prints of the step first. */
function viaEditor(shell: 'bash' | 'zsh', script: string, cwd: string, after = ''): { stdout: string; status: string; line: string; shown: string } {
  const command = terminalStepCommand(script, shell);
  if (command.kind === 'line') return { ...viaTerminalLine(shell, script, cwd, command.line, after), line: command.line, shown: '' };
  const file = path.join(cwd, `step-${++scriptCount}.sh`);
  fs.writeFileSync(file, command.script, { mode: 0o600 });
  const line = command.sourceLine(file);
  return { ...viaTerminalLine(shell, script, cwd, line, after), line, shown: `\u001b[2m${terminalSafe(script, { multiline: true }).replace(/\n$/, '')}\u001b[0m\n` };
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

  it('sources a multi-line step from a file whose first output is the step as written, so no eval line shows', () => {
    const command = terminalStepCommand('echo "two"\necho three', 'bash');
    assert.equal(command.kind, 'script');
    if (command.kind !== 'script') return;
    assert.equal(command.sourceLine("/tmp/it's here/1-probe.sh"), ". '/tmp/it'\\''s here/1-probe.sh'");
    assert.ok(command.script.endsWith('\necho "two"\necho three'), 'the step itself, unchanged, last');
    assert.ok(command.script.startsWith("printf '\\033[2m%s\\033[0m\\n' 'echo \"two\"\necho three'\n"));
    assert.equal(terminalStepCommand('Write-Host a\nexit 2', 'pwsh').kind, 'line');
    // The shown copy cannot drive the terminal: escape sequences in the runbook text are dropped from it.
    const sneaky = terminalStepCommand('echo a\necho "\u001b]0;title\u0007"', 'bash');
    assert.ok(sneaky.kind === 'script' && !sneaky.script.split('\n')[0]?.includes('\u001b]0;'));
  });

  for (const shell of (['bash', 'zsh'] as const).filter(has)) {
    it(`runs every step in an interactive ${shell} as the editor sends it exactly as \`${shell} -c\` runs it, after showing it as written`, () => {
      for (const script of SCRIPTS) {
        const expected = reference(shell, script, dir);
        const actual = viaEditor(shell, script, dir);
        assert.ok(!actual.line.startsWith('eval '), `no eval line for ${JSON.stringify(script)}`);
        assert.ok(actual.stdout.startsWith(actual.shown), `${shell} shows ${JSON.stringify(script)} first`);
        assert.equal(actual.stdout.slice(actual.shown.length), expected.stdout, `${shell} output of ${JSON.stringify(script)}`);
        assert.equal(actual.status, expected.status, `${shell} status of ${JSON.stringify(script)}`);
      }
    });

    it(`keeps a sourced step's exports and cd for the next step, and ends the ${shell} with a step's \`exit 3\``, () => {
      const first = viaEditor(shell, 'export IT_CARRIED=yes\ncd /', dir, 'echo "::carried=$IT_CARRIED::$PWD"\n');
      assert.match(first.stdout, /::carried=yes::\/\n/);
      const exiting = spawnSync(shell, shell === 'bash' ? ['--noprofile', '--norc', '-i'] : ['-f', '-i'], {
        input: `${(() => {
          const command = terminalStepCommand('echo before\nexit 3', shell);
          if (command.kind !== 'script') throw new Error('expected a script');
          const file = path.join(dir, 'exit-3.sh');
          fs.writeFileSync(file, command.script);
          return command.sourceLine(file);
        })()}\necho not-reached\n`,
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'dumb', PS1: '', PS2: '' },
      });
      assert.equal(exiting.status, 3);
      assert.ok(!exiting.stdout.includes('not-reached'));
    });
  }

  // The fallback when no private file can be written; only the shells installed here (zsh often is not).
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
