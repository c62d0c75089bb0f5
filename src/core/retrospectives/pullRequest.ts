import { escapeInline, singleLine, truncate } from './escape';
import type { RetroFrontMatter } from './frontMatter';
import { formatFollowUpLine, githubLogin, type FollowUp } from './followUps';
import type { ParsedRetrospective } from './parse';
import type { SectionKey } from './sections';

/**
 * What the pull request and the follow-up issues say. Pure, so the same words come out
 * of the editor and the command line, and a test can read them.
 */

const TITLE_MAX = 250;
export const RETROSPECTIVE_LABEL = 'retrospective';
export const FOLLOW_UP_LABEL = 'follow-up';

export function pullRequestTitle(frontMatter: Pick<RetroFrontMatter, 'id' | 'title'>): string {
  return truncate(singleLine(`Retrospective: ${frontMatter.id} ${frontMatter.title}`), TITLE_MAX);
}

export function pullRequestLabels(frontMatter: Pick<RetroFrontMatter, 'id' | 'severity'>): string[] {
  return [RETROSPECTIVE_LABEL, `sev-${frontMatter.severity}`, labelFor(frontMatter.id)];
}

/** Summary, severity, customer impact and follow-ups, as the reviewers need them. */
export function pullRequestBody(parsed: ParsedRetrospective, filePath: string): string {
  const fm = parsed.frontMatter;
  const sectionText = (key: SectionKey): string => {
    const text = parsed.sections.find((s) => s.spec.key === key)?.text ?? '';
    return text === '' ? '_Not written yet._' : text;
  };
  const followUps = parsed.followUps.length === 0 ? '_None yet._' : parsed.followUps.map((f) => formatFollowUpLine(f)).join('\n');
  const facts = fm
    ? [`**Incident:** ${escapeInline(fm.id)} ${escapeInline(fm.title)}`, `**Severity:** Sev ${fm.severity}`, ...duration(fm)].join(' · ')
    : '';
  return [
    facts,
    '',
    '## Summary',
    sectionText('summary'),
    '',
    '## Customer impact',
    sectionText('customer_impact'),
    '',
    '## Follow-up actions',
    followUps,
    '',
    '---',
    `The full retrospective, with its timeline, is in \`${filePath.replace(/`/g, '')}\` in this pull request.`,
    '',
  ].join('\n');
}

export interface IssueDraft {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

/** The GitHub issue that tracks one follow-up until it is done. */
export function followUpIssue(frontMatter: Pick<RetroFrontMatter, 'id' | 'title'>, followUp: FollowUp, pullRequestUrl: string | undefined): IssueDraft {
  const login = githubLogin(followUp.owner);
  const from = pullRequestUrl ? ` (${pullRequestUrl})` : '';
  return {
    title: truncate(singleLine(followUp.title), TITLE_MAX),
    body: [
      `Follow-up action from the retrospective of ${escapeInline(frontMatter.id)} ${escapeInline(frontMatter.title)}${from}.`,
      '',
      `**Owner:** ${escapeInline(followUp.owner)} · **Due:** ${followUp.due}`,
      '',
    ].join('\n'),
    labels: [FOLLOW_UP_LABEL, labelFor(frontMatter.id)],
    assignees: login ? [login] : [],
  };
}

/** GitHub label names are at most 50 characters. */
function labelFor(incidentId: string): string {
  return truncate(singleLine(incidentId), 50);
}

function duration(fm: RetroFrontMatter): string[] {
  if (fm.duration_s === null) return [];
  const minutes = Math.round(fm.duration_s / 60);
  return [`**Duration:** ${minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`}`];
}
