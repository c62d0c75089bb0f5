import type { IncidentWithTimeline } from '../incidents/model';
import type { ExecutionRecord } from '../runbooks/executionRecord';
import { escapeInline, escapeParagraphs } from './escape';
import { buildFrontMatter, stringifyFrontMatter } from './frontMatter';
import { SECTIONS, promptLine, type SectionKey } from './sections';
import {
  commitsInWindow,
  executionsForIncident,
  incidentWindow,
  mergeTimeline,
  renderTimelineBlock,
  type CommitInfo,
  type TimelineEntry,
} from './timeline';

export interface RetrospectiveInput {
  incident: IncidentWithTimeline;
  /** Every record at hand; only the incident's runs are used. */
  executions: readonly ExecutionRecord[];
  /** Commits around the incident; only those in its window are used. */
  commits: readonly CommitInfo[];
  /** More customer-impact facts, already markdown (the error budget the incident consumed, per SLO). */
  impactLines?: readonly string[];
}

/** The incident's timeline from all three sources, window applied. `now` closes an unresolved incident's window. */
export function buildTimeline(input: RetrospectiveInput, now: Date): TimelineEntry[] {
  const window = incidentWindow(input.incident, now);
  return mergeTimeline({
    incident: input.incident,
    executions: executionsForIncident(input.executions, input.incident.id, window),
    commits: commitsInWindow(input.commits, window),
  });
}

/** A new retrospective: front matter, the sections in order with their prompts, and the timeline. */
export function renderRetrospective(input: RetrospectiveInput, now: Date): string {
  const { incident } = input;
  const prefill: Partial<Record<SectionKey, string>> = {
    summary: incident.summary.trim() === '' ? undefined : escapeParagraphs(incident.summary),
    customer_impact: impactFacts(incident, input.impactLines ?? []),
    timeline: renderTimelineBlock(buildTimeline(input, now)),
  };
  const out = ['---', stringifyFrontMatter(buildFrontMatter(incident)).trimEnd(), '---', ''];
  out.push(`# Retrospective: ${escapeInline(incident.id)} ${escapeInline(incident.title)}`, '');
  for (const section of SECTIONS) {
    out.push(`## ${section.title}`, '', promptLine(section), '');
    const text = prefill[section.key];
    if (text !== undefined) out.push(text, '');
  }
  return out.join('\n');
}

function impactFacts(incident: IncidentWithTimeline, extra: readonly string[]): string | undefined {
  const facts: string[] = [];
  if (incident.customers.length > 0) facts.push(`Customers named on the incident: ${incident.customers.map(escapeInline).join(', ')}.`);
  if (incident.services.length > 0) facts.push(`Services involved: ${incident.services.map(escapeInline).join(', ')}.`);
  facts.push(...extra);
  return facts.length === 0 ? undefined : facts.join('\n');
}
