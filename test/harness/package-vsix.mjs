// Packages the extension as users install it: the built dist/ and package.json's
// "files", without the production rebuild `npm run package` adds, so tests and the
// demo get exactly this build.   node test/harness/package-vsix.mjs OUT.vsix
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export function packageVsix(outFile, extensionDir = root) {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--skip-license', '--out', outFile], {
    cwd: extensionDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outFile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) packageVsix(resolve(process.argv[2] ?? 'dist/incident-desk.vsix'));
