import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Errors from filesystems that have no hard links; there we fall back to check-then-rename. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EACCES']);

/**
 * Creates a file with its full content or not at all, and never replaces an existing
 * one: the content goes to a temporary file in the same folder first, then a hard link
 * gives it its name — which fails atomically when the name is taken, so a retrospective
 * someone already edits is never overwritten, even by a concurrent writer.
 */
export async function createFileAtomically(path: string, content: string): Promise<'created' | 'exists'> {
  const folder = dirname(path);
  await fs.mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${randomUUID()}.tmp`);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    return await linkOrRename(temp, path);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function linkOrRename(temp: string, path: string): Promise<'created' | 'exists'> {
  try {
    await fs.link(temp, path);
    return 'created';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return 'exists';
    if (!NO_HARD_LINKS.has(code)) throw error;
  }
  if (await exists(path)) return 'exists';
  await fs.rename(temp, path);
  return 'created';
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}
