import { readFile } from 'node:fs/promises';
import type { Incident } from '../../core/incidents/model';
import { writeFileAtomic } from '../../shared/atomicFile';

/** The last incidents a backend returned, kept so a reload while offline still shows them. */
export interface CachedIncidents {
  /** Which backend they came from (kind + URL); a cache from another backend is ignored. */
  source: string;
  fetchedAt: string;
  incidents: Incident[];
}

export async function readIncidentCache(file: string, source: string): Promise<CachedIncidents | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<CachedIncidents>;
    if (parsed.source !== source || typeof parsed.fetchedAt !== 'string' || !Array.isArray(parsed.incidents)) return undefined;
    return parsed as CachedIncidents;
  } catch {
    return undefined;
  }
}

export async function writeIncidentCache(file: string, cache: CachedIncidents): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(cache), 0o600);
}
