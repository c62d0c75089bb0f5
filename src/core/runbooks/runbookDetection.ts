import type { ParsedRunbook } from './types';

/**
 * Whether a markdown file outside the runbook globs is a runbook anyway: its front
 * matter carries a key only runbooks have. `title` and `services` alone do not count,
 * since retrospectives and many static-site pages have those too.
 */
export function hasRunbookFrontMatter(parsed: Pick<ParsedRunbook, 'frontMatter'>): boolean {
  const fm = parsed.frontMatter;
  if (!fm) return false;
  return fm.alerts.length > 0 || fm.owner !== undefined || fm.lastReviewed !== undefined || Object.keys(fm.params).length > 0;
}
