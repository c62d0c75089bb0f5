// The workspace the demo and the integration tests open: a git repository that
// holds the runbooks shipped with Incident Desk, like a team's service repo would.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export function makeDemoWorkspace(dir) {
  if (existsSync(join(dir, '.git'))) return dir;
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'runbooks'), join(dir, 'runbooks'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# checkout-platform\n\nA demo service repository for Incident Desk: runbooks live in `runbooks/`, retrospectives in `retrospectives/`.\n');
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'oncall@example.com');
  git('config', 'user.name', 'On-call Engineer');
  git('add', '-A');
  git('commit', '-q', '-m', 'Add runbooks');
  return dir;
}
