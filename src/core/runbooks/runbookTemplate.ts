import { slugify } from './stepNames';

/**
 * The file "Create Runbook" writes: front matter that lints clean apart from the
 * placeholders a team fills in, one check step, and the structure DOMAIN.md asks
 * for (what it is for, services, owner, review date).
 */

export const MAX_TITLE_LENGTH = 200;

/** A usable title, or why not. Titles become YAML and a heading, so they stay on one line. */
export function validateRunbookTitle(raw: string): { ok: true; title: string } | { ok: false; error: string } {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (title === '') return { ok: false, error: 'A runbook needs a title.' };
  if (title.length > MAX_TITLE_LENGTH) return { ok: false, error: `Keep the title under ${MAX_TITLE_LENGTH} characters.` };
  if (/[\u0000-\u001f\u007f]/.test(title)) return { ok: false, error: 'The title contains control characters.' };
  if (slugify(title) === '') return { ok: false, error: 'The title needs at least one letter or digit for the file name.' };
  return { ok: true, title };
}

/** `Roll back a bad deploy` → `roll-back-a-bad-deploy.md`. */
export function runbookFileName(title: string): string {
  return `${slugify(title) || 'runbook'}.md`;
}

export function runbookTemplate(title: string, today: Date): string {
  const reviewed = today.toISOString().slice(0, 10);
  // JSON strings are valid YAML double-quoted scalars: any title stays data.
  const yamlTitle = JSON.stringify(title);
  const heading = title.replace(/^#+\s*/, '');
  return [
    '---',
    `title: ${yamlTitle}`,
    'services: [your-service]',
    'alerts: []',
    'owner: your-team',
    `last_reviewed: ${reviewed}`,
    'params:',
    '  TARGET_ENV: { description: "Environment to act on, e.g. staging", default: staging }',
    '---',
    '',
    `# ${heading}`,
    '',
    'When to use this runbook, and what "done" looks like.',
    '',
    '## 1. Check the current state',
    '',
    '```sh { name=check }',
    'echo "Checking $TARGET_ENV"',
    '```',
    '',
    '## 2. Fix it',
    '',
    'Describe the fix. Steps that change things ask before they run when marked `confirm=true`.',
    '',
    '```sh { name=fix confirm=true }',
    'echo "Fixing $TARGET_ENV"',
    '```',
    '',
  ].join('\n');
}

/**
 * The folder new runbooks go to: the fixed start of the first runbook glob
 * (`docs/runbooks/**\/*.md` → `docs/runbooks`), else `runbooks`.
 */
export function runbookFolderFromGlobs(globs: readonly string[]): string {
  const first = globs[0] ?? '';
  const fixed: string[] = [];
  for (const segment of first.split('/')) {
    if (/[*?[\]{}!]/.test(segment) || segment.endsWith('.md')) break;
    if (segment === '' || segment === '.' || segment === '..') continue;
    fixed.push(segment);
  }
  return fixed.length > 0 ? fixed.join('/') : 'runbooks';
}
