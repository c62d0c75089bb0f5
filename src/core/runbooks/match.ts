import type { RunbookFrontMatter } from './types';

/**
 * Which runbooks fit an incident, for the sidebar: a runbook matches when one of its
 * `services` or `alerts` equals one of the incident's services or tags (ignoring
 * case), or when one of its alert names appears as a word in the incident title
 * (alerts often name the incident: "HighLatencyP99 on checkout-api").
 */

/** A runbook as the matcher needs it (named apart from the editor's catalog `RunbookSummary`). */
export interface RunbookRef {
  path: string;
  frontMatter: RunbookFrontMatter | undefined;
}

export interface IncidentKeys {
  services: readonly string[];
  tags: readonly string[];
  title: string;
}

/** What made a runbook match, e.g. `service checkout-api`, `alert HighLatencyP99`. */
export function matchReasons(frontMatter: RunbookFrontMatter | undefined, incident: IncidentKeys): string[] {
  if (!frontMatter) return [];
  const keys = new Set([...incident.services, ...incident.tags].map(fold));
  const titleWords = new Set(incident.title.split(/[^A-Za-z0-9_-]+/).filter((w) => w !== '').map(fold));
  const reasons: string[] = [];
  for (const service of frontMatter.services) {
    if (keys.has(fold(service))) reasons.push(`service ${service}`);
  }
  for (const alert of frontMatter.alerts) {
    if (keys.has(fold(alert)) || titleWords.has(fold(alert))) reasons.push(`alert ${alert}`);
  }
  return reasons;
}

/**
 * The runbooks that fit, best first: more matching services and alerts first, then
 * by path so the order is stable.
 */
export function runbooksForIncident<T extends RunbookRef>(runbooks: readonly T[], incident: IncidentKeys): T[] {
  return runbooks
    .map((runbook) => ({ runbook, score: matchReasons(runbook.frontMatter, incident).length }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || (a.runbook.path < b.runbook.path ? -1 : a.runbook.path > b.runbook.path ? 1 : 0))
    .map((m) => m.runbook);
}

function fold(text: string): string {
  return text.trim().toLowerCase();
}
