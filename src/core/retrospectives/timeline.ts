import type { IncidentWithTimeline, RunbookStepEvent, TimelineEvent } from '../incidents/model';
import type { ExecutionRecord, StepRunFacts } from '../runbooks/executionRecord';
import { describeUnknownEvent } from '../incidents/describe';
import { codeSpan, escapeInline, safeLinkTarget, truncate } from './escape';

/**
 * The retrospective's timeline, built by tooling instead of by hand: the incident's own
 * events, the runbook steps run for it, and the commits made around it, merged in time
 * order with duplicates removed.
 */

export interface CommitInfo {
  sha: string;
  /** ISO 8601; the committer date (when the change landed). */
  at: string;
  author: string;
  subject: string;
  /** Web page of the commit, when the remote is known. */
  url?: string;
}

export type TimelineSource = 'incident' | 'runbook' | 'commit';

export interface TimelineEntry {
  /** ISO 8601 UTC; an unparseable time sorts last and shows as unknown. */
  at: string;
  source: TimelineSource;
  /** Inline markdown, already escaped. */
  text: string;
}

export interface TimelineInput {
  incident: Pick<IncidentWithTimeline, 'id' | 'timeline'>;
  executions: readonly ExecutionRecord[];
  commits: readonly CommitInfo[];
}

export const TIMELINE_START = '<!-- incident-desk:timeline:start -->';
export const TIMELINE_END = '<!-- incident-desk:timeline:end -->';

/** How far before the declaration and after the resolution commits count: a deploy shortly before is often a contributing factor. */
export const DEFAULT_WINDOW = { leadMs: 2 * 60 * 60 * 1000, trailMs: 30 * 60 * 1000 } as const;
/** A runbook_step event is recorded when the step ends (or starts); both are the same run within this slack. */
const SAME_RUN_SLACK_MS = 5 * 60 * 1000;
const MAX_TEXT = 500;
const MAX_COMMAND = 200;
const SOURCE_RANK: Record<TimelineSource, number> = { incident: 0, runbook: 1, commit: 2 };

export interface IncidentWindow {
  /** Declaration to resolution (or now): when runbook runs without an incident id count. */
  start: number;
  end: number;
  /** The wider window for commits. */
  commitsFrom: number;
  commitsTo: number;
}

export function incidentWindow(
  incident: { declaredAt: string; resolvedAt?: string },
  now: Date,
  options: { leadMs?: number; trailMs?: number } = {},
): IncidentWindow {
  const start = Date.parse(incident.declaredAt);
  if (Number.isNaN(start)) throw new Error('The incident has no valid declaration time.');
  const resolved = incident.resolvedAt === undefined ? Number.NaN : Date.parse(incident.resolvedAt);
  const end = Number.isNaN(resolved) ? now.getTime() : resolved;
  return {
    start,
    end,
    commitsFrom: start - (options.leadMs ?? DEFAULT_WINDOW.leadMs),
    commitsTo: end + (options.trailMs ?? DEFAULT_WINDOW.trailMs),
  };
}

/** Runs recorded for this incident, plus runs with no incident that happened while it was open. */
export function executionsForIncident(
  records: readonly ExecutionRecord[],
  incidentId: string,
  window: IncidentWindow,
): ExecutionRecord[] {
  return records.filter((record) => {
    if (record.incidentId !== undefined) return record.incidentId === incidentId;
    const at = Date.parse(record.startedAt);
    return at >= window.start && at <= window.end;
  });
}

export function commitsInWindow(commits: readonly CommitInfo[], window: IncidentWindow): CommitInfo[] {
  return commits.filter((commit) => {
    const at = Date.parse(commit.at);
    return at >= window.commitsFrom && at <= window.commitsTo;
  });
}

/** Merges the three sources into one list in time order, each fact once. */
export function mergeTimeline(input: TimelineInput): TimelineEntry[] {
  const events = uniqueBy(input.incident.timeline, (event) => event.id);
  const records = uniqueBy(input.executions, (r) => `${r.runbook}\u0000${r.stepIndex}\u0000${r.step}\u0000${r.startedAt}\u0000${r.user}`);
  const commits = uniqueBy(input.commits, (c) => c.sha.toLowerCase());

  const pairedRecords = new Set<ExecutionRecord>();
  const raw: TimelineEntry[] = [];
  for (const event of events) {
    if (event.type === 'runbook_step') {
      // One run, one line: the record knows when the step started, so it wins over the event.
      const record = records.find((r) => !pairedRecords.has(r) && isSameRun(event, r));
      if (record) pairedRecords.add(record);
      const run = record ?? runOf(event);
      raw.push({ at: run.startedAt, source: 'runbook', text: describeRun(run) });
      continue;
    }
    raw.push({ at: event.at, source: 'incident', text: describeEvent(event) });
  }
  for (const record of records) {
    if (!pairedRecords.has(record)) raw.push({ at: record.startedAt, source: 'runbook', text: describeRun(record) });
  }
  for (const commit of commits) raw.push({ at: commit.at, source: 'commit', text: describeCommit(commit) });

  const ordered = raw
    .map((entry, index) => ({ entry, index, time: timeOf(entry.at) }))
    .sort((a, b) => a.time - b.time || SOURCE_RANK[a.entry.source] - SOURCE_RANK[b.entry.source] || a.index - b.index)
    .map((item) => item.entry);
  // The same line at the same second from the same source is the same fact reported twice.
  return uniqueBy(ordered, (e) => `${formatUtc(e.at)}\u0000${e.source}\u0000${e.text}`);
}

/** The lines between the markers, markers included. */
export function renderTimelineBlock(entries: readonly TimelineEntry[]): string {
  const lines = entries.map((e) => `- ${formatUtc(e.at)} · ${e.source} · ${e.text}`);
  if (lines.length === 0) lines.push('_Nothing recorded in the incident window yet._');
  return [TIMELINE_START, ...lines, TIMELINE_END].join('\n');
}

export class RetrospectiveFormatError extends Error {
  override name = 'RetrospectiveFormatError';
}

/** Where the timeline block is (0-based line numbers of the marker lines), or why it cannot be found. */
export function findTimelineBlock(lines: readonly string[]): { start: number; end: number } | { problem: string } {
  const starts: number[] = [];
  const ends: number[] = [];
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1] ?? '';
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    if (line.trim() === TIMELINE_START) starts.push(index);
    if (line.trim() === TIMELINE_END) ends.push(index);
  });
  if (starts.length === 0 || ends.length === 0) {
    const missing = [starts.length === 0 ? TIMELINE_START : undefined, ends.length === 0 ? TIMELINE_END : undefined].filter(Boolean);
    return { problem: `The timeline markers are missing (${missing.join(' and ')}); put them back around the timeline so it can be refreshed.` };
  }
  if (starts.length > 1 || ends.length > 1) return { problem: 'The timeline markers appear more than once; keep one start and one end marker.' };
  const start = starts[0] ?? 0;
  const end = ends[0] ?? 0;
  if (end < start) return { problem: 'The timeline end marker comes before the start marker.' };
  return { start, end };
}

/**
 * Replaces only the timeline block; every other byte of the file stays as the team wrote it.
 * Throws RetrospectiveFormatError (and changes nothing) when the markers are not usable.
 */
export function refreshTimeline(markdown: string, entries: readonly TimelineEntry[]): string {
  const newline = markdown.includes('\r\n') ? '\r\n' : '\n';
  const lines = markdown.split(/\r?\n/);
  const found = findTimelineBlock(lines);
  if ('problem' in found) throw new RetrospectiveFormatError(found.problem);
  const indent = /^\s*/.exec(lines[found.start] ?? '')?.[0] ?? '';
  const block = renderTimelineBlock(entries)
    .split('\n')
    .map((line) => indent + line);
  return [...lines.slice(0, found.start), ...block, ...lines.slice(found.end + 1)].join(newline);
}

/** `2026-11-01 10:00:05 UTC`. */
export function formatUtc(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '(unknown time)';
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function isSameRun(event: RunbookStepEvent, record: ExecutionRecord): boolean {
  // Runs recorded by this version carry one id on both sides: exact.
  if (event.runId !== undefined && record.runId !== undefined) return event.runId === record.runId;
  // Older records and events: the same step, result and duration at the same time.
  if (event.step !== record.step || event.exitCode !== record.exitCode || event.durationMs !== record.durationMs) return false;
  if (normalizePath(event.runbook) !== normalizePath(record.runbook) && event.command !== record.command) return false;
  const eventAt = Date.parse(event.at);
  const startedAt = Date.parse(record.startedAt);
  if (Number.isNaN(eventAt) || Number.isNaN(startedAt)) return false;
  return eventAt >= startedAt - SAME_RUN_SLACK_MS && eventAt <= startedAt + record.durationMs + SAME_RUN_SLACK_MS;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase();
}

/** An incident's runbook_step event as the run it reports (its time is when it was posted). */
function runOf(event: RunbookStepEvent): StepRunFacts {
  return {
    ...(event.runId !== undefined ? { runId: event.runId } : {}),
    runbook: event.runbook,
    step: event.step,
    command: event.command,
    startedAt: event.at,
    durationMs: event.durationMs,
    exitCode: event.exitCode,
    user: event.author,
  };
}

function describeEvent(event: Exclude<TimelineEvent, RunbookStepEvent>): string {
  const by = `(${text(event.author)})`;
  switch (event.type) {
    case 'declared':
      return `Declared Sev ${event.severity}: ${text(event.title)} ${by}`;
    case 'severity_changed':
      return `Severity changed from Sev ${event.from} to Sev ${event.to} ${by}`;
    case 'status_changed':
      return `Status changed from ${text(event.from)} to ${text(event.to)} ${by}`;
    case 'role_assigned':
      return `${text(event.assignee)} took the ${text(roleLabel(event.role))} role ${by}`;
    case 'check_in':
      return `${text(event.author)} checked in`;
    case 'note':
      return `Note ${by}: ${text(event.text)}`;
    case 'status_update':
      return `${capitalize(text(event.audience))} update ${by}: Conditions: ${text(event.conditions)}; Actions: ${text(event.actions)}; Needs: ${text(event.needs)}`;
    case 'resolved':
      return `Resolved ${by}`;
    case 'alert_firing':
      return `Alert ${text(event.alertName)} fired ${by}`;
    case 'alert_resolved':
      return `Alert ${text(event.alertName)} resolved ${by}`;
    case 'alert_group_resolved':
      return `All ${event.alerts} alert(s) of the group resolved ${by}`;
    case 'delivery':
      return `Stakeholder update ${text(event.detail)}`;
    case 'unknown':
      return `${text(describeUnknownEvent(event))} ${by}`;
  }
}

function describeRun(run: StepRunFacts): string {
  const outcome = run.exitCode === null ? 'exit code unknown' : `exit ${run.exitCode}`;
  const command = commandOnOneLine(run.command);
  const cmd = command === '' ? '' : ` ${codeSpan(truncate(command, MAX_COMMAND))}`;
  return `Ran ${codeSpan(run.runbook)} step “${text(run.step)}”${cmd}: ${outcome} after ${formatDuration(run.durationMs)} (${text(run.user)})`;
}

/**
 * A timeline entry is one markdown line, so a multi-line step's lines are joined with
 * a visible ⏎ where the newlines were: squashed into spaces, `tail -n 10` and the next
 * line's `echo` would read as one command. Blank lines carry nothing and are dropped.
 */
export function commandOnOneLine(command: string): string {
  return command
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ⏎ ');
}

function describeCommit(commit: CommitInfo): string {
  const short = commit.sha.slice(0, 7);
  const label = /^[0-9a-f]{7,64}$/i.test(commit.sha) ? short : escapeInline(short);
  const url = safeLinkTarget(commit.url);
  const ref = url ? `[${label}](${url})` : label;
  return `Commit ${ref} ${text(commit.subject)} (${text(commit.author)})`;
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'an unknown time';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

function roleLabel(role: string): string {
  return role === 'sme' ? 'subject matter expert' : role === 'communications' ? 'communications lead' : role === 'technical' ? 'technical lead' : role;
}

function text(value: string): string {
  return escapeInline(truncate(value, MAX_TEXT));
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function timeOf(iso: string): number {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}
