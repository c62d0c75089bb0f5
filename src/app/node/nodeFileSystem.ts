import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../../shared/atomicFile';
import { createFileAtomically } from '../../shared/newFile';
import type { FileSystem } from '../ports/fileSystem';

/** The FileSystem port on the machine's disk. */
export const nodeFileSystem: FileSystem = {
  realPath: (path) => fs.realpath(path),
  isDirectory: async (path) => (await fs.stat(path).catch(() => undefined))?.isDirectory() === true,
  readText: async (path) => {
    try {
      return await fs.readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  fileNames: async (folder) => {
    try {
      return (await fs.readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  },
  createNew: (path, content) => createFileAtomically(path, content),
  replace: (path, content) => writeFileAtomic(path, content),
};
