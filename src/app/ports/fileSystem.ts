/**
 * The file system as the use cases see it: absolute paths, text files, and the
 * two writes retrospectives need (create-never-replace, and replace-whole-file).
 * src/app/node/nodeFileSystem.ts is the real one; tests use an in-memory one.
 */
export interface FileSystem {
  /** The path with every link resolved; rejects when it does not exist. */
  realPath(path: string): Promise<string>;
  isDirectory(path: string): Promise<boolean>;
  /** The file's text, or undefined when there is no such file. */
  readText(path: string): Promise<string | undefined>;
  /** Names of the files (not folders) in a folder; empty when the folder does not exist. */
  fileNames(folder: string): Promise<string[]>;
  /** Creates the file (and its folder) with all of its content, or reports that the name is taken; never replaces. */
  createNew(path: string, content: string): Promise<'created' | 'exists'>;
  /** Replaces the file's content in one step: readers see the old or the new text, never a mix. */
  replace(path: string, content: string): Promise<void>;
}
