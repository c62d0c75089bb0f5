import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { globBase, globToRegExp } from '../../../core/slo/glob';
import { parseSloFile } from '../../../core/slo/parse';
import type { SloDefinition, SloProblem } from '../../../core/slo/types';

const MAX_FILES = 2000;
/** No SLO file is this big; a bigger one is reported, not read. */
const MAX_BYTES = 1024 * 1024;

export interface SloFile {
  /** Forward-slash path relative to the root. */
  path: string;
  slos: SloDefinition[];
  problems: SloProblem[];
}

/** Files under `root` matching any of the globs (forward-slash, relative), sorted; symbolic links are not followed. */
export async function findSloFiles(root: string, globs: readonly string[]): Promise<string[]> {
  const patterns = globs.map(globToRegExp);
  const found = new Set<string>();
  for (const glob of globs) {
    const walk = async (relative: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(path.join(root, relative), { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (found.size >= MAX_FILES) return;
        const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') await walk(child);
        else if (entry.isFile() && patterns.some((p) => p.test(child))) found.add(child);
      }
    };
    await walk(globBase(glob));
  }
  return [...found].sort();
}

/** Every SLO file found, parsed; unreadable or oversized files become a problem at 1:1. */
export async function loadSloFiles(root: string, globs: readonly string[], explicit?: readonly string[]): Promise<SloFile[]> {
  const files = explicit && explicit.length > 0 ? explicit.map((f) => path.relative(root, path.resolve(root, f)).split(path.sep).join('/')) : await findSloFiles(root, globs);
  const out: SloFile[] = [];
  for (const file of files) {
    const full = path.resolve(root, file);
    try {
      const stat = await fs.stat(full);
      if (stat.size > MAX_BYTES) {
        out.push({ path: file, slos: [], problems: [{ severity: 'error', message: `The file is larger than ${MAX_BYTES} bytes; not read.`, line: 1, col: 1 }] });
        continue;
      }
      out.push({ path: file, ...parseSloFile(await fs.readFile(full, 'utf8'), file) });
    } catch (error) {
      out.push({ path: file, slos: [], problems: [{ severity: 'error', message: `Could not read the file: ${(error as Error).message}`, line: 1, col: 1 }] });
    }
  }
  // The same name in two files would collide in the generated rules and the JSON.
  const seen = new Map<string, string>();
  for (const file of out) {
    for (const slo of file.slos) {
      const other = seen.get(slo.name);
      if (other !== undefined && other !== file.path) file.problems.push({ severity: 'error', message: `An SLO named \`${slo.name}\` is already defined in ${other}.`, line: slo.source.line, col: 1 });
      else seen.set(slo.name, file.path);
    }
  }
  return out;
}
