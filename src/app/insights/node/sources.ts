import type { IncidentBackend } from '../../../backends/backend';
import type { TeamPolicy } from '../../../core/policy/schema';
import type { InsightsSources } from '../ports';
import { backendIncidents } from './backendIncidents';
import { gitDeploys } from './gitDeploys';
import { githubIssueStates } from './githubIssueStates';
import { readRetrospectives } from './repositorySources';

/** The real sources for one repository on disk, and a backend when there is one (without: retrospectives only). */
export function repositoryInsightsSources(options: {
  root: string;
  policy: TeamPolicy;
  backend?: IncidentBackend;
  retrospectivesFolder?: string;
  /** With a token, follow-ups whose linked issue is closed count as done (offline otherwise: the checkboxes). */
  github?: { token: string; apiBaseUrl?: string };
}): InsightsSources {
  const { root, policy, backend } = options;
  return {
    policy: async () => policy,
    ...(backend ? { incidents: (window, signal) => backendIncidents(backend, window, signal) } : {}),
    retrospectives: () => readRetrospectives(root, options.retrospectivesFolder),
    deploys: (deployTags) => gitDeploys(root, deployTags),
    ...(options.github ? { issueStates: githubIssueStates({ repoDir: root, ...options.github }) } : {}),
  };
}
