import type { FileSystem } from '../ports/fileSystem';
import type { StepFolders } from './ports';
import { resolveStepCwd } from './stepCwd';

/** Steps of the runbook at `baseFile` run in its folder or below `cwd`, never outside `repoRoot`. */
export function stepFoldersFor(files: Pick<FileSystem, 'realPath' | 'isDirectory'>, baseFile: string, repoRoot: string): StepFolders {
  return { folderFor: (step) => resolveStepCwd(files, baseFile, repoRoot, step.attributes.cwd) };
}
