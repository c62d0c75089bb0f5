/**
 * The sections of a retrospective, in the order teams write and read them, each with a
 * one-line prompt that the team deletes as it writes. The wording is blameless on
 * purpose: contributing factors and conditions, never a single cause or a person.
 */
export interface SectionSpec {
  key: SectionKey;
  title: string;
  prompt: string;
}

export type SectionKey =
  | 'summary'
  | 'customer_impact'
  | 'follow_ups'
  | 'contributing_factors'
  | 'narrative'
  | 'timeline'
  | 'technical_analysis'
  | 'process_analysis';

export const SECTIONS: readonly SectionSpec[] = [
  {
    key: 'summary',
    title: 'Summary',
    prompt: 'In two or three sentences: what customers experienced, the contributing factors, how it was resolved, and how it was classified.',
  },
  {
    key: 'customer_impact',
    title: 'Customer impact',
    prompt: 'Who was affected and how: how many customers, partial or total, for how long. Tag customers for reporting.',
  },
  {
    key: 'follow_ups',
    title: 'Follow-up actions',
    prompt: 'One task per line, `- [ ] What will change — @owner, due YYYY-MM-DD`; each becomes a GitHub issue when the retrospective is submitted.',
  },
  {
    key: 'contributing_factors',
    title: 'Contributing factors',
    prompt: 'The conditions that together made this possible — there is rarely only one. Where a decision mattered, describe what made it reasonable at the time.',
  },
  {
    key: 'narrative',
    title: 'Narrative',
    prompt: 'Each participant tells their part: what they saw, what they knew then, and why their next step made sense.',
  },
  {
    key: 'timeline',
    title: 'Timeline',
    prompt: 'Built from the incident events, runbook runs and commits. Add context anywhere outside the markers; refreshing rebuilds only what is between them.',
  },
  {
    key: 'technical_analysis',
    title: 'Technical analysis',
    prompt: 'How the systems behaved: graphs, logs, and the mechanisms that turned the contributing factors into customer impact.',
  },
  {
    key: 'process_analysis',
    title: 'Incident management process analysis',
    prompt: 'How the team worked together: detection, roles, escalation, the cadence of updates, handoffs — what helped and what got in the way.',
  },
];

/** The prompt as it appears in the file: an italic line of its own. */
export function promptLine(section: SectionSpec): string {
  return `_${section.prompt}_`;
}

export function sectionByTitle(title: string): SectionSpec | undefined {
  const wanted = title.trim().toLowerCase();
  return SECTIONS.find((s) => s.title.toLowerCase() === wanted);
}

export function section(key: SectionKey): SectionSpec {
  const found = SECTIONS.find((s) => s.key === key);
  if (!found) throw new Error(`Unknown retrospective section ${key}`);
  return found;
}
