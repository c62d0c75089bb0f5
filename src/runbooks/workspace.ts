import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Where runbooks live on disk: the repository around them and the runbook files
 * under a folder (the folder a step may run in is src/app/runbooks/stepCwd.ts).
 */

/** The nearest folder at or above `start` that holds `.git` (a folder or a worktree file). */
export function findRepoRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const SKIPPED_FOLDERS = new Set(['node_modules']);
const MAX_FILES = 10_000;

/** Markdown files under `dir` (recursively, skipping dot-folders and node_modules), sorted. */
export async function findRunbookFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return;
      const full = path.join(folder, entry.name);
      // Symbolic links are not followed: a link cycle must not hang the lint.
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) await walk(full);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) {
        found.push(full);
      }
    }
  };
  await walk(dir);
  return found;
}

/** Forward-slash path of `file` relative to `base`, as records and reports show it. */
export function displayPath(base: string, file: string): string {
  const relative = path.relative(base, file);
  return (relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}
