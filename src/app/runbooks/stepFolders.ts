import * as path from 'node:path';
import type { FileSystem } from '../ports/fileSystem';
import type { StepFolders } from './ports';
import { resolveStepCwd } from './stepCwd';

/**
 * Steps of the runbook at `baseFile` run in its folder or below `cwd`, never
 * outside `repoRoot`. A front matter `cwd` (Runme) is the folder steps start from;
 * a step's own `cwd` is relative to it, as in Runme.
 */
export function stepFoldersFor(files: Pick<FileSystem, 'realPath' | 'isDirectory'>, baseFile: string, repoRoot: string, frontMatterCwd?: string): StepFolders {
  return { folderFor: (step) => resolveStepCwd(files, baseFile, repoRoot, joinCwd(frontMatterCwd, step.attributes.cwd)) };
}

function joinCwd(base: string | undefined, own: string | undefined): string | undefined {
  if (base === undefined) return own;
  if (own === undefined) return base;
  // An absolute step cwd stays absolute, so the check refuses it rather than it being re-rooted.
  return path.isAbsolute(own) ? own : path.join(base, own);
}
