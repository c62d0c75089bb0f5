/**
 * Follow-up actions are a markdown task list, one action per line:
 *   - [ ] Alert on replica lag > 10 s — @alice, due 2026-12-05
 *   - [x] Document the failover — Platform team, due 2026-12-01 (#123)
 * A line that looks like a follow-up but cannot be read is a diagnostic with its line
 * number: it is reported, never silently dropped.
 */

/** `123` for `(#123)`; the URL for an issue elsewhere. */
export type IssueRef = number | string;

export interface FollowUp {
  /** 1-based line in the file. */
  line: number;
  title: string;
  /** As written: `@alice` (a GitHub login) or a name such as `Platform team`. */
  owner: string;
  /** YYYY-MM-DD. */
  due: string;
  done: boolean;
  issue: IssueRef | null;
}

export interface RetroDiagnostic {
  /** 1-based. */
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export const FOLLOW_UP_EXAMPLE = '- [ ] What will change — @owner, due YYYY-MM-DD';

const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])(?:\s+|$)(.*)$/;
const TASK = /^\[([^\]]?)\]\s*(.*)$/;
const ISSUE_SHORT = /\s*\(#(\d{1,9})\)$/;
const ISSUE_URL_IN_PARENS = /\s*\((https?:\/\/[^\s()<>]+\/issues\/(\d{1,9}))\)$/;
const ISSUE_URL_BARE = /\s+(https?:\/\/[^\s()<>]+\/issues\/(\d{1,9}))$/;
/** Title, then the last dash (em, en, `--` or ` - `), then `owner, due date`. */
const ITEM = /^(.*\S)(?:\s*[—–]\s*|\s+--?\s+)(.+?),\s*due\s+(\S+)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const GITHUB_LOGIN = /^@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$/;

export type FollowUpLine = { kind: 'follow-up'; followUp: FollowUp } | { kind: 'invalid'; diagnostic: RetroDiagnostic } | { kind: 'other' };

/** Reads one line of the Follow-up actions section. `other` means prose, not a list item. */
export function parseFollowUpLine(text: string, line: number): FollowUpLine {
  const item = LIST_ITEM.exec(text.trimEnd());
  if (!item) return { kind: 'other' };
  const content = (item[2] ?? '').trim();
  const task = TASK.exec(content);
  if (!task) {
    return invalid(line, `Line ${line} is a list item without a checkbox; write each follow-up as \`${FOLLOW_UP_EXAMPLE}\`.`);
  }
  const box = task[1] ?? '';
  if (box !== ' ' && box !== 'x' && box !== 'X') {
    return invalid(line, `Line ${line}: the checkbox must be [ ] (open) or [x] (done), not [${box}].`);
  }
  let rest = (task[2] ?? '').trim();
  let issue: IssueRef | null = null;
  const short = ISSUE_SHORT.exec(rest);
  const inParens = short ? null : ISSUE_URL_IN_PARENS.exec(rest);
  const bare = short || inParens ? null : ISSUE_URL_BARE.exec(rest);
  if (short) issue = Number(short[1]);
  else if (inParens) issue = inParens[1] ?? null;
  else if (bare) issue = bare[1] ?? null;
  const found = short ?? inParens ?? bare;
  if (found) rest = rest.slice(0, found.index).trimEnd();

  if (rest === '') return invalid(line, `Line ${line}: the follow-up has no text; write \`${FOLLOW_UP_EXAMPLE}\`.`);
  const parts = ITEM.exec(rest);
  if (!parts) {
    const hint = /\bdue\b/i.test(rest) ? 'an owner before the due date' : 'an owner and a due date';
    return invalid(line, `Line ${line}: the follow-up needs ${hint}, as in \`${FOLLOW_UP_EXAMPLE}\`.`);
  }
  const title = (parts[1] ?? '').trim();
  const owner = (parts[2] ?? '').trim();
  const due = parts[3] ?? '';
  if (owner.startsWith('@') && !GITHUB_LOGIN.test(owner)) {
    return invalid(line, `Line ${line}: '${owner}' is not a valid GitHub login.`);
  }
  if (!isCalendarDate(due)) {
    return invalid(line, `Line ${line}: the due date '${due}' is not a real date in the form YYYY-MM-DD.`);
  }
  return { kind: 'follow-up', followUp: { line, title, owner, due, done: box !== ' ', issue } };
}

/** The canonical line for a follow-up (what write-back produces). */
export function formatFollowUpLine(followUp: Omit<FollowUp, 'line'>, indent = ''): string {
  const issue = followUp.issue === null ? '' : typeof followUp.issue === 'number' ? ` (#${followUp.issue})` : ` (${followUp.issue})`;
  return `${indent}- [${followUp.done ? 'x' : ' '}] ${followUp.title} — ${followUp.owner}, due ${followUp.due}${issue}`;
}

/** Adds ` (#n)` to a follow-up line as the team wrote it, changing nothing else on it. */
export function appendIssueNumber(lineText: string, issueNumber: number): string {
  return `${lineText.trimEnd()} (#${issueNumber})`;
}

/** The GitHub login when the owner is written as one (`@alice`), so it can be an assignee. */
export function githubLogin(owner: string): string | undefined {
  return GITHUB_LOGIN.exec(owner.trim())?.[1];
}

export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function invalid(line: number, message: string): FollowUpLine {
  return { kind: 'invalid', diagnostic: { line, severity: 'error', message } };
}
