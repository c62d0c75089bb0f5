import * as path from 'node:path';
import type { FileSystem } from '../ports/fileSystem';

/**
 * The folder a step runs in: its `cwd` attribute resolved against the runbook's
 * folder (the runbook's folder itself when absent). Links are resolved before the
 * check, so neither `../../..` nor a symbolic link can lead outside the repository.
 */

export class StepCwdError extends Error {
  override name = 'StepCwdError';
}

export async function resolveStepCwd(files: Pick<FileSystem, 'realPath' | 'isDirectory'>, runbookFile: string, repoRoot: string, cwd: string | undefined): Promise<string> {
  const shown = JSON.stringify(cwd ?? '.');
  // Runbooks are shared: an absolute folder means a different place on every machine.
  if (cwd !== undefined && path.isAbsolute(cwd)) throw new StepCwdError(`The step's working folder ${shown} is absolute; write it relative to the runbook's folder.`);
  const target = path.resolve(path.dirname(runbookFile), cwd ?? '.');
  let real: string;
  try {
    real = await files.realPath(target);
  } catch {
    throw new StepCwdError(`The step's working folder ${shown} does not exist.`);
  }
  const root = await files.realPath(repoRoot);
  if (!isInside(root, real)) throw new StepCwdError(`The step's working folder ${shown} is outside the repository; refusing to run it.`);
  if (!(await files.isDirectory(real))) throw new StepCwdError(`The step's working folder ${shown} is not a folder.`);
  return real;
}

export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
