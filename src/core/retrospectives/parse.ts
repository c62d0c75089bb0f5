import { forEachContentLine } from './contentLines';
import { readFrontMatter, updateFrontMatter, type RetroFollowUpData, type RetroFrontMatter, type RetroStatus } from './frontMatter';
import { appendIssueNumber, parseFollowUpLine, type FollowUp, type RetroDiagnostic } from './followUps';
import { SECTIONS, promptLine, sectionByTitle, type SectionSpec } from './sections';
import { findTimelineBlock } from './timeline';

/** A retrospective file read back: its data, its sections, its follow-ups, and what is wrong with it. */
export interface ParsedRetrospective {
  frontMatter: RetroFrontMatter | undefined;
  sections: ParsedSection[];
  followUps: FollowUp[];
  diagnostics: RetroDiagnostic[];
}

export interface ParsedSection {
  spec: SectionSpec;
  /** 1-based line of the `##` heading. */
  headingLine: number;
  /** The section's text as the team wrote it, without the untouched prompt line. */
  text: string;
}

export function parseRetrospective(markdown: string): ParsedRetrospective {
  const lines = markdown.split(/\r?\n/);
  const { frontMatter, diagnostics } = readFrontMatter(lines);
  const sections: ParsedSection[] = [];
  const followUps: FollowUp[] = [];

  for (const found of findSections(lines)) {
    const body = lines.slice(found.start, found.end);
    const prompt = promptLine(found.spec);
    sections.push({
      spec: found.spec,
      headingLine: found.headingIndex + 1,
      text: body.filter((line) => line.trim() !== prompt).join('\n').trim(),
    });
    if (found.spec.key !== 'follow_ups') continue;
    forEachContentLine(lines, found.start, found.end, (text, index) => {
      const result = parseFollowUpLine(text, index + 1);
      if (result.kind === 'follow-up') followUps.push(result.followUp);
      else if (result.kind === 'invalid') diagnostics.push(result.diagnostic);
    });
  }

  for (const spec of SECTIONS) {
    if (!sections.some((s) => s.spec.key === spec.key)) {
      diagnostics.push({ line: 1, severity: 'warning', message: `The section '## ${spec.title}' is missing.` });
    }
  }
  const timeline = findTimelineBlock(lines);
  if ('problem' in timeline) diagnostics.push({ line: 1, severity: 'warning', message: timeline.problem });
  diagnostics.sort((a, b) => a.line - b.line);
  return { frontMatter, sections, followUps, diagnostics };
}

export function hasErrors(parsed: Pick<ParsedRetrospective, 'diagnostics'>): boolean {
  return parsed.diagnostics.some((d) => d.severity === 'error');
}

/** The front matter's `follow_ups` as the task list says (the list is what people edit). */
export function followUpData(followUps: readonly FollowUp[]): RetroFollowUpData[] {
  return followUps.map((f) => ({ title: f.title, owner: f.owner, due: f.due, issue: f.issue }));
}

/**
 * Copies the task list into the front matter (and optionally sets the status), keeping
 * every other line as it is. Malformed follow-up lines stay in the file and come back as
 * diagnostics.
 */
export function syncFrontMatter(markdown: string, options: { status?: RetroStatus } = {}): { markdown: string; diagnostics: RetroDiagnostic[] } {
  const parsed = parseRetrospective(markdown);
  if (!parsed.frontMatter) return { markdown, diagnostics: parsed.diagnostics };
  const changes: { follow_ups: RetroFollowUpData[]; status?: RetroStatus } = { follow_ups: followUpData(parsed.followUps) };
  if (options.status !== undefined) changes.status = options.status;
  const unchanged =
    JSON.stringify(parsed.frontMatter.follow_ups) === JSON.stringify(changes.follow_ups) &&
    (changes.status === undefined || changes.status === parsed.frontMatter.status);
  return { markdown: unchanged ? markdown : updateFrontMatter(markdown, changes), diagnostics: parsed.diagnostics };
}

export interface IssueLink {
  /** 1-based line of the follow-up. */
  line: number;
  /** The follow-up's title, to check the line is still the same follow-up. */
  title: string;
  issueNumber: number;
}

/**
 * Writes issue numbers back: ` (#n)` at the end of each follow-up line, then the front
 * matter. Throws (changing nothing) when a line no longer holds that follow-up.
 */
export function linkFollowUpIssues(markdown: string, links: readonly IssueLink[]): string {
  const newline = markdown.includes('\r\n') ? '\r\n' : '\n';
  const lines = markdown.split(/\r?\n/);
  for (const link of links) {
    const current = lines[link.line - 1];
    const parsed = current === undefined ? undefined : parseFollowUpLine(current, link.line);
    if (parsed?.kind !== 'follow-up' || parsed.followUp.title !== link.title || parsed.followUp.issue !== null) {
      throw new Error(`Line ${link.line} no longer holds the follow-up '${link.title}' without an issue; the issue number #${link.issueNumber} was not written.`);
    }
    lines[link.line - 1] = appendIssueNumber(current ?? '', link.issueNumber);
  }
  return syncFrontMatter(lines.join(newline)).markdown;
}

interface FoundSection {
  spec: SectionSpec;
  headingIndex: number;
  /** 0-based, first line after the heading. */
  start: number;
  /** 0-based, exclusive. */
  end: number;
}

function findSections(lines: readonly string[]): FoundSection[] {
  const headings: { index: number; level: number; spec: SectionSpec | undefined }[] = [];
  forEachContentLine(lines, 0, lines.length, (line, index) => {
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) headings.push({ index, level: (heading[1] ?? '').length, spec: sectionByTitle(heading[2] ?? '') });
  });
  const found: FoundSection[] = [];
  headings.forEach((heading, i) => {
    if (heading.level !== 2 || !heading.spec) return;
    // A section runs to the next heading of the same or a higher level; its ### subsections belong to it.
    const next = headings.slice(i + 1).find((h) => h.level <= 2);
    found.push({ spec: heading.spec, headingIndex: heading.index, start: heading.index + 1, end: next ? next.index : lines.length });
  });
  return found;
}
