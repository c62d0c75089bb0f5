import { simpleGit } from 'simple-git';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { baseGitEnv, GIT_ENV_KEYS } from '../../../github/gitEnv';

/** The git work tree the folder is in; the folder itself when it is not in one (retrospectives only, no deploys). */
export async function repositoryRoot(dir: string): Promise<string> {
  const absolute = resolve(dir);
  try {
    const top = (await simpleGit({ baseDir: absolute, allowEnvironment: [...GIT_ENV_KEYS] }).env(baseGitEnv()).raw(['rev-parse', '--show-toplevel'])).trim();
    return top === '' ? absolute : realpathSync(top);
  } catch {
    return absolute;
  }
}
