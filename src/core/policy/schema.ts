import type { Node } from 'yaml';
import { DEFAULT_POLICY, type SeverityPolicy } from '../incidents/policy';
import type { PolicyReadContext } from './readContext';
import { insightsSection, DEFAULT_INSIGHTS_POLICY, type InsightsPolicy } from './sections/insights';
import { runbooksSection, DEFAULT_RUNBOOKS_POLICY, type RunbooksPolicy } from './sections/runbooks';
import { sloBurnSection, DEFAULT_SLO_BURN_POLICY, type SloBurnPolicy } from './sections/sloBurn';
import { commanderHandoffSection, reviewIntervalSection, severitiesSection } from './sections/severities';

/**
 * The team's policy file, `.incident-desk/policy.yaml`: one entry per top-level key.
 * A section reads its own YAML into the policy and reports its own mistakes; a new
 * key (insights:, slo_burn:) is a new entry in POLICY_SECTIONS and a row in README's
 * "Policy file" table, never a reader of its own elsewhere.
 */
export interface PolicySection {
  /** One line for README and for the unknown-key warning. */
  description: string;
  read(node: Node | null, ctx: PolicyReadContext, into: TeamPolicy): void;
}

/** Everything the policy file decides; consumers of the severity part take it as a SeverityPolicy. */
export interface TeamPolicy extends SeverityPolicy {
  runbooks: RunbooksPolicy;
  sloBurn: SloBurnPolicy;
  insights: InsightsPolicy;
}

export const POLICY_SECTIONS: Record<string, PolicySection> = {
  severities: severitiesSection,
  commander_handoff_after: commanderHandoffSection,
  runbook_review_interval_days: reviewIntervalSection,
  runbooks: runbooksSection,
  slo_burn: sloBurnSection,
  insights: insightsSection,
};

export const DEFAULT_TEAM_POLICY: TeamPolicy = Object.freeze({
  ...DEFAULT_POLICY,
  runbooks: DEFAULT_RUNBOOKS_POLICY,
  sloBurn: DEFAULT_SLO_BURN_POLICY,
  insights: DEFAULT_INSIGHTS_POLICY,
});

/** A fresh, writable copy for a section to fill in. */
export function defaultTeamPolicy(): TeamPolicy {
  return structuredClone(DEFAULT_TEAM_POLICY);
}
