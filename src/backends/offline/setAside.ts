import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../shared/atomicFile';

/** One queue entry that could not be sent and is kept for the user instead of blocking the queue. */
export interface SetAsideEntry {
  setAsideAt: string;
  reason: string;
  /** The entry as it was in the queue (possibly malformed, hence unknown). */
  entry: unknown;
}

/**
 * Adds entries to the sidecar file next to the queue (`<queue>.set-aside.json`), a JSON
 * list, written atomically so a crash never loses what was there. A sidecar that is
 * itself unreadable is not overwritten: the entries go to a file of their own.
 * Resolves with the file they were written to.
 */
export async function appendSetAside(sidecar: string, entries: readonly SetAsideEntry[]): Promise<string> {
  let existing: unknown[] = [];
  let target = sidecar;
  try {
    const parsed: unknown = JSON.parse(await readFile(sidecar, 'utf8'));
    if (Array.isArray(parsed)) existing = parsed;
    else target = uniqueSibling(sidecar);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') target = uniqueSibling(sidecar);
  }
  await writeFileAtomic(target, JSON.stringify([...existing, ...entries], null, 2), 0o600);
  return target;
}

function uniqueSibling(file: string): string {
  return file.replace(/\.json$/, '') + `-${Date.now()}.json`;
}
