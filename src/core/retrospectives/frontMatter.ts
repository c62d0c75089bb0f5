import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { SEVERITIES, type IncidentWithTimeline, type Severity } from '../incidents/model';
import { singleLine } from './escape';
import type { IssueRef, RetroDiagnostic } from './followUps';

/**
 * The retrospective's YAML front matter: the data later insights read (severity trends,
 * time to action and to resolve, repeat contributing factors, follow-up completion).
 */

export const RETRO_STATUSES = ['draft', 'in-review', 'published'] as const;
export type RetroStatus = (typeof RETRO_STATUSES)[number];

export interface RetroFollowUpData {
  title: string;
  owner: string;
  due: string;
  issue: IssueRef | null;
}

export interface RetroRoles {
  commander?: string;
  communications?: string;
  technical?: string;
  scribe?: string;
  smes: string[];
}

/** Keys and order exactly as the retrospective format defines them. */
export interface RetroFrontMatter {
  id: string;
  title: string;
  severity: Severity;
  status: RetroStatus;
  services: string[];
  customers: string[];
  tags: string[];
  declared_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  time_to_action_s: number | null;
  duration_s: number | null;
  roles: RetroRoles;
  contributing_factors: string[];
  follow_ups: RetroFollowUpData[];
  /** Commits (full or abbreviated shas) whose change triggered the incident; change failure rate and code memory read them. */
  trigger_commits: string[];
  /** Commits that fixed it. */
  fix_commits: string[];
}

const FLOW_LISTS = ['services', 'customers', 'tags', 'contributing_factors', 'trigger_commits', 'fix_commits'] as const;
const SINGLE_ROLE_KEYS = ['commander', 'communications', 'technical', 'scribe'] as const;
/** Bounds alias expansion ("billion laughs"); front matter has no use for many. */
const MAX_ALIASES = 50;

export function buildFrontMatter(incident: IncidentWithTimeline): RetroFrontMatter {
  const singles: Partial<Record<(typeof SINGLE_ROLE_KEYS)[number], string>> = {};
  for (const key of SINGLE_ROLE_KEYS) {
    const holder = incident.roles[key];
    if (holder !== undefined && holder !== '') singles[key] = clean(holder);
  }
  const roles: RetroRoles = { ...singles, smes: incident.roles.smes.map(clean) };
  return {
    id: clean(incident.id),
    title: clean(incident.title),
    severity: incident.severity,
    status: 'draft',
    services: incident.services.map(clean),
    customers: incident.customers.map(clean),
    tags: incident.tags.map(clean),
    declared_at: incident.declaredAt,
    acknowledged_at: incident.acknowledgedAt ?? null,
    resolved_at: incident.resolvedAt ?? null,
    time_to_action_s: timeToActionSeconds(incident),
    duration_s: secondsBetween(incident.declaredAt, incident.resolvedAt),
    roles,
    contributing_factors: [],
    follow_ups: [],
    trigger_commits: [],
    fix_commits: [],
  };
}

/** Declaration to the first responder's check-in; the acknowledgement when nobody checked in. */
export function timeToActionSeconds(incident: Pick<IncidentWithTimeline, 'declaredAt' | 'acknowledgedAt' | 'timeline'>): number | null {
  const declared = Date.parse(incident.declaredAt);
  if (Number.isNaN(declared)) return null;
  const checkIns = incident.timeline
    .filter((e) => e.type === 'check_in')
    .map((e) => Date.parse(e.at))
    .filter((t) => !Number.isNaN(t));
  const firstAction = checkIns.length > 0 ? Math.min(...checkIns) : incident.acknowledgedAt ? Date.parse(incident.acknowledgedAt) : Number.NaN;
  if (Number.isNaN(firstAction)) return null;
  return Math.max(0, Math.round((firstAction - declared) / 1000));
}

function secondsBetween(from: string, to: string | undefined): number | null {
  if (to === undefined) return null;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.max(0, Math.round((b - a) / 1000));
}

export function stringifyFrontMatter(frontMatter: RetroFrontMatter): string {
  const doc = new Document(frontMatter);
  for (const key of FLOW_LISTS) {
    const node = doc.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  const roles = doc.get('roles', true);
  if (isMap(roles)) {
    const smes = roles.get('smes', true);
    if (isSeq(smes)) smes.flow = true;
  }
  return doc.toString({ lineWidth: 0 });
}

export interface FrontMatterBlock {
  /** 0-based line of the closing fence; the body starts after it. */
  endLine: number;
  yaml: string;
}

/** The `---` block at the very top of the file (after a BOM), if it is closed. */
export function findFrontMatterBlock(lines: readonly string[]): FrontMatterBlock | undefined {
  if ((lines[0] ?? '').replace(/^\uFEFF/, '').trimEnd() !== '---') return undefined;
  for (let i = 1; i < lines.length; i++) {
    if (/^(---|\.\.\.)\s*$/.test(lines[i] ?? '')) return { endLine: i, yaml: lines.slice(1, i).join('\n') };
  }
  return undefined;
}

/** Reads and checks the front matter; problems become diagnostics on the right line. */
export function readFrontMatter(lines: readonly string[]): { frontMatter: RetroFrontMatter | undefined; diagnostics: RetroDiagnostic[] } {
  const block = findFrontMatterBlock(lines);
  if (!block) {
    return { frontMatter: undefined, diagnostics: [{ line: 1, severity: 'error', message: 'The retrospective has no YAML front matter (a --- block at the top of the file).' }] };
  }
  const doc = parseDocument(block.yaml, { schema: 'core', prettyErrors: false, uniqueKeys: true });
  const diagnostics: RetroDiagnostic[] = [];
  for (const problem of doc.errors) {
    diagnostics.push({ line: 2 + (problem.linePos?.[0]?.line ?? 1) - 1, severity: 'error', message: `Front matter: ${problem.message.split('\n')[0]}` });
  }
  if (doc.errors.length > 0) return { frontMatter: undefined, diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return { frontMatter: undefined, diagnostics: [{ line: 1, severity: 'error', message: `Front matter: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { frontMatter: undefined, diagnostics: [{ line: 1, severity: 'error', message: 'The front matter must be a YAML mapping of keys to values.' }] };
  }
  const lineOf = (key: string): number => {
    const pair = isMap(doc.contents) ? doc.contents.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === key) : undefined;
    const offset = (pair?.key as { range?: [number, number, number] } | null)?.range?.[0];
    return offset === undefined ? 1 : 2 + block.yaml.slice(0, offset).split('\n').length - 1;
  };
  const checker = new Checker(data as Record<string, unknown>, lineOf, diagnostics);
  const frontMatter: RetroFrontMatter = {
    id: checker.requiredString('id'),
    title: checker.requiredString('title'),
    severity: checker.severity(),
    status: checker.status(),
    services: checker.stringList('services'),
    customers: checker.stringList('customers'),
    tags: checker.stringList('tags'),
    declared_at: checker.requiredString('declared_at'),
    acknowledged_at: checker.optionalString('acknowledged_at'),
    resolved_at: checker.optionalString('resolved_at'),
    time_to_action_s: checker.optionalNumber('time_to_action_s'),
    duration_s: checker.optionalNumber('duration_s'),
    roles: checker.roles(),
    contributing_factors: checker.stringList('contributing_factors'),
    follow_ups: checker.followUps(),
    trigger_commits: checker.stringList('trigger_commits'),
    fix_commits: checker.stringList('fix_commits'),
  };
  return { frontMatter, diagnostics };
}

/**
 * Sets top-level keys in the front matter and keeps everything else in it (other keys,
 * comments, order) as the team left it. The body is not touched.
 */
export function updateFrontMatter(markdown: string, changes: Partial<Pick<RetroFrontMatter, 'status' | 'follow_ups' | 'trigger_commits' | 'fix_commits'>>): string {
  const newline = markdown.includes('\r\n') ? '\r\n' : '\n';
  const lines = markdown.split(/\r?\n/);
  const block = findFrontMatterBlock(lines);
  if (!block) throw new Error('The retrospective has no YAML front matter to update.');
  const doc = parseDocument(block.yaml, { schema: 'core', prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(`The front matter is not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
  if (changes.status !== undefined) doc.set('status', changes.status);
  if (changes.follow_ups !== undefined) doc.set('follow_ups', doc.createNode(changes.follow_ups));
  for (const key of ['trigger_commits', 'fix_commits'] as const) {
    const shas = changes[key];
    if (shas === undefined) continue;
    const node = doc.createNode([...shas]);
    node.flow = true;
    doc.set(key, node);
  }
  const yaml = doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
  return [lines[0] ?? '---', ...yaml.split('\n'), ...lines.slice(block.endLine)].join(newline);
}

class Checker {
  constructor(
    private readonly data: Record<string, unknown>,
    private readonly lineOf: (key: string) => number,
    private readonly diagnostics: RetroDiagnostic[],
  ) {}

  requiredString(key: string): string {
    const value = this.data[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
    this.problem(key, `Front matter: '${key}' must be a non-empty text value.`);
    return '';
  }

  optionalString(key: string): string | null {
    const value = this.data[key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    this.problem(key, `Front matter: '${key}' must be a text value or null.`);
    return null;
  }

  optionalNumber(key: string): number | null {
    const value = this.data[key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    this.problem(key, `Front matter: '${key}' must be a number or null.`);
    return null;
  }

  severity(): Severity {
    const value = this.data.severity;
    if ((SEVERITIES as readonly unknown[]).includes(value)) return value as Severity;
    this.problem('severity', `Front matter: 'severity' must be one of ${SEVERITIES.join(', ')}.`);
    return 4;
  }

  status(): RetroStatus {
    const value = this.data.status;
    if (value === undefined) return 'draft';
    if ((RETRO_STATUSES as readonly unknown[]).includes(value)) return value as RetroStatus;
    this.problem('status', `Front matter: 'status' must be one of ${RETRO_STATUSES.join(', ')}.`);
    return 'draft';
  }

  stringList(key: string): string[] {
    const value = this.data[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
    this.problem(key, `Front matter: '${key}' must be a list of text values.`);
    return [];
  }

  roles(): RetroRoles {
    const value = this.data.roles;
    const roles: RetroRoles = { smes: [] };
    if (value === undefined || value === null) return roles;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem('roles', "Front matter: 'roles' must be a mapping of role to person.");
      return roles;
    }
    const map = value as Record<string, unknown>;
    for (const key of SINGLE_ROLE_KEYS) {
      const holder = map[key];
      if (typeof holder === 'string' && holder !== '') roles[key] = holder;
      else if (holder !== undefined && holder !== null) this.problem('roles', `Front matter: 'roles.${key}' must be a name.`);
    }
    const smes = map.smes;
    if (Array.isArray(smes) && smes.every((s) => typeof s === 'string')) roles.smes = smes;
    else if (smes !== undefined && smes !== null) this.problem('roles', "Front matter: 'roles.smes' must be a list of names.");
    return roles;
  }

  followUps(): RetroFollowUpData[] {
    const value = this.data.follow_ups;
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem('follow_ups', "Front matter: 'follow_ups' must be a list.");
      return [];
    }
    const out: RetroFollowUpData[] = [];
    value.forEach((item: unknown, index) => {
      const entry = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
      const issue = entry?.issue;
      if (
        entry &&
        typeof entry.title === 'string' &&
        typeof entry.owner === 'string' &&
        typeof entry.due === 'string' &&
        (issue === undefined || issue === null || typeof issue === 'number' || typeof issue === 'string')
      ) {
        out.push({ title: entry.title, owner: entry.owner, due: entry.due, issue: (issue as IssueRef | null | undefined) ?? null });
      } else {
        this.problem('follow_ups', `Front matter: follow_ups item ${index + 1} needs title, owner and due (and optionally issue).`);
      }
    });
    return out;
  }

  private problem(key: string, message: string): void {
    this.diagnostics.push({ line: this.lineOf(key), severity: 'error', message });
  }
}

function clean(text: string): string {
  return singleLine(text);
}
