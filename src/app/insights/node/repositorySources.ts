import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { retrospectiveFacts } from '../../../core/insights/retrospectiveFacts';
import type { RetrospectiveFacts } from '../../../core/insights/types';
import { parsePolicyFile, POLICY_FILE } from '../../../core/policy/policyFile';
import { DEFAULT_TEAM_POLICY, type TeamPolicy } from '../../../core/policy/schema';
import { DEFAULT_RETROSPECTIVES_FOLDER } from '../../../core/retrospectives/naming';


/** The policy in force: the file's when it reads without errors (its problems are the policy view's to show). */
export async function readTeamPolicy(repoRoot: string): Promise<TeamPolicy> {
  let text: string;
  try {
    text = await fs.readFile(join(repoRoot, POLICY_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_TEAM_POLICY;
    throw error;
  }
  return parsePolicyFile(text).policy;
}

/**
 * Every retrospective under the folder (subfolders too): `.md` files whose front
 * matter reads. Others (a README, a draft without front matter) are skipped.
 */
export async function readRetrospectives(repoRoot: string, folder: string = DEFAULT_RETROSPECTIVES_FOLDER): Promise<RetrospectiveFacts[]> {
  const root = join(repoRoot, folder);
  const files = await markdownFiles(root);
  const out: RetrospectiveFacts[] = [];
  // Bounded parallelism: a thousand files at once would exhaust file descriptors on some systems.
  for (let i = 0; i < files.length; i += 64) {
    const batch = await Promise.all(
      files.slice(i, i + 64).map(async (file) => retrospectiveFacts(relative(repoRoot, file).split(sep).join('/'), await fs.readFile(file, 'utf8'))),
    );
    for (const facts of batch) if (facts) out.push(facts);
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * What the retrospectives folder holds now, as one string of path, size and mtime per
 * file: equal stamps mean readRetrospectives would read the same. Lets a long-lived
 * cache notice a change its file watcher did not report (watchers drop events under
 * load and on network file systems).
 */
export async function retrospectivesStamp(repoRoot: string, folder: string = DEFAULT_RETROSPECTIVES_FOLDER): Promise<string> {
  const files = await markdownFiles(join(repoRoot, folder));
  const parts = await Promise.all(
    files.map(async (file) => {
      const stat = await fs.stat(file).catch(() => undefined);
      return stat ? `${file}\0${stat.size}\0${stat.mtimeMs}` : `${file}\0gone`;
    }),
  );
  return parts.sort().join('\n');
}

async function markdownFiles(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) out.push(...(await markdownFiles(path)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md') && entry.name.toLowerCase() !== 'readme.md') out.push(path);
  }
  return out;
}
