import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found from the bundled test file's location (out/test/...). */
export const REPO_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.mjs'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`repository root not found above ${start}`);
  }
}

/** Source files below `dir` (relative to the repo root), with forward-slash paths. */
export function sourceFiles(dir: string, suffix = '.ts'): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (abs: string): void => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(suffix)) out.push({ path: path.relative(REPO_ROOT, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(REPO_ROOT, dir));
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function readPackageJson(): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

export interface PackageJson {
  name: string;
  activationEvents?: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus?: Record<string, { command?: string; submenu?: string; when?: string; group?: string }[]>;
    viewsWelcome?: { view: string; contents: string; when?: string }[];
    views?: Record<string, { id: string; name: string }[]>;
    viewsContainers?: Record<string, { id: string; title: string }[]>;
    configuration?: { properties: Record<string, unknown> };
  };
}
