import { forEachContentLine } from '../retrospectives/contentLines';
import { parseFollowUpLine, type FollowUp } from '../retrospectives/followUps';
import { findFrontMatterBlock, readFrontMatter } from '../retrospectives/frontMatter';
import { sectionByTitle, type SectionKey } from '../retrospectives/sections';
import { factorsFromSection } from './contributingFactors';
import type { RetrospectiveFacts } from './types';

/**
 * What insights read from one retrospective file; undefined when it has no readable
 * front matter. A lean pass over the two sections insights need (Contributing factors,
 * Follow-up actions), skipping fenced code and HTML comments through the full parser's own forEachContentLine,
 * without its diagnostics and timeline checks: a thousand files must read in well under
 * a second. Follow-ups are read with the same line parser as everywhere else.
 */
export function retrospectiveFacts(path: string, markdown: string): RetrospectiveFacts | undefined {
  const lines = markdown.split(/\r?\n/);
  const { frontMatter } = readFrontMatter(lines);
  if (!frontMatter || frontMatter.id === '' || frontMatter.declared_at === '') return undefined;
  const start = (findFrontMatterBlock(lines)?.endLine ?? -1) + 1;
  const followUps: FollowUp[] = [];
  const factorLines: string[] = [];
  let section: SectionKey | undefined;
  forEachContentLine(lines, start, lines.length, (line, index) => {
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      // A ### subsection stays in its section; any other heading ends it.
      if ((heading[1] ?? '').length <= 2) section = (heading[1] ?? '').length === 2 ? sectionByTitle(heading[2] ?? '')?.key : undefined;
      return;
    }
    if (section === 'follow_ups') {
      const result = parseFollowUpLine(line, index + 1);
      if (result.kind === 'follow-up') followUps.push(result.followUp);
    } else if (section === 'contributing_factors') factorLines.push(line);
  });
  return {
    path,
    frontMatter,
    contributingFactors: [...frontMatter.contributing_factors, ...factorsFromSection(factorLines.join('\n'))],
    followUps,
  };
}
