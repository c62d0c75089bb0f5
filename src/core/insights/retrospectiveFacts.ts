import { parseRetrospective } from '../retrospectives/parse';
import { factorsFromSection } from './contributingFactors';
import type { RetrospectiveFacts } from './types';

/** What insights read from one retrospective file; undefined when it has no readable front matter. */
export function retrospectiveFacts(path: string, markdown: string): RetrospectiveFacts | undefined {
  const parsed = parseRetrospective(markdown);
  if (!parsed.frontMatter || parsed.frontMatter.id === '' || parsed.frontMatter.declared_at === '') return undefined;
  const section = parsed.sections.find((s) => s.spec.key === 'contributing_factors');
  return {
    path,
    frontMatter: parsed.frontMatter,
    contributingFactors: [...parsed.frontMatter.contributing_factors, ...factorsFromSection(section?.text ?? '')],
    followUps: parsed.followUps,
  };
}
