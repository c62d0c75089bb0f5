import { parseFollowUpLine, type FollowUp } from './followUps';
import { parseRetrospective, syncFrontMatter } from './parse';

export type IssueState = 'open' | 'closed';

export interface FollowUpStatusResult {
  markdown: string;
  /** Follow-ups whose issue is closed and that are now ticked. */
  ticked: FollowUp[];
  /** Ticked by hand while their issue is still open: reported, never unticked. */
  doneButOpen: FollowUp[];
  /** Linked issues GitHub did not report a state for. */
  unknown: FollowUp[];
}

/** The issue number a follow-up links to in this repository: `(#12)` or a URL ending in /issues/12. */
export function linkedIssueNumber(followUp: Pick<FollowUp, 'issue'>): number | undefined {
  if (typeof followUp.issue === 'number') return followUp.issue;
  const match = typeof followUp.issue === 'string' ? /\/issues\/(\d{1,9})$/.exec(followUp.issue) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * Ticks the follow-ups whose GitHub issue is closed, so "tracked to done" is visible in
 * the retrospective itself. Only the checkbox of those lines changes; every other
 * character of the file stays as the team wrote it.
 */
export function applyIssueStates(markdown: string, states: ReadonlyMap<number, IssueState>): FollowUpStatusResult {
  const newline = markdown.includes('\r\n') ? '\r\n' : '\n';
  const lines = markdown.split(/\r?\n/);
  const result: FollowUpStatusResult = { markdown, ticked: [], doneButOpen: [], unknown: [] };
  for (const followUp of parseRetrospective(markdown).followUps) {
    const issue = linkedIssueNumber(followUp);
    if (issue === undefined) continue;
    const state = states.get(issue);
    if (state === undefined) result.unknown.push(followUp);
    else if (state === 'open' && followUp.done) result.doneButOpen.push(followUp);
    else if (state === 'closed' && !followUp.done) {
      const index = followUp.line - 1;
      const ticked = (lines[index] ?? '').replace(/\[ \]/, '[x]');
      const reread = parseFollowUpLine(ticked, followUp.line);
      if (reread.kind !== 'follow-up' || !reread.followUp.done) continue;
      lines[index] = ticked;
      result.ticked.push({ ...followUp, done: true });
    }
  }
  if (result.ticked.length > 0) result.markdown = syncFrontMatter(lines.join(newline)).markdown;
  return result;
}
