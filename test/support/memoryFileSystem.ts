import * as path from 'node:path';
import type { FileSystem } from '../../src/app/ports/fileSystem';

/**
 * The FileSystem port in memory, in the spirit of VS Code's markdown extension's
 * InMemoryWorkspace: files are a map from absolute path to text, folders exist
 * when a file is under them. No links, so a path is its own real path.
 */
export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [file, text] of Object.entries(initial)) this.files.set(path.resolve(file), text);
  }

  async realPath(target: string): Promise<string> {
    const resolved = path.resolve(target);
    if (!this.files.has(resolved) && !(await this.isDirectory(resolved))) throw new Error(`ENOENT: ${resolved}`);
    return resolved;
  }

  async isDirectory(target: string): Promise<boolean> {
    const prefix = `${path.resolve(target)}${path.sep}`;
    return [...this.files.keys()].some((file) => file.startsWith(prefix));
  }

  async readText(target: string): Promise<string | undefined> {
    return this.files.get(path.resolve(target));
  }

  async fileNames(folder: string): Promise<string[]> {
    const resolved = path.resolve(folder);
    return [...this.files.keys()].filter((file) => path.dirname(file) === resolved).map((file) => path.basename(file));
  }

  async createNew(target: string, content: string): Promise<'created' | 'exists'> {
    const resolved = path.resolve(target);
    if (this.files.has(resolved)) return 'exists';
    this.files.set(resolved, content);
    return 'created';
  }

  async replace(target: string, content: string): Promise<void> {
    this.files.set(path.resolve(target), content);
  }
}
