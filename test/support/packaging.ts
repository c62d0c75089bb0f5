import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import * as yauzl from 'yauzl';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const run = promisify(execFile);

/** Packages this build as users install it (test/harness/package-vsix.mjs, shared with the demo). */
export async function packageVsix(outFile: string): Promise<string> {
  await run(process.execPath, [path.join(REPO_ROOT, 'test', 'harness', 'package-vsix.mjs'), outFile], { cwd: REPO_ROOT, timeout: 120_000 });
  return outFile;
}

/** Calls `visit` for each entry of a zip file (a .vsix is one), one at a time. */
function eachEntry(file: string, visit: (entry: yauzl.Entry, zip: yauzl.ZipFile) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error(`cannot open ${file}`));
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        visit(entry, zip).then(() => zip.readEntry(), (error: unknown) => {
          zip.close();
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      });
      zip.readEntry();
    });
  });
}

/** Every entry name in a zip file. */
export async function zipEntries(file: string): Promise<string[]> {
  const names: string[] = [];
  await eachEntry(file, async (entry) => {
    names.push(entry.fileName);
  });
  return names;
}

/** Extracts a zip into `dir`, refusing entries that would land outside it. */
export async function unzip(file: string, dir: string): Promise<void> {
  const root = path.resolve(dir);
  await eachEntry(file, async (entry, zip) => {
    const target = path.resolve(root, entry.fileName);
    if (!target.startsWith(root + path.sep)) throw new Error(`zip entry escapes the folder: ${entry.fileName}`);
    if (entry.fileName.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      return;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    const stream = await new Promise<Readable>((resolve, reject) =>
      zip.openReadStream(entry, (error, readable) => (error || !readable ? reject(error ?? new Error('no stream')) : resolve(readable))),
    );
    await pipeline(stream, createWriteStream(target));
  });
}
